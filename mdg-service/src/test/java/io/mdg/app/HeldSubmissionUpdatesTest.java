package io.mdg.app;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A source learns what became of its submissions held for approval from its own feed ({@code heldSubmissionUpdates}):
 * held, escalated, rejected with the steward's reason, EXPIRED when nobody decided by the deadline; in order,
 * resumable after its last cursor, across a restart; no other source sees them.
 */
class HeldSubmissionUpdatesTest {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();
    private static final String FEED = "query($after: String) { heldSubmissionUpdates(after: $after, first: 2) { "
            + "edges { cursor node { position changeRequestId type recordId source { system sourceId sourceVersion }"
            + " status reason at correlationId } } pageInfo { hasNextPage endCursor } } }";

    @TempDir
    Path dataDir;

    /** The shipped rules with an SLA of 2 s and a deadline of 8 s. */
    private Map<String, Object> shortDeadlines() throws Exception {
        Path rules = dataDir.resolve("rules.yaml");
        String defaults = new String(getClass().getResourceAsStream("/io/mdg/rules/default-rules.yaml").readAllBytes());
        assertThat(defaults).contains("deadline: P5D").contains("escalateAfter: P2D");
        Files.writeString(rules, defaults.replace("deadline: P5D", "deadline: PT8S")
                .replace("escalateAfter: P2D", "escalateAfter: PT2S"));
        return Map.of("mdg.rules.file", rules.toString(), "db-scheduler.polling-interval", "1s");
    }

    @Test
    void a_source_reads_its_held_submissions_rejected_and_expired_in_order_and_resumes_after_a_restart()
            throws Exception {
        try (LocalTokens tokens = new LocalTokens()) {
            String erp = tokens.client("erp", "ERP");
            String expiring;
            String rejected;
            String cursor;
            try (ServiceHarness service = tokens.startService(dataDir, shortDeadlines())) {
                expiring = heldRename(service, erp, "OUT-1");
                rejected = heldRename(service, erp, "OUT-2");
                String steward = tokens.user("sam.supplier", "supplier-steward");
                JsonNode rejection = graphql(service, "mutation { rejectChangeRequest(id: \"" + rejected
                        + "\", reason: \"name not on the W-9\") { status } }", Map.of(), steward);
                assertThat(rejection.path("data").path("rejectChangeRequest").path("status").asText())
                        .isEqualTo("REJECTED");

                // the ERP pages through its feed, two at a time, until the expiry has arrived
                List<JsonNode> read = new ArrayList<>();
                String[] after = {null};
                eventually(() -> {
                    read.addAll(page(service, erp, after));
                    return read;
                }, all -> all.stream().anyMatch(n -> n.path("status").asText().equals("EXPIRED")), WAIT);
                cursor = after[0];
                assertThat(statuses(read, expiring)).containsExactly("HELD", "ESCALATED", "EXPIRED");
                assertThat(statuses(read, rejected)).containsExactly("HELD", "REJECTED");
                JsonNode expiry = read.stream().filter(n -> n.path("status").asText().equals("EXPIRED")).findFirst()
                        .orElseThrow();
                assertThat(expiry.path("source").path("sourceId").asText()).isEqualTo("OUT-1");
                assertThat(expiry.path("source").path("sourceVersion").asLong()).isEqualTo(2);
                assertThat(expiry.path("type").asText()).isEqualTo("SUPPLIER");
                assertThat(expiry.path("reason").asText()).startsWith("not decided by its deadline");
                assertThat(read.stream().filter(n -> n.path("status").asText().equals("REJECTED")).findFirst()
                        .orElseThrow().path("reason").asText()).isEqualTo("name not on the W-9");
                // positions grow: feed order
                assertThat(read).extracting(n -> n.path("position").asLong()).isSorted();

                // another source sees none of it and may not ask for the ERP's
                String sourcing = tokens.client("sourcing", "SOURCING");
                assertThat(graphql(service, FEED, Map.of(), sourcing).path("data").path("heldSubmissionUpdates")
                        .path("edges")).isEmpty();
                assertThat(graphql(service, "{ heldSubmissionUpdates(source: ERP) { edges { cursor } } }", Map.of(),
                        sourcing).path("errors").path(0).path("extensions").path("code").asText())
                        .isEqualTo("FORBIDDEN");
                // an auditor names the source; a steward may not read the feed
                String auditor = tokens.user("audrey.auditor", "auditor");
                assertThat(graphql(service, "{ heldSubmissionUpdates(source: ERP, first: 100) { edges { cursor } } }",
                        Map.of(), auditor).path("data").path("heldSubmissionUpdates").path("edges")).hasSize(read.size());
                assertThat(graphql(service, "{ heldSubmissionUpdates { edges { cursor } } }", Map.of(), auditor)
                        .path("errors").path(0).path("extensions").path("code").asText()).isEqualTo("VALIDATION_FAILED");
                assertThat(graphql(service, "{ heldSubmissionUpdates(source: ERP) { edges { cursor } } }", Map.of(),
                        steward).path("errors").path(0).path("extensions").path("code").asText()).isEqualTo("FORBIDDEN");
            }

            // after a restart the ERP resumes behind its last cursor: a new outcome and nothing it has read
            try (ServiceHarness service = tokens.startService(dataDir, shortDeadlines())) {
                String later = heldRename(service, erp, "OUT-3");
                String[] after = {cursor};
                List<JsonNode> more = new ArrayList<>();
                eventually(() -> {
                    more.addAll(page(service, erp, after));
                    return more;
                }, all -> all.stream().anyMatch(n -> n.path("changeRequestId").asText().equals(later)), WAIT);
                assertThat(more).allMatch(n -> n.path("changeRequestId").asText().equals(later));
                assertThat(more.get(0).path("status").asText()).isEqualTo("HELD");
                assertThat(graphql(service, FEED, Map.of("after", "not-a-cursor"), erp).path("errors").path(0)
                        .path("extensions").path("code").asText()).isEqualTo("VALIDATION_FAILED");
            }
        }
    }

    /** A supplier from the ERP, then a rename (legal identity: held for a supplier steward's approval). */
    private static String heldRename(ServiceHarness service, String erp, String sourceId) throws Exception {
        String submit = "mutation($input: SupplierSubmissionInput!) { submitSupplier(input: $input) { outcome "
                + "changeRequestId } }";
        JsonNode created = graphql(service, submit, Map.of("input", Map.of("sourceId", sourceId, "sourceVersion", 1,
                "legalName", "Outcome Medical " + sourceId + " Inc.")), erp);
        assertThat(created.path("data").path("submitSupplier").path("outcome").asText()).as(created.toString())
                .isEqualTo("CREATED");
        JsonNode held = graphql(service, submit, Map.of("input", Map.of("sourceId", sourceId, "sourceVersion", 2,
                "legalName", "Outcome Renamed " + sourceId + " Inc.")), erp);
        assertThat(held.path("data").path("submitSupplier").path("outcome").asText()).isEqualTo("PENDING_APPROVAL");
        return held.path("data").path("submitSupplier").path("changeRequestId").asText();
    }

    /** The next page after {@code after[0]}, which then holds its end cursor (unchanged when the page is empty). */
    private static List<JsonNode> page(ServiceHarness service, String token, String[] after) throws Exception {
        Map<String, Object> variables = new java.util.HashMap<>();
        variables.put("after", after[0]);
        JsonNode page = graphql(service, FEED, variables, token).path("data").path("heldSubmissionUpdates");
        List<JsonNode> nodes = new ArrayList<>();
        page.path("edges").forEach(edge -> nodes.add(edge.path("node")));
        if (!nodes.isEmpty()) {
            after[0] = page.path("pageInfo").path("endCursor").asText();
        }
        return nodes;
    }

    private static List<String> statuses(List<JsonNode> read, String changeRequestId) {
        return read.stream().filter(n -> n.path("changeRequestId").asText().equals(changeRequestId))
                .map(n -> n.path("status").asText()).toList();
    }

    private static JsonNode graphql(ServiceHarness service, String query, Map<String, Object> variables,
                                    String token) throws Exception {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + service.port() + "/graphql"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build(), HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body());
    }
}
