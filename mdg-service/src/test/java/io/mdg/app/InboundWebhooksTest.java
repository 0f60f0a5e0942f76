package io.mdg.app;

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
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * A realistic webhook sequence from "Procurely", a sourcing platform registered as the SOURCING source with the
 * shipped mapping file (deploy/mappings/procurely.yaml): a supplier created, renamed (held: the legal name is high
 * risk), its bank details changed (held for the call-back and finance), a contract awarded with price lines. Each
 * goes through the signature check, the durable queue, the mapping and the governance of any submission, to golden
 * records and held change requests, read back through GraphQL. A wrongly signed webhook is refused and changes
 * nothing; a redelivery is answered as the first delivery; a value the mapping does not know ends in the dead-letter
 * list with its reason.
 */
class InboundWebhooksTest {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final String secret = newSecret();

    /**
     * The shipped rules, in a network whose sourcing suite is a system of record of everything the ERP owns as well
     * (supplier master and item catalogue included), so that its webhooks create records with all their values.
     */
    private Map<String, Object> properties() throws Exception {
        Path rules = dataDir.resolve("rules.yaml");
        String defaults = new String(getClass().getResourceAsStream("/io/mdg/rules/default-rules.yaml").readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(defaults).contains("owners: [ERP]").contains("owners: [ERP, SUPPLIER_PORTAL]");
        Files.writeString(rules, defaults.replace("owners: [ERP]", "owners: [ERP, SOURCING]")
                .replace("owners: [ERP, SUPPLIER_PORTAL]", "owners: [ERP, SUPPLIER_PORTAL, SOURCING]"));
        return Map.of("mdg.rules.file", rules.toString(),
                "mdg.inbound.sources.sourcing.secrets", secret,
                "mdg.inbound.sources.sourcing.mapping",
                Path.of("../deploy/mappings/procurely.yaml").toAbsolutePath().normalize().toString(),
                "mdg.inbound.worker.poll-interval", "200ms");
    }

    @Test
    void a_procurely_webhook_sequence_reaches_golden_records_and_held_changes_through_signature_queue_and_mapping()
            throws Exception {
        try (LocalTokens tokens = new LocalTokens(); ServiceHarness service = tokens.startService(dataDir, properties())) {
            String sourcing = tokens.client("sourcing", "SOURCING");
            String steward = tokens.user("sam.supplier", "supplier-steward");
            String admin = tokens.user("ada.admin", "admin");

            // 1. supplier created
            HttpResponse<String> created = send(service, "evt_01", supplier(1, "Acme Surgical Supply LLC", null));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
            JsonNode queued = json.readTree(created.body());
            assertThat(queued.path("status").asText()).isEqualTo("QUEUED");
            String correlationId = queued.path("correlationId").asText();
            assertThat(created.headers().firstValue("X-Correlation-Id")).hasValue(correlationId);
            JsonNode entry = entry(service, admin, correlationId, "DONE");
            assertThat(entry.path("outcome").asText()).isEqualTo("CREATED");
            String supplierId = entry.path("goldenId").asText();
            JsonNode supplier = eventually(() -> supplier(service, steward, supplierId),
                    s -> s.path("legalName").asText().equals("Acme Surgical Supply LLC"), WAIT);
            assertThat(supplier.path("orderingAddress").path("country").asText()).isEqualTo("US");
            assertThat(supplier.path("screeningStatus").asText()).isEqualTo("CLEAR");
            assertThat(supplier.path("sourceRefs").toString()).contains("PRC-SUP-1001").contains("SOURCING");

            // the same webhook delivered again: the first delivery's answer, nothing queued twice
            HttpResponse<String> again = send(service, "evt_01", supplier(1, "Acme Surgical Supply LLC", null));
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(json.readTree(again.body()).path("status").asText()).isEqualTo("DUPLICATE");
            assertThat(json.readTree(again.body()).path("correlationId").asText()).isEqualTo(correlationId);

            // 2. renamed: the legal name is high risk, held for a steward; approved, the golden record has it
            JsonNode renamed = entry(service, admin, json.readTree(send(service, "evt_02",
                    supplier(2, "Acme Surgical Holdings LLC", null)).body()).path("correlationId").asText(), "DONE");
            assertThat(renamed.path("outcome").asText()).isEqualTo("PENDING_APPROVAL");
            String rename = renamed.path("changeRequestId").asText();
            assertThat(rename).isNotBlank();
            JsonNode approval = graphql(service, "mutation { approveChangeRequest(id: \"" + rename
                    + "\") { status } }", steward);
            // (the mutation answers the request as the read model has it: it may not show the approval yet)
            assertThat(approval.path("errors").isMissingNode()).as(approval.toString()).isTrue();
            eventually(() -> graphql(service, "{ changeRequest(id: \"" + rename + "\") { status } }", steward)
                    .path("data").path("changeRequest").path("status").asText(), "APPROVED"::equals, WAIT);
            eventually(() -> supplier(service, steward, supplierId),
                    s -> s.path("legalName").asText().equals("Acme Surgical Holdings LLC"), WAIT);

            // 3. bank details changed: held for the call-back and finance; the golden record shows none yet
            JsonNode banked = entry(service, admin, json.readTree(send(service, "evt_03",
                    supplier(3, "Acme Surgical Holdings LLC", "DE89370400440532013000")).body())
                    .path("correlationId").asText(), "DONE");
            assertThat(banked.path("outcome").asText()).isEqualTo("PENDING_APPROVAL");
            String bankChange = banked.path("changeRequestId").asText();
            JsonNode request = eventually(() -> graphql(service, "{ changeRequest(id: \"" + bankChange
                    + "\") { status attributes evidenceRequired source { system sourceId sourceVersion } } }", steward)
                    .path("data").path("changeRequest"), r -> r.path("status").asText().equals("PENDING"), WAIT);
            assertThat(request.path("attributes").toString()).contains("bankAccount");
            assertThat(request.path("evidenceRequired").asBoolean()).isTrue();
            assertThat(request.path("source").path("system").asText()).isEqualTo("SOURCING");
            assertThat(request.path("source").path("sourceVersion").asLong()).isEqualTo(3);
            assertThat(supplier(service, steward, supplierId).path("bankAccount").isNull()).isTrue();

            // 4. a contract awarded with price lines, for an item the platform sent before through GraphQL
            JsonNode item = graphql(service, "mutation { submitItem(input: { sourceId: \"PRC-ITM-5\", sourceVersion: 1,"
                    + " description: \"Suture kit\", itemClass: MED_SURG, packaging: [{ unit: \"EA\" }, { unit: \"BX\","
                    + " quantity: 12, containsUnit: \"EA\" }] }) { outcome goldenId errors { field message } } }",
                    sourcing);
            assertThat(item.path("data").path("submitItem").path("outcome").asText()).as(item.toString())
                    .isEqualTo("CREATED");
            String itemId = item.path("data").path("submitItem").path("goldenId").asText();
            JsonNode awarded = entry(service, admin, json.readTree(send(service, "evt_04", award()).body())
                    .path("correlationId").asText(), "DONE");
            assertThat(awarded.path("outcome").asText()).as(awarded.toString()).isEqualTo("CREATED");
            String contractId = awarded.path("goldenId").asText();
            JsonNode contract = eventually(() -> graphql(service, "{ contract(id: \"" + contractId
                    + "\") { contractNumber contractType tier supplierId lines { itemId unit price currency } } }",
                    tokens.user("carl.contract", "contract-steward")).path("data").path("contract"),
                    c -> !c.isMissingNode() && !c.isNull(), WAIT);
            assertThat(contract.path("contractNumber").asText()).isEqualTo("GPO-2027-0042");
            assertThat(contract.path("contractType").asText()).isEqualTo("GPO");
            assertThat(contract.path("supplierId").asText()).isEqualTo(supplierId);
            assertThat(contract.path("lines").get(0).path("itemId").asText()).isEqualTo(itemId);
            assertThat(contract.path("lines").get(0).path("unit").asText()).isEqualTo("BX");
            assertThat(new java.math.BigDecimal(contract.path("lines").get(0).path("price").asText()))
                    .isEqualByComparingTo("42.5");

            // 5. wrongly signed, stale, not JSON: refused, counted, nothing queued and nothing changed
            String forged = supplier(4, "Evil Corp LLC", "GB33BUKB20201555555555");
            HttpResponse<String> refused = post(service, forged, sign(newSecret(), "evt_05", Instant.now(), forged),
                    "application/json");
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(json.readTree(refused.body()).path("code").asText()).isEqualTo("BAD_SIGNATURE");
            HttpResponse<String> stale = post(service, forged, sign(secret, "evt_06",
                    Instant.now().minus(Duration.ofMinutes(6)), forged), "application/json");
            assertThat(json.readTree(stale.body()).path("code").asText()).isEqualTo("STALE");
            assertThat(stale.statusCode()).isEqualTo(401);
            HttpResponse<String> unsigned = post(service, forged, Map.of(), "application/json");
            assertThat(unsigned.statusCode()).isEqualTo(401);
            // a bearer token does not stand in for the signature
            Map<String, String> bearer = Map.of("Authorization", "Bearer " + sourcing);
            assertThat(post(service, forged, bearer, "application/json").statusCode()).isEqualTo(401);
            assertThat(post(service, "not json", sign(secret, "evt_07", Instant.now(), "not json"),
                    "application/json").statusCode()).isEqualTo(400);
            assertThat(post(service, forged, sign(secret, "evt_08", Instant.now(), forged), "text/plain")
                    .statusCode()).isEqualTo(415);
            String big = "{\"type\":\"ping\",\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}";
            assertThat(post(service, big, sign(secret, "evt_09", Instant.now(), big), "application/json")
                    .statusCode()).isEqualTo(413);
            assertThat(send(service, "evt_10", forged, "nobody").statusCode()).isEqualTo(404);
            // only POST /inbound/<source> goes without a token: any other method or path under it needs one
            assertThat(get(service, "/inbound/sourcing", null).statusCode()).isEqualTo(401);
            assertThat(post(service, "/inbound/sourcing/extra", forged, sign(secret, "evt_12", Instant.now(), forged),
                    "application/json").statusCode()).isEqualTo(401);
            MeterRegistry meters = service.bean(MeterRegistry.class);
            assertThat(meters.counter("mdg.inbound.refused", "source", "sourcing", "reason", "BAD_SIGNATURE").count())
                    .isEqualTo(1);
            assertThat(meters.counter("mdg.inbound.refused", "source", "sourcing", "reason", "UNSIGNED").count())
                    .isEqualTo(2);
            assertThat(meters.counter("mdg.inbound.refused", "source", "unknown", "reason", "UNKNOWN_SOURCE").count())
                    .isEqualTo(1);
            assertThat(meters.counter("mdg.inbound.refused", "source", "sourcing", "reason", "STALE").count())
                    .isEqualTo(1);
            assertThat(supplier(service, steward, supplierId).path("legalName").asText())
                    .isEqualTo("Acme Surgical Holdings LLC");
            assertThat(graphql(service, "{ recordBySource(system: SOURCING, sourceId: \"PRC-SUP-1001\") { id version"
                    + " } }", steward).path("data").path("recordBySource").path("version").asInt())
                    .isEqualTo(supplier(service, steward, supplierId).path("version").asInt());

            // 6. a compliance state the mapping does not know: a dead letter with its reason, for admins only
            JsonNode unknown = entry(service, admin, json.readTree(send(service, "evt_11",
                    supplier(5, "Acme Surgical Holdings LLC", null).replace("\"cleared\"", "\"on_hold\"")).body())
                    .path("correlationId").asText(), "DEAD");
            assertThat(unknown.path("errors").get(0).path("field").asText()).isEqualTo("screeningStatus");
            assertThat(unknown.path("errors").get(0).path("code").asText()).isEqualTo("UNMAPPED_VALUE");
            HttpResponse<String> deadLetters = get(service, "/intake/dead-letters?source=sourcing", admin);
            assertThat(json.readTree(deadLetters.body())).hasSize(1);
            assertThat(deadLetters.body()).doesNotContain("Acme");
            assertThat(get(service, "/intake/dead-letters", steward).statusCode()).isEqualTo(403);
            assertThat(get(service, "/intake/dead-letters", null).statusCode()).isEqualTo(401);
            assertThat(meters.get("mdg.inbound.queue.depth").gauge().value()).isZero();
            assertThat(meters.get("mdg.inbound.dead.letters").gauge().value()).isEqualTo(1);
        }
    }

    // ------------------------------------------------------------------------------------------- Procurely's side

    private static String supplier(int revision, String name, String iban) {
        String banking = iban == null ? "" : ",\"banking\":{\"holder\":\"" + name + "\",\"bank\":\"Commerzbank\","
                + "\"iban\":\"" + iban + "\",\"currency\":\"EUR\"}";
        return "{\"id\":\"evt\",\"type\":\"" + (revision == 1 ? "supplier.created" : "supplier.updated")
                + "\",\"created_at\":\"2026-12-08T10:00:00Z\",\"data\":{\"supplier\":{\"id\":\"PRC-SUP-1001\","
                + "\"revision\":" + revision + ",\"legal_name\":\"" + name + "\",\"dba\":[\"Acme Surgical\"],"
                + "\"addresses\":{\"ordering\":{\"street\":\"1 Main St\",\"city\":\"Springfield\",\"state\":\"IL\","
                + "\"zip\":\"62701\"}},\"compliance\":\"cleared\"" + banking + "}}}";
    }

    private static String award() {
        return "{\"type\":\"contract.awarded\",\"data\":{\"award\":{\"id\":\"PRC-AWD-77\",\"revision\":1,"
                + "\"number\":\"GPO-2027-0042\",\"supplier_id\":\"PRC-SUP-1001\",\"kind\":\"gpo\",\"tier\":\"TIER-2\","
                + "\"starts_on\":\"2027-01-01\",\"ends_on\":\"2027-12-31\",\"price_lines\":[{\"catalog_item_id\":"
                + "\"PRC-ITM-5\",\"uom\":\"box\",\"unit_price\":\"42.50\",\"currency\":\"USD\"}]}}}";
    }

    private static String newSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    /** Standard Webhooks headers, signed as a platform does. */
    private static Map<String, String> sign(String secret, String id, Instant at, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String signed = id + "." + at.getEpochSecond() + "." + body;
        return Map.of("webhook-id", id, "webhook-timestamp", Long.toString(at.getEpochSecond()), "webhook-signature",
                "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8))));
    }

    private HttpResponse<String> send(ServiceHarness service, String id, String body) throws Exception {
        return send(service, id, body, "sourcing");
    }

    private HttpResponse<String> send(ServiceHarness service, String id, String body, String source) throws Exception {
        return post(service, "/inbound/" + source, body, sign(secret, id, Instant.now(), body), "application/json");
    }

    private static HttpResponse<String> post(ServiceHarness service, String body, Map<String, String> headers,
                                             String contentType) throws Exception {
        return post(service, "/inbound/sourcing", body, headers, contentType);
    }

    private static HttpResponse<String> post(ServiceHarness service, String path, String body,
                                             Map<String, String> headers, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + service.port() + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ------------------------------------------------------------------------------------------------ our side

    /** The inbound entry once it has the status, read by an admin. */
    private static JsonNode entry(ServiceHarness service, String admin, String correlationId, String status) {
        return eventually(() -> json.readTree(get(service, "/intake/entries/" + correlationId, admin).body()),
                e -> e.path("status").asText().equals(status), WAIT);
    }

    private static HttpResponse<String> get(ServiceHarness service, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + service.port() + path))
                .GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode supplier(ServiceHarness service, String token, String id) throws Exception {
        return graphql(service, "{ supplier(id: \"" + id + "\") { id version legalName screeningStatus sourceRefs {"
                + " system sourceId } orderingAddress { city country } bankAccount { iban } } }", token)
                .path("data").path("supplier");
    }

    private static JsonNode graphql(ServiceHarness service, String query, String token) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + service.port() + "/graphql"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("query", query))))
                .build(), HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body());
    }
}
