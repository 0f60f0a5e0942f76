package io.mdg.resilience;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.app.LocalTokens;
import io.mdg.resilience.support.ServiceProcess;

/**
 * An inbound webhook answered 202 is in PostgreSQL, not in the service's memory: the assembled jar, with no queue
 * worker ({@code mdg.inbound.worker.threads=0}), accepts a run of Procurely webhooks and is killed with SIGKILL; started
 * again on the same data directory with a worker, it sends every one of them through governance, each once.
 */
class InboundQueueCrashIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int WEBHOOKS = 20;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();

    @Test
    void webhooks_answered_202_survive_a_sigkill_and_are_worked_after_the_restart() throws Exception {
        Path dataDir = Files.createTempDirectory("mdg-inbound-crash");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        try (LocalTokens tokens = new LocalTokens()) {
            Map<String, String> properties = new LinkedHashMap<>(Map.of(
                    "mdg.security.issuer", LocalTokens.ISSUER,
                    "mdg.security.jwks-uri", tokens.jwksUri(),
                    "mdg.security.user-status.check", "false",
                    "mdg.inbound.sources.sourcing.secrets", secret,
                    "mdg.inbound.sources.sourcing.mapping",
                    Path.of("../deploy/mappings/procurely.yaml").toAbsolutePath().normalize().toString(),
                    // registered as the ERP (the shipped rules' system of record of suppliers) under /inbound/sourcing
                    "mdg.inbound.sources.sourcing.system", "ERP",
                    "mdg.inbound.sources.sourcing.client-id", "erp",
                    "mdg.inbound.worker.poll-interval", "200ms",
                    "logging.level.root", "WARN"));
            Map<String, String> accepted = new LinkedHashMap<>(); // supplier source id -> correlation id
            properties.put("mdg.inbound.worker.threads", "0");
            ServiceProcess first = ServiceProcess.start("inbound-crash-before", dataDir, properties, Map.of());
            try {
                for (int i = 1; i <= WEBHOOKS; i++) {
                    String sourceId = "PRC-CRASH-" + i;
                    HttpResponse<String> answer = send(first, key, "evt_crash_" + i, supplier(sourceId));
                    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
                    accepted.put(sourceId, json.readTree(answer.body()).path("correlationId").asText());
                }
            } finally {
                first.kill();
            }

            properties.put("mdg.inbound.worker.threads", "1");
            try (first; ServiceProcess second = ServiceProcess.start("inbound-crash-after", dataDir, properties,
                    Map.of())) {
                String admin = tokens.user("ada.admin", "admin");
                String steward = tokens.user("sam.supplier", "supplier-steward");
                for (Map.Entry<String, String> webhook : accepted.entrySet()) {
                    JsonNode entry = eventually(() -> json.readTree(second.get("/intake/entries/" + webhook.getValue(),
                            admin).body()), e -> e.path("status").asText().equals("DONE"), WAIT);
                    assertThat(entry.path("outcome").asText()).as(entry.toString()).isEqualTo("CREATED");
                    JsonNode record = eventually(() -> graphql(second, "{ recordBySource(system: ERP, sourceId: \""
                            + webhook.getKey() + "\") { id ... on Supplier { legalName } } }", steward),
                            r -> r.path("data").path("recordBySource").path("id").asText().equals(
                                    entry.path("goldenId").asText()), WAIT);
                    assertThat(record.path("data").path("recordBySource").path("legalName").asText())
                            .isEqualTo("Crash Test Medical " + webhook.getKey());
                }
                // a redelivery after the restart is still known: nothing queued twice
                HttpResponse<String> again = send(second, key, "evt_crash_1", supplier("PRC-CRASH-1"));
                assertThat(again.statusCode()).isEqualTo(200);
                assertThat(json.readTree(again.body()).path("correlationId").asText())
                        .isEqualTo(accepted.get("PRC-CRASH-1"));
            }
        }
    }

    private static String supplier(String sourceId) {
        return "{\"type\":\"supplier.created\",\"data\":{\"supplier\":{\"id\":\"" + sourceId + "\",\"revision\":1,"
                + "\"legal_name\":\"Crash Test Medical " + sourceId + "\",\"compliance\":\"cleared\"}}}";
    }

    private static HttpResponse<String> send(ServiceProcess service, byte[] key, String id, String body)
            throws Exception {
        long now = Instant.now().getEpochSecond();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String signature = Base64.getEncoder().encodeToString(
                mac.doFinal((id + "." + now + "." + body).getBytes(StandardCharsets.UTF_8)));
        return http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/inbound/sourcing"))
                .header("Content-Type", "application/json")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(now))
                .header("webhook-signature", "v1," + signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode graphql(ServiceProcess service, String query, String token) throws Exception {
        return json.readTree(http.send(HttpRequest.newBuilder(URI.create(service.graphqlUrl()))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("query", query))))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
    }
}
