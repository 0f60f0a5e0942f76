package io.mdg.app;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/** Tokens signed by a key that a loopback HTTP server publishes as the JWKS (Keycloak stands aside in these tests). */
public final class LocalTokens implements AutoCloseable {

    public static final String ISSUER = "http://localhost:1/realms/mdg";

    private final RSAKey key;
    private final HttpServer server;

    public LocalTokens() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("local-test").generate();
        byte[] keys = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/certs", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keys.length);
            exchange.getResponseBody().write(keys);
            exchange.close();
        });
        server.start();
    }

    public String jwksUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/certs";
    }

    /** A service in data directory {@code dir} that accepts these tokens (and asks no identity provider about them). */
    public ServiceHarness startService(java.nio.file.Path dir) {
        return startService(dir, Map.of());
    }

    /** The same, with more properties (e.g. a rules file). */
    public ServiceHarness startService(java.nio.file.Path dir, Map<String, Object> properties) {
        Map<String, Object> all = new java.util.HashMap<>(properties);
        all.put("mdg.security.issuer", ISSUER);
        all.put("mdg.security.jwks-uri", jwksUri());
        return ServiceHarness.start(dir, all);
    }

    /** A person's token with these realm roles. */
    public String user(String user, String... roles) throws Exception {
        return signed(new JWTClaimsSet.Builder()
                .subject(user)
                .claim("azp", "mdg-cli")
                .claim("preferred_username", user)
                .claim("realm_access", Map.of("roles", List.of(roles))));
    }

    /** A source client's token (client credentials) for the source system. */
    public String client(String clientId, String sourceSystem) throws Exception {
        return signed(new JWTClaimsSet.Builder()
                .subject("service-account-" + clientId)
                .claim("azp", clientId)
                .claim("source_system", sourceSystem)
                .claim("realm_access", Map.of("roles", List.of("source-system"))));
    }

    /** The claims every token of the realm carries (issuer, audience, type, 10 minutes of validity), signed. */
    private String signed(JWTClaimsSet.Builder claims) throws Exception {
        Instant now = Instant.now();
        claims.issuer(ISSUER).audience("mdg-api").claim("typ", "Bearer")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                claims.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
