package io.mdg.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.app.ServiceHarness;
import io.mdg.e2e.support.GraphQlClient;
import io.mdg.e2e.support.GraphQlClient.Answer;
import io.mdg.e2e.support.KeycloakAdmin;
import io.mdg.e2e.support.KeycloakServer;

/**
 * The production shape, run: the production realm file ({@code keycloak/mdg-realm-prod.json}) imported into a real
 * Keycloak and read back through its admin API, and the service in the {@code prod} profile (embedded event store
 * and read store) trusting that realm. Realm: no users but the source clients' service accounts, brute-force
 * protection, SSL required for external requests, no password grant on any public client. Service: no GraphiQL,
 * introspection for admins only, health without details for anyone but an admin. (The realm has no users, so the
 * test's callers are service accounts it creates with the roles in question.)
 */
class ProductionProfileIT {

    private static final String REALM = "mdg-production";
    private static final Path REALM_FILE = Path.of(System.getProperty("mdg.realm.file")).toAbsolutePath()
            .resolveSibling("mdg-realm-prod.json");
    private static final String INTROSPECTION = "{ __schema { queryType { name } } }";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static KeycloakServer keycloak;
    private static KeycloakAdmin admin;
    private static ServiceHarness service;
    private static GraphQlClient api;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        keycloak = KeycloakServer.shared();
        admin = new KeycloakAdmin(keycloak);
        String apiSecret = java.util.UUID.randomUUID().toString();
        admin.importRealm(REALM_FILE, REALM, Map.of("MDG_KEYCLOAK_API_SECRET", apiSecret));
        service = ServiceHarness.start(Files.createTempDirectory("mdg-prod-profile"), Map.of(
                "spring.profiles.active", "command,query,edge,prod",
                "mdg.security.issuer", keycloak.baseUrl() + "/realms/" + REALM,
                "mdg.security.user-status.client-secret", apiSecret));
        api = new GraphQlClient("http://localhost:" + service.port() + "/graphql");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void the_production_realm_has_brute_force_protection_ssl_for_external_requests_and_no_demo_users() throws Exception {
        JsonNode realm = admin.realm(REALM);
        assertThat(realm.path("bruteForceProtected").asBoolean()).isTrue();
        assertThat(realm.path("permanentLockout").asBoolean()).isFalse();
        assertThat(realm.path("failureFactor").asInt()).isBetween(1, 10);
        assertThat(realm.path("sslRequired").asText()).isEqualTo("external");
        assertThat(realm.path("passwordPolicy").asText()).contains("length(12)");
        List<String> people = new ArrayList<>();
        admin.users(REALM).forEach(user -> people.add(user.path("username").asText()));
        assertThat(people).allMatch(name -> name.startsWith("service-account-"));
    }

    @Test
    void no_public_client_of_the_production_realm_takes_a_password() throws Exception {
        List<String> publicClients = new ArrayList<>();
        for (JsonNode client : admin.clients(REALM)) {
            if (client.path("publicClient").asBoolean()) {
                publicClients.add(client.path("clientId").asText());
                assertThat(client.path("directAccessGrantsEnabled").asBoolean()).as(client.path("clientId").asText())
                        .isFalse();
            }
        }
        // admin-cli exists in every realm; the production realm turns its password grant off too
        assertThat(publicClients).contains("mdg-console", "admin-cli").doesNotContain("mdg-cli", "other-app");
        HttpResponse<String> grant = admin.passwordGrant(REALM, "mdg-console", "ada.admin", "demo");
        assertThat(grant.statusCode()).as(grant.body()).isIn(400, 401);
        assertThat(grant.body()).doesNotContain("access_token");
    }

    @Test
    void graphiql_is_not_served() throws Exception {
        HttpResponse<String> graphiql = http.send(HttpRequest.newBuilder(uri("/graphiql")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(graphiql.statusCode()).isEqualTo(404);
    }

    @Test
    void only_an_admin_introspects_the_schema() throws Exception {
        for (String role : List.of("analyst", "supplier-steward", "auditor")) {
            Answer refused = api.post(admin.serviceAccountToken(REALM, "prod-it-" + role, role), INTROSPECTION, Map.of());
            // (no data at all: 400 as GraphQL over HTTP answers it with application/graphql-response+json)
            assertThat(refused.status()).isIn(200, 400);
            assertThat(refused.firstError().path("extensions").path("code").asText()).as(role + ": " + refused.body())
                    .isEqualTo("FORBIDDEN");
            assertThat(refused.data().path("__schema").path("queryType").isMissingNode()).as(role).isTrue();
        }
        Answer source = api.post(admin.serviceAccountToken(REALM, "prod-it-source", "source-system"), INTROSPECTION,
                Map.of());
        assertThat(source.data().path("__schema").path("queryType").isMissingNode()).isTrue();

        Answer allowed = api.post(admin.serviceAccountToken(REALM, "prod-it-admin", "admin"), INTROSPECTION, Map.of());
        assertThat(allowed.body().path("errors").isMissingNode()).as(allowed.body().toString()).isTrue();
        assertThat(allowed.data().path("__schema").path("queryType").path("name").asText()).isEqualTo("Query");
    }

    @Test
    void health_shows_details_to_an_admin_only() throws Exception {
        String analyst = admin.serviceAccountToken(REALM, "prod-it-analyst", "analyst");
        for (String token : java.util.Arrays.asList(null, analyst)) {
            for (String path : List.of("/actuator/health", "/actuator/health/readiness")) {
                JsonNode health = health(path, token);
                List<String> fields = new ArrayList<>();
                health.fieldNames().forEachRemaining(fields::add);
                // the status, and for the root the names of the probe groups: no components, no details
                assertThat(fields).as(path + (token == null ? " anonymous" : " analyst") + ": " + health)
                        .contains("status").isSubsetOf("status", "groups");
            }
        }
        JsonNode full = health("/actuator/health", admin.serviceAccountToken(REALM, "prod-it-admin", "admin"));
        assertThat(full.path("components").path("eventStore").path("details").path("head").isNumber())
                .as(full.toString()).isTrue();
    }

    private JsonNode health(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static URI uri(String path) {
        return URI.create("http://localhost:" + service.port() + path);
    }
}
