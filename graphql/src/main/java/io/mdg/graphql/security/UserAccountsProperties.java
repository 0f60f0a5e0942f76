package io.mdg.graphql.security;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the state of a person's account is asked for when there is no token of theirs to introspect
 * ({@link UserAccounts}): a delegate decides for a delegator who is not there. Keycloak's admin REST API is asked
 * ({@code GET <admin-uri>/users?username=<name>&exact=true}), with a client-credentials token of the confidential client
 * of {@link UserStatusProperties} ({@code mdg-api}, whose service account holds only realm-management
 * {@code view-users}); whether to ask at all is {@link UserStatusProperties#check()} as well.
 *
 * @param adminUri the realm's admin API ({@code MDG_KEYCLOAK_ADMIN_URI}); default: beside the JWKS endpoint
 *                 ({@code http://host/realms/mdg/...} gives {@code http://host/admin/realms/mdg})
 * @param tokenUri the realm's token endpoint for the client-credentials grant ({@code MDG_KEYCLOAK_TOKEN_URI});
 *                 default: beside the JWKS endpoint ({@code .../protocol/openid-connect/token})
 * @param cache    how long an answer about a person is used again (default 5 s, at most 60 s,
 *                 {@code MDG_DELEGATOR_STATUS_CACHE}): how long a delegate may still decide for a delegator after the
 *                 delegator was disabled
 * @param timeout  how long to wait for the identity provider before refusing the decision as UNAVAILABLE
 */
@ConfigurationProperties(prefix = "mdg.security.user-accounts")
public record UserAccountsProperties(String adminUri, String tokenUri, Duration cache, Duration timeout) {

    public static final Duration MAX_CACHE = Duration.ofSeconds(60);

    public UserAccountsProperties {
        cache = cache == null ? Duration.ofSeconds(5) : cache;
        timeout = timeout == null ? Duration.ofSeconds(3) : timeout;
        if (cache.isNegative() || cache.compareTo(MAX_CACHE) > 0) {
            throw new IllegalArgumentException("mdg.security.user-accounts.cache must be between 0 and 60 s, was "
                    + cache);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("mdg.security.user-accounts.timeout must be positive, was " + timeout);
        }
    }

    /** The realm's admin API: configured, or beside the JWKS endpoint the service fetches its keys from. */
    public URI adminUri(SecurityProperties security) {
        if (adminUri != null && !adminUri.isBlank()) {
            return URI.create(adminUri.endsWith("/") ? adminUri.substring(0, adminUri.length() - 1) : adminUri);
        }
        String realm = realmBase(security);
        int at = realm.lastIndexOf("/realms/");
        if (at < 0) {
            throw new IllegalArgumentException("cannot tell the realm's admin API from " + realm
                    + "; set mdg.security.user-accounts.admin-uri (MDG_KEYCLOAK_ADMIN_URI)");
        }
        return URI.create(realm.substring(0, at) + "/admin" + realm.substring(at));
    }

    /** The realm's token endpoint: configured, or beside the JWKS endpoint. */
    public URI tokenUri(SecurityProperties security) {
        if (tokenUri != null && !tokenUri.isBlank()) {
            return URI.create(tokenUri);
        }
        return URI.create(realmBase(security) + "/protocol/openid-connect/token");
    }

    private static String realmBase(SecurityProperties security) {
        String certs = "/protocol/openid-connect/certs";
        String jwks = security.jwksUri();
        return jwks.endsWith(certs) ? jwks.substring(0, jwks.length() - certs.length()) : security.issuer();
    }
}
