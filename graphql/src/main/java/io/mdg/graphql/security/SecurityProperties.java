package io.mdg.graphql.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How tokens are validated.
 *
 * @param issuer    the Keycloak realm's issuer URL, exactly as it appears in tokens ({@code MDG_KEYCLOAK_ISSUER})
 * @param jwksUri   where the signing keys are fetched ({@code MDG_KEYCLOAK_JWKS_URI}); defaults to the issuer's
 *                  certs endpoint. Differs from the issuer when the service reaches Keycloak by another host name.
 * @param audience  the audience every token must carry
 * @param clockSkew tolerance for expiry and not-before, at most 30 s
 * @param allowedOrigins the browser origins (e.g. a portal's {@code https://portal.example.org}) that may call the API
 *                  cross-origin ({@code MDG_CORS_ALLOWED_ORIGINS}, comma-separated); none by default
 */
@ConfigurationProperties(prefix = "mdg.security")
public record SecurityProperties(String issuer, String jwksUri, String audience, Duration clockSkew,
                                 java.util.List<String> allowedOrigins) {

    public static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(30);

    public SecurityProperties {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException(
                    "mdg.security.issuer (MDG_KEYCLOAK_ISSUER) must be set to the Keycloak realm's issuer URL, "
                            + "e.g. http://localhost:8180/realms/mdg");
        }
        issuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        jwksUri = jwksUri == null || jwksUri.isBlank() ? issuer + "/protocol/openid-connect/certs" : jwksUri;
        audience = audience == null || audience.isBlank() ? "mdg-api" : audience;
        clockSkew = clockSkew == null ? MAX_CLOCK_SKEW : clockSkew;
        allowedOrigins = allowedOrigins == null ? java.util.List.of()
                : allowedOrigins.stream().map(String::strip).filter(o -> !o.isEmpty()).toList();
        if (allowedOrigins.contains("*")) {
            throw new IllegalArgumentException("mdg.security.allowed-origins must name origins, not *");
        }
        if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException("mdg.security.clock-skew must be between 0 and 30 s, was " + clockSkew);
        }
    }
}
