package io.mdg.e2e;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.mdg.app.ServiceHarness;
import io.mdg.e2e.support.GraphQlClient;
import io.mdg.e2e.support.KeycloakServer;

/**
 * Governed master data end to end, per entity type: two source systems, each with its own real Keycloak token, send
 * their version of the same record over GraphQL. The second is linked to the first by an exact identifier (no
 * twin), the attributes it does not own are refused per attribute, and an analyst reads one golden record with both
 * cross-references and the lineage of each value.
 */
class GovernedRecordsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String RESULT = "{ outcome goldenId attributes { attribute status code } errors { field code message } }";

    private static KeycloakServer keycloak;
    private static ServiceHarness service;
    private static GraphQlClient api;
    private static String analyst;

    @BeforeAll
    static void start() throws Exception {
        keycloak = KeycloakServer.shared();
        Path dataDir = Files.createTempDirectory("mdg-e2e-governed");
        service = ServiceHarness.start(dataDir, Map.of("mdg.security.issuer", keycloak.issuer()));
        api = new GraphQlClient("http://localhost:" + service.port() + "/graphql");
        analyst = keycloak.userToken("andy.analyst");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void supplier_from_the_erp_and_the_supplier_portal() {
        JsonNode erp = submit("erp", "Supplier", Map.of("sourceId", "E2E-V1", "sourceVersion", 1,
                "legalName", "Northwind Surgical Inc.", "taxId", "13-1234567",
                "contacts", List.of(Map.of("name", "Ignored", "email", "x@northwind.example"))));
        assertThat(erp.path("outcome").asText()).isEqualTo("CREATED");
        assertThat(statusOf(erp, "contacts")).isEqualTo("NOT_SYSTEM_OF_RECORD");

        JsonNode portal = submit("supplier-portal", "Supplier", Map.of("sourceId", "SP-77", "sourceVersion", 1,
                "legalName", "Northwind Surgical Incorporated", "taxId", "131234567",
                "contacts", List.of(Map.of("name", "Orders", "role", "customer service",
                        "email", "orders@northwind.example"))));
        assertThat(portal.path("goldenId").asText()).isEqualTo(erp.path("goldenId").asText());
        assertThat(statusOf(portal, "legalName")).isEqualTo("NOT_SYSTEM_OF_RECORD");
        assertThat(statusOf(portal, "contacts")).isEqualTo("APPLIED");

        JsonNode supplier = read("supplier", erp.path("goldenId").asText(),
                "legalName taxId contacts { name email }", s -> s.path("contacts").size() == 1);
        assertThat(supplier.path("legalName").asText()).isEqualTo("Northwind Surgical Inc.");
        assertThat(supplier.path("contacts").path(0).path("name").asText()).isEqualTo("Orders");
        assertThat(supplier.path("sourceRefs").findValuesAsText("system")).containsExactlyInAnyOrder("ERP", "SUPPLIER_PORTAL");
        assertThat(lineageOf(supplier, "contacts")).isEqualTo("SUPPLIER_PORTAL");
        assertThat(lineageOf(supplier, "legalName")).isEqualTo("ERP");
    }

    @Test
    void item_from_the_erp_and_the_inventory_platform() {
        String manufacturer = submit("erp", "Supplier", Map.of("sourceId", "E2E-M1", "legalName", "Contoso Devices LLC"))
                .path("goldenId").asText();
        Map<String, Object> packaging = Map.of("unit", "EA", "gtin", "00614141000012");
        JsonNode erp = submit("erp", "Item", Map.of("sourceId", "E2E-I1", "sourceVersion", 1,
                "description", "Exam glove nitrile M", "manufacturer", Map.of("sourceId", "E2E-M1"),
                "unspsc", "42132203", "itemClass", "MED_SURG",
                "packaging", List.of(packaging, Map.of("unit", "BX", "quantity", 100, "containsUnit", "EA"))));
        assertThat(erp.path("outcome").asText()).as(erp.toString()).isEqualTo("CREATED");

        JsonNode inventory = submit("inventory", "Item", Map.of("sourceId", "INV-555", "sourceVersion", 1,
                "description", "GLOVE EXAM NITRILE MED", "packaging", List.of(packaging)));
        assertThat(inventory.path("goldenId").asText()).isEqualTo(erp.path("goldenId").asText());
        assertThat(statusOf(inventory, "description")).isEqualTo("NOT_SYSTEM_OF_RECORD");

        JsonNode item = read("item", erp.path("goldenId").asText(),
                "description manufacturer { id legalName } packaging { unit gtin conversionFactor }",
                i -> i.path("sourceRefs").size() == 2);
        assertThat(item.path("description").asText()).isEqualTo("Exam glove nitrile M");
        assertThat(item.path("manufacturer").path("id").asText()).isEqualTo(manufacturer);
        assertThat(item.path("packaging").path(1).path("conversionFactor").asInt()).isEqualTo(100);
        assertThat(item.path("sourceRefs").findValuesAsText("system")).containsExactlyInAnyOrder("ERP", "INVENTORY");
    }

    @Test
    void contract_from_the_sourcing_suite_and_the_erp() {
        String supplier = submit("erp", "Supplier", Map.of("sourceId", "E2E-M2", "legalName", "Fabrikam Medical Inc."))
                .path("goldenId").asText();
        String item = submit("erp", "Item", Map.of("sourceId", "E2E-I2", "description", "Suture absorbable 3-0",
                "itemClass", "MED_SURG", "unspsc", "42312201", "manufacturer", Map.of("sourceId", "E2E-M2"),
                "packaging", List.of(Map.of("unit", "EA", "gtin", "00614141000029"),
                        Map.of("unit", "BX", "quantity", 12, "containsUnit", "EA")))).path("goldenId").asText();
        Map<String, Object> line = Map.of("item", Map.of("id", item), "unit", "BX", "price", "96.00", "currency", "USD");
        JsonNode sourcing = submit("sourcing", "Contract", Map.of("sourceId", "CT-1", "sourceVersion", 1,
                "contractNumber", "GPO-2026-77", "supplier", Map.of("id", supplier), "contractType", "GPO",
                "tier", "TIER-2", "effectiveFrom", "2026-01-01", "effectiveTo", "2027-12-31", "lines", List.of(line)));
        assertThat(sourcing.path("outcome").asText()).as(sourcing.toString()).isEqualTo("CREATED");

        JsonNode erp = submit("erp", "Contract", Map.of("sourceId", "ERP-AGR-9", "contractNumber", "GPO-2026-77",
                "supplier", Map.of("id", supplier), "tier", "TIER-1"));
        assertThat(erp.path("goldenId").asText()).isEqualTo(sourcing.path("goldenId").asText());
        assertThat(statusOf(erp, "tier")).isEqualTo("NOT_SYSTEM_OF_RECORD");

        JsonNode contract = read("contract", sourcing.path("goldenId").asText(),
                "contractNumber tier supplier { legalName } lines { unit price item { description } }",
                c -> c.path("sourceRefs").size() == 2);
        assertThat(contract.path("tier").asText()).isEqualTo("TIER-2");
        assertThat(contract.path("lines").path(0).path("price").asText()).isEqualTo("96");
        assertThat(contract.path("lines").path(0).path("item").path("description").asText()).startsWith("Suture");
        assertThat(contract.path("supplier").path("legalName").asText()).isEqualTo("Fabrikam Medical Inc.");
    }

    @Test
    void location_from_the_erp_and_the_inventory_platform() {
        String network = submit("erp", "Location", Map.of("sourceId", "E2E-NET", "name", "E2E Health",
                "locationType", "NETWORK")).path("goldenId").asText();
        JsonNode erp = submit("erp", "Location", Map.of("sourceId", "E2E-ST1", "name", "OR storeroom",
                "locationType", "STOREROOM", "parent", Map.of("sourceId", "E2E-NET"), "gln", "0614141000036"));
        assertThat(erp.path("outcome").asText()).as(erp.toString()).isEqualTo("CREATED");

        JsonNode inventory = submit("inventory", "Location", Map.of("sourceId", "INV-OR-1", "name", "Main OR stock",
                "gln", "0614141000036", "storageCondition", "REFRIGERATED", "replenishmentMethod", "PAR_LEVEL"));
        assertThat(inventory.path("goldenId").asText()).isEqualTo(erp.path("goldenId").asText());
        assertThat(statusOf(inventory, "name")).isEqualTo("NOT_SYSTEM_OF_RECORD");
        assertThat(statusOf(inventory, "storageCondition")).isEqualTo("APPLIED");

        JsonNode location = read("location", erp.path("goldenId").asText(),
                "name storageCondition parent { id name }", l -> l.path("storageCondition").isTextual());
        assertThat(location.path("name").asText()).isEqualTo("OR storeroom");
        assertThat(location.path("storageCondition").asText()).isEqualTo("REFRIGERATED");
        assertThat(location.path("parent").path("id").asText()).isEqualTo(network);
        assertThat(lineageOf(location, "storageCondition")).isEqualTo("INVENTORY");
    }

    @Test
    void a_batch_reports_one_outcome_per_record_and_a_bad_record_blocks_nothing() {
        String query = "mutation($input: BatchInput!) { submitBatch(input: $input) { index type sourceId result "
                + RESULT + " error { code message } } }";
        JsonNode results = api.post(keycloak.clientToken("erp"), query, Map.of("input", Map.of("suppliers", List.of(
                Map.of("sourceId", "B-1", "legalName", "Batch One Inc."),
                Map.of("sourceId", "B-2", "legalName", "Batch Two Inc.", "duns", "12"),
                Map.of("sourceId", "B-3", "legalName", "Batch Three Inc."))))).data().path("submitBatch");
        assertThat(results.findValuesAsText("outcome")).containsExactly("CREATED", "REJECTED", "CREATED");
    }

    @Test
    void a_source_repeating_a_keyed_submission_gets_its_first_answer_and_a_changed_input_is_a_conflict() {
        String query = "mutation($input: SupplierSubmissionInput!) { submitSupplier(input: $input) " + RESULT + " }";
        Map<String, Object> input = Map.of("sourceId", "E2E-IDEM-1", "legalName", "Keyed Surgical Inc.");
        Map<String, String> key = Map.of("Idempotency-Key", "e2e-" + java.util.UUID.randomUUID());
        String erp = keycloak.clientToken("erp");
        GraphQlClient.Answer first = api.post(erp, query, Map.of("input", input), key);
        assertThat(first.data().path("submitSupplier").path("outcome").asText()).as(first.body().toString())
                .isEqualTo("CREATED");

        // a retry after a lost answer: the first answer again (CREATED, not UNCHANGED), nothing applied twice
        GraphQlClient.Answer repeat = api.post(keycloak.clientToken("erp"), query, Map.of("input", input), key);
        assertThat(repeat.data().path("submitSupplier")).isEqualTo(first.data().path("submitSupplier"));

        GraphQlClient.Answer changed = api.post(erp, query, Map.of("input", Map.of("sourceId", "E2E-IDEM-1",
                "legalName", "Keyed Surgical Incorporated")), key);
        assertThat(changed.firstError().path("extensions").path("code").asText()).isEqualTo("CONFLICT");
        assertThat(changed.firstError().path("extensions").path("reason").asText()).isEqualTo("IDEMPOTENCY_KEY_REUSED");

        // the key is the erp client's: the sourcing client's request with the same key is its own
        GraphQlClient.Answer sourcing = api.post(keycloak.clientToken("sourcing"), query,
                Map.of("input", Map.of("sourceId", "S-IDEM-1", "legalName", "Keyed Surgical Inc.")), key);
        assertThat(sourcing.body().has("errors")).as(sourcing.body().toString()).isFalse();
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private static JsonNode submit(String client, String type, Map<String, Object> input) {
        String query = "mutation($input: " + type + "SubmissionInput!) { submit" + type + "(input: $input) " + RESULT + " }";
        GraphQlClient.Answer answer = api.post(keycloak.clientToken(client), query, Map.of("input", input));
        assertThat(answer.body().has("errors")).as(answer.body().toString()).isFalse();
        return answer.data().path("submit" + type);
    }

    private static JsonNode read(String field, String id, String selection, java.util.function.Predicate<JsonNode> ready) {
        String query = "query($id: ID!) { " + field + "(id: $id) { id version " + selection
                + " sourceRefs { system sourceId } lineage { attribute system sourceId } } }";
        try {
            return eventually(() -> api.post(analyst, query, Map.of("id", id)).data().path(field),
                    n -> !n.isMissingNode() && !n.isNull() && ready.test(n), WAIT);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String statusOf(JsonNode result, String attribute) {
        for (JsonNode a : result.path("attributes")) {
            if (a.path("attribute").asText().equals(attribute)) {
                return a.path("status").asText();
            }
        }
        throw new AssertionError("no result for " + attribute + " in " + result);
    }

    private static String lineageOf(JsonNode record, String attribute) {
        for (JsonNode l : record.path("lineage")) {
            if (l.path("attribute").asText().equals(attribute)) {
                return l.path("system").asText();
            }
        }
        throw new AssertionError("no lineage for " + attribute + " in " + record);
    }
}
