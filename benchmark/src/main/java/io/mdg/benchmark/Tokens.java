package io.mdg.benchmark;

import java.util.HashMap;
import java.util.Map;

import io.mdg.e2e.support.KeycloakServer;

/**
 * Real access tokens from the benchmark's Keycloak, renewed after a minute (they live five): a source client's by
 * client credentials, a demo user's by password grant.
 */
final class Tokens {

    private static final long RENEW_NANOS = 60_000_000_000L;

    private record Cached(String token, long at) {
    }

    private final KeycloakServer keycloak;
    private final Map<String, Cached> cache = new HashMap<>();

    Tokens(KeycloakServer keycloak) {
        this.keycloak = keycloak;
    }

    /** A source-system client's token, e.g. {@code erp}. */
    synchronized String client(String clientId) {
        return cached("client:" + clientId, () -> keycloak.clientToken(clientId));
    }

    /** A demo user's token, e.g. {@code andy.analyst}. */
    synchronized String user(String username) {
        return cached("user:" + username, () -> keycloak.userToken(username));
    }

    private String cached(String key, java.util.function.Supplier<String> fetch) {
        Cached cached = cache.get(key);
        if (cached == null || System.nanoTime() - cached.at() > RENEW_NANOS) {
            cached = new Cached(fetch.get(), System.nanoTime());
            cache.put(key, cached);
        }
        return cached.token();
    }
}
