package io.mdg.graphql.security;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a person's current state in the identity provider is asked for before each of their changes
 * ({@link ActiveUsers}): by OAuth 2.0 token introspection (RFC 7662) at the realm's introspection endpoint, as the
 * confidential client {@code mdg-api} (the API's own client: the audience of every token the service accepts, so
 * Keycloak introspects the token for it; it needs no role, no service account and no flow).
 *
 * @param check        whether to ask at all ({@code MDG_USER_STATUS_CHECK}); off only for tests that sign their own
 *                     tokens without an identity provider, and refused with the {@code prod} profile
 * @param uri          the introspection endpoint ({@code MDG_KEYCLOAK_INTROSPECTION_URI}); default: next to the
 *                     JWKS endpoint ({@code .../protocol/openid-connect/token/introspect}), so the service reaches it
 *                     by the same host as the keys
 * @param clientId     the client the service authenticates as ({@code mdg-api})
 * @param clientSecret its secret ({@code MDG_KEYCLOAK_API_SECRET})
 * @param cache        how long an answer is used again for the same token (default 5 s, at most 60 s): how long a
 *                     disabled person may still act after being disabled
 * @param timeout      how long to wait for the identity provider before refusing the change as UNAVAILABLE
 */
@ConfigurationProperties(prefix = "mdg.security.user-status")
public record UserStatusProperties(Boolean check, String uri, String clientId, String clientSecret, Duration cache,
                                   Duration timeout) {

    public static final Duration MAX_CACHE = Duration.ofSeconds(60);

    public UserStatusProperties {
        check = check == null || check;
        clientId = clientId == null || clientId.isBlank() ? "mdg-api" : clientId;
        cache = cache == null ? Duration.ofSeconds(5) : cache;
        timeout = timeout == null ? Duration.ofSeconds(3) : timeout;
        if (cache.isNegative() || cache.compareTo(MAX_CACHE) > 0) {
            throw new IllegalArgumentException("mdg.security.user-status.cache must be between 0 and 60 s, was " + cache);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("mdg.security.user-status.timeout must be positive, was " + timeout);
        }
        if (check && (clientSecret == null || clientSecret.isBlank())) {
            throw new IllegalArgumentException("mdg.security.user-status.client-secret (MDG_KEYCLOAK_API_SECRET) must be"
                    + " set to the secret of the realm's confidential client " + clientId + ": the service asks the"
                    + " identity provider whether a person is still enabled before each of their changes");
        }
    }

    /** The introspection endpoint: configured, or beside the JWKS endpoint the service fetches its keys from. */
    public URI introspectionUri(SecurityProperties security) {
        if (uri != null && !uri.isBlank()) {
            return URI.create(uri);
        }
        String certs = "/protocol/openid-connect/certs";
        String jwks = security.jwksUri();
        String base = jwks.endsWith(certs) ? jwks.substring(0, jwks.length() - certs.length()) : security.issuer();
        return URI.create(base + "/protocol/openid-connect/token/introspect");
    }
}
