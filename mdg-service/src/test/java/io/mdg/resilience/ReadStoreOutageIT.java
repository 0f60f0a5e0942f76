package io.mdg.resilience;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.mdg.app.ServiceHarness;
import io.mdg.e2e.support.KeycloakServer;
import io.mdg.resilience.support.Api;
import io.mdg.resilience.support.Api.Answer;
import io.mdg.resilience.support.StandaloneReadStore;

/**
 * Read store outage, production style: the read models and tracking tokens live in a separate read-store process
 * (mongo-java-server with its H2 file backend, which keeps its data across a restart as a MongoDB does), the service
 * points at it with {@code mdg.mongodb.uri}. Submissions while the store is up, the store killed with SIGKILL,
 * submissions while it is down (the command side stores them in its own database and acknowledges them), the store
 * restarted on the same port and file: the projections, which failed and retried meanwhile, catch up and every
 * acknowledged submission is readable once, with one audit entry.
 */
class ReadStoreOutageIT {

    private static final Duration WAIT = Duration.ofSeconds(150);
    private static final String SUBMIT = """
            mutation($input: SupplierSubmissionInput!) { submitSupplier(input: $input) { outcome goldenId } }""";

    @Test
    void submissions_are_accepted_while_the_read_store_is_down_and_the_projections_catch_up_when_it_returns()
            throws Exception {
        KeycloakServer keycloak = KeycloakServer.shared();
        Path dir = Files.createTempDirectory("mdg-readstore-outage");
        Path storeFile = dir.resolve("readstore.mv");
        Path storeLog = Path.of("target", "resilience", "readstore-" + System.currentTimeMillis() + ".log");
        Files.createDirectories(storeLog.getParent());
        int port = StandaloneReadStore.freePort();
        StandaloneReadStore store = StandaloneReadStore.start(port, storeFile, storeLog);
        try (ServiceHarness service = ServiceHarness.start(dir.resolve("data"), Map.of(
                "mdg.security.issuer", keycloak.issuer(), "mdg.mongodb.uri", store.uri(),
                "logging.level.root", "WARN"))) {
            Api api = new Api("http://localhost:" + service.port() + "/graphql");
            String erp = keycloak.clientToken("erp");
            String analyst = keycloak.userToken("andy.analyst");
            Map<String, String> acknowledged = new HashMap<>();

            submit(api, erp, "OUT-UP-", 30, acknowledged);
            eventually(() -> api.recordCount(analyst, "SUPPLIER"), count -> count == 30, WAIT);

            store.stop();
            long down = System.nanoTime();
            submit(api, erp, "OUT-DOWN-", 30, acknowledged);
            int readinessWhileDown = eventually(() -> status(service, "/actuator/health/readiness"),
                    status -> status == 503, Duration.ofSeconds(60));
            Answer readWhileDown = api.post(analyst, "{ recordCounts(type: SUPPLIER) { count } }", Map.of());
            assertThat(readWhileDown.status()).isLessThan(500);
            String readCode = readWhileDown.hasErrors() ? readWhileDown.firstCode() : "answered";
            // a read that needs the store is refused as such: retry later, not an internal error
            assertThat(readCode).isEqualTo("UNAVAILABLE");
            // the projections fail on the missing store and back off: between attempts their processor holds no
            // segment and is not in error itself, so the health reports the last failure of the golden records'
            // processor, and since when, until it processes again
            String admin = keycloak.userToken("ada.admin");
            com.fasterxml.jackson.databind.JsonNode failing = eventually(() -> goldenRecordsProcessor(api, admin),
                    processor -> processor.path("error").asBoolean(), Duration.ofSeconds(60));
            assertThat(failing.path("message").asText()).as(failing.toString()).contains("com.mongodb.");
            assertThat(failing.path("since").asText()).as(failing.toString()).isNotEmpty();
            double reported = (System.nanoTime() - down) / 1e9;
            double outage = (System.nanoTime() - down) / 1e9;

            store = StandaloneReadStore.start(port, storeFile, storeLog);
            long back = System.nanoTime();
            eventually(() -> status(service, "/actuator/health/readiness"), status -> status == 200, WAIT);
            eventually(() -> api.recordCount(analyst, "SUPPLIER"), count -> count == 60, WAIT);
            double caughtUp = (System.nanoTime() - back) / 1e9;
            // processing again: no longer in error
            eventually(() -> goldenRecordsProcessor(api, admin), processor -> !processor.path("error").asBoolean()
                    && !processor.has("message"), WAIT);

            // Nothing lost, nothing twice: every acknowledged submission is its golden record, once in the trail; read
            // at once: a golden record is written after its cross-references, so all 60 counted means all 60 found.
            for (Map.Entry<String, String> ack : acknowledged.entrySet()) {
                Answer bySource = api.post(analyst, "query($id: String!) { recordBySource(system: ERP, sourceId: $id) "
                        + "{ id ... on Supplier { legalName } } }", Map.of("id", ack.getKey()));
                assertThat(bySource.data().path("recordBySource").path("id").asText()).as(ack.getKey())
                        .isEqualTo(ack.getValue());
            }
            String auditor = keycloak.userToken("audrey.auditor");
            List<com.fasterxml.jackson.databind.JsonNode> created = eventually(() -> api.all(auditor, "auditTrail",
                            "String", ", filter: {actions: [RECORD_CREATED]}", "recordId"), list -> list.size() >= 60, WAIT);
            assertThat(created).hasSize(60);
            // and nothing was parked: a store that cannot be reached makes the processors retry, never park
            Answer parked = api.post(admin, "{ deadLetters { processingGroup letters } }", Map.of());
            assertThat(parked.data().path("deadLetters").findValuesAsText("letters")).as(parked.text())
                    .isNotEmpty().containsOnly("0");
            System.out.printf("[read store outage] acknowledged %d (30 while the store was down), lost 0, duplicates 0; "
                            + "while down: readiness HTTP %d, reads answered with %s, golden records reported in error "
                            + "%.1f s after the stop (%s); outage %.1f s; after the store returned: ready and caught up "
                            + "in %.1f s%n", acknowledged.size(), readinessWhileDown, readCode, reported,
                    failing.path("message").asText(), outage, caughtUp);
        } finally {
            store.kill();
        }
    }

    /** The golden records' processor as the health shows it to an admin. */
    private static com.fasterxml.jackson.databind.JsonNode goldenRecordsProcessor(Api api, String adminToken) {
        return api.health(adminToken).path("components").path("eventProcessors").path("details")
                .path("golden-records");
    }

    private static void submit(Api api, String token, String prefix, int count, Map<String, String> acknowledged) {
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Answer answer = api.post(token, SUBMIT, Map.of("input", Map.of("sourceId", prefix + i, "sourceVersion", 1,
                    "legalName", "Outage " + prefix + i + " Medical Inc.")));
            String outcome = answer.data().path("submitSupplier").path("outcome").asText();
            if (outcome.equals("CREATED")) {
                acknowledged.put(prefix + i, answer.data().path("submitSupplier").path("goldenId").asText());
            } else {
                refused.add(prefix + i + ": " + answer.text());
            }
        }
        assertThat(refused).as("submissions not acknowledged").isEmpty();
    }

    private static int status(ServiceHarness service, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:"
                    + service.port() + path)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
