package io.mdg.resilience;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.mdg.app.ServiceHarness;
import io.mdg.e2e.support.KeycloakServer;
import io.mdg.resilience.support.Api;
import io.mdg.resilience.support.Api.Answer;

/**
 * Identity provider down: a Keycloak of this test's own (not the shared one) issues tokens and the service fetches
 * its keys; then Keycloak is stopped. Tokens issued before keep working (the decoder caches the key set), a token
 * signed by a key Keycloak never had fails closed with 401 (with a new key id, which makes the decoder try to refresh
 * the key set from the stopped Keycloak, and with the known key id), and the health endpoint reports the dependency
 * ({@code keycloakJwks} DOWN) while readiness stays UP (an identity-provider outage must not take the service out of
 * rotation).
 *
 * <p>KeycloakServer keeps its database under its home and deletes it at start, so a second Keycloak next to the
 * shared one runs from a copy of the home (without its data directory).
 */
class IdentityProviderOutageIT {

    @Test
    void tokens_issued_before_keep_working_and_unknown_keys_fail_closed_while_keycloak_is_down() throws Exception {
        KeycloakServer keycloak = startPrivateKeycloak();
        try (ServiceHarness service = ServiceHarness.start(Files.createTempDirectory("mdg-idp-outage"), Map.of(
                "mdg.security.issuer", keycloak.issuer(), "logging.level.root", "WARN"))) {
            Api api = new Api("http://localhost:" + service.port() + "/graphql");
            String erp = keycloak.clientToken("erp");
            String analyst = keycloak.userToken("andy.analyst");
            assertThat(submit(api, erp, "IDP-1").path("outcome").asText()).isEqualTo("CREATED");
            assertThat(api.post(analyst, "{ recordCounts { count } }", Map.of()).hasErrors()).isFalse();
            String admin = keycloak.userToken("ada.admin");
            boolean indicator = api.health(admin).path("components").has("keycloakJwks");

            keycloak.stop();

            // Issued before the outage, still valid: served from the cached key set.
            assertThat(submit(api, erp, "IDP-2").path("outcome").asText()).isEqualTo("CREATED");
            String id = eventually(() -> api.post(analyst, "{ recordBySource(system: ERP, sourceId: \"IDP-2\") { id } }",
                    Map.of()).data().path("recordBySource").path("id").asText(""), s -> !s.isEmpty(), Duration.ofSeconds(30));
            assertThat(id).isNotBlank();

            // Signed by a key Keycloak never had: refused, not an error of the service.
            Answer newKid = api.post(forged(analyst, "attacker-key"), "{ recordCounts { count } }", Map.of());
            assertThat(newKid.status()).as("unknown key id").isEqualTo(401);
            String knownKid = SignedJWT.parse(analyst).getHeader().getKeyID();
            Answer sameKid = api.post(forged(analyst, knownKid), "{ recordCounts { count } }", Map.of());
            assertThat(sameKid.status()).as("known key id, other key").isEqualTo(401);

            String readiness = get(service, "/actuator/health/readiness");
            assertThat(readiness).contains("\"status\":\"UP\"");
            String jwks = "not reported (no Keycloak health indicator)";
            if (indicator) {
                JsonNode down = eventually(() -> api.health(admin),
                        h -> h.path("components").path("keycloakJwks").path("status").asText().equals("DOWN"),
                        Duration.ofSeconds(60));
                jwks = "keycloakJwks " + down.path("components").path("keycloakJwks").path("status").asText()
                        + ", overall " + down.path("status").asText();
            }
            System.out.printf("[idp outage] Keycloak stopped: earlier tokens accepted (submission CREATED, read "
                    + "answered), unknown key id 401, known key id with another key 401; health: %s; readiness UP%n", jwks);
        } finally {
            keycloak.stop();
            deleteRecursively(privateHome.getParent());
        }
    }

    private static Path privateHome;

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static JsonNode submit(Api api, String token, String sourceId) {
        Answer answer = api.post(token, "mutation($input: SupplierSubmissionInput!) { submitSupplier(input: $input) "
                + "{ outcome goldenId } }", Map.of("input", Map.of("sourceId", sourceId, "legalName",
                "Identity " + sourceId + " Medical Inc.")));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.data().path("submitSupplier");
    }

    /** The same claims, signed with a new key under the given key id. */
    private static String forged(String jwt, String keyId) throws Exception {
        SignedJWT original = SignedJWT.parse(jwt);
        RSAKey key = new RSAKeyGenerator(2048).keyID(keyId).generate();
        JWTClaimsSet claims = new JWTClaimsSet.Builder(original.getJWTClaimsSet())
                .expirationTime(new Date(System.currentTimeMillis() + 300_000)).build();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(), claims);
        forged.sign(new RSASSASigner(key));
        return forged.serialize();
    }

    private static String get(ServiceHarness service, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + service.port()
                + path)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A Keycloak from a private copy of the unpacked distribution (KeycloakServer.start reads the home property). */
    private static KeycloakServer startPrivateKeycloak() throws IOException {
        Path home = Path.of(System.getProperty("mdg.keycloak.home")).toAbsolutePath();
        Path copy = Files.createTempDirectory("keycloak-idp-outage").resolve(home.getFileName());
        privateHome = copy;
        try (Stream<Path> files = Files.walk(home)) {
            files.filter(p -> !p.startsWith(home.resolve("data"))).forEach(source -> {
                try {
                    Path target = copy.resolve(home.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        synchronized (System.getProperties()) {
            String shared = System.getProperty("mdg.keycloak.home");
            System.setProperty("mdg.keycloak.home", copy.toString());
            try {
                return KeycloakServer.start();
            } finally {
                System.setProperty("mdg.keycloak.home", shared);
            }
        }
    }
}
