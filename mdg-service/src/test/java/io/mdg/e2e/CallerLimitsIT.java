package io.mdg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
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
import io.mdg.e2e.support.KeycloakServer;

/**
 * What one caller may take, end to end with real Keycloak tokens, on a service whose limits are set small enough to
 * reach with a few requests (the mechanism and its answers are those of the defaults): an answer larger than the
 * response size is refused whole, and an analyst that spent its query cost is answered 429 with Retry-After while a
 * steward's queries are still answered. (Unpaged lists refused for complexity with the default limits: HostileInputIT.)
 */
class CallerLimitsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAGE = "{ suppliers(first: 50) { edges { node { id legalName taxId duns status "
            + "orderingAddress { line1 city country } } } } }";

    private static KeycloakServer keycloak;
    private static ServiceHarness service;
    private static GraphQlClient graphQl;
    private static List<String> supplierIds = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        keycloak = KeycloakServer.shared();
        service = ServiceHarness.start(Files.createTempDirectory("mdg-caller-limits"), Map.of(
                "mdg.security.issuer", keycloak.issuer(), "logging.level.root", "WARN",
                "mdg.graphql.max-response-size", "4KB",
                // about 40 pages of 50 suppliers (about 450 points each) at once, then 1 point per second
                "mdg.graphql.per-caller.cost-per-second", "1",
                "mdg.graphql.per-caller.burst", "20000"));
        graphQl = new GraphQlClient("http://localhost:" + service.port() + "/graphql");
        String erp = keycloak.clientToken("erp");
        List<Map<String, Object>> suppliers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            suppliers.add(Map.of("sourceId", "LIMIT-" + i, "legalName", "Limits Surgical Supplies " + i + " Inc."));
        }
        JsonNode batch = graphQl.post(erp, "mutation($input: BatchInput!) { submitBatch(input: $input) { index "
                + "result { outcome goldenId } } }", Map.of("input", Map.of("suppliers", suppliers))).data();
        batch.path("submitBatch").forEach(entry -> supplierIds.add(entry.path("result").path("goldenId").asText()));
        assertThat(supplierIds).hasSize(40).doesNotContain("");
        String steward = keycloak.userToken("sam.supplier");
        ServiceHarness.eventually(() -> graphQl.post(steward, "{ suppliers(first: 50) { edges { cursor } } }",
                Map.of()).data().path("suppliers").path("edges").size(), count -> count == 40, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void an_answer_larger_than_the_response_size_is_refused_whole_and_a_small_one_is_answered() {
        String auditor = keycloak.userToken("audrey.auditor");
        GraphQlClient.Answer large = graphQl.post(auditor, PAGE, Map.of());
        assertThat(large.status()).isEqualTo(400); // GraphQL over HTTP: no data, in application/graphql-response+json
        assertThat(large.body().path("data").isMissingNode() || large.body().path("data").isNull())
                .as(large.body().toString()).isTrue();
        assertThat(large.firstError().path("extensions").path("code").asText()).isEqualTo("RESPONSE_TOO_LARGE");
        assertThat(large.firstError().path("extensions").path("limit").asLong()).isEqualTo(4096);
        GraphQlClient.Answer small = graphQl.post(auditor, "query($id: ID!) { supplier(id: $id) { id legalName } }",
                Map.of("id", supplierIds.get(0)));
        assertThat(small.data().path("supplier").path("id").asText()).as(small.body().toString())
                .isEqualTo(supplierIds.get(0));
    }

    @Test
    void an_analysts_burst_is_answered_429_with_retry_after_while_a_steward_still_gets_answers() throws Exception {
        String analyst = keycloak.userToken("andy.analyst");
        String steward = keycloak.userToken("sam.supplier");
        String page = "{ suppliers(first: 50) { edges { node { id } } } }"; // 1 + 50 x 3 points, a small answer
        HttpResponse<String> refused = null;
        int answered = 0;
        for (int i = 0; i < 1_000 && refused == null; i++) {
            HttpResponse<String> response = post(analyst, page);
            if (response.statusCode() == 429) {
                refused = response;
            } else {
                assertThat(response.statusCode()).isEqualTo(200);
                answered++;
            }
        }
        assertThat(refused).as("the analyst was never refused").isNotNull();
        assertThat(answered).isGreaterThan(100); // 20,000 points of 151: the burst passed first
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isPositive();
        JsonNode error = JSON.readTree(refused.body()).path("errors").path(0);
        assertThat(error.path("extensions").path("code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(error.path("extensions").path("retryAfterSeconds").asLong()).isEqualTo(retryAfter);
        assertThat(post(analyst, page).statusCode()).isEqualTo(429);

        HttpResponse<String> stewards = post(steward, "{ supplier(id: \"" + supplierIds.get(1) + "\") { id } }");
        assertThat(stewards.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(stewards.body()).path("data").path("supplier").path("id").asText())
                .isEqualTo(supplierIds.get(1));
    }

    private static HttpResponse<String> post(String token, String query) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + service.port()
                        + "/graphql"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("query", query))))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
