package io.mdg.e2e;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.mdg.app.ServiceHarness;
import io.mdg.e2e.support.GraphQlClient;
import io.mdg.e2e.support.GraphQlClient.Answer;
import io.mdg.e2e.support.KeycloakServer;

/**
 * The contract price threshold ({@code approvals.contractPriceChangeThreshold}, 5 % by default) end to end with real
 * Keycloak tokens: the sourcing client cannot walk a price past it in small steps or by switching the line's unit,
 * a contract steward's approval sets the new baseline, and an approved change of an item's packaging that moves a
 * contract price per base unit beyond the threshold opens a change request on the contract.
 */
class ContractPriceThresholdIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String RESULT = "{ outcome goldenId changeRequestId errors { field code message } }";
    private static final String CONTRACT = """
            query($id: ID!) { contract(id: $id) { id lines { unit price currency } pendingChanges { attributes }
                changeRequests(status: PENDING) { id reason } } }""";
    private static final String APPROVE = """
            mutation($id: ID!) { approveChangeRequest(id: $id, comment: "checked the price list") { status } }""";
    private static final String REQUEST = "query($id: ID!) { changeRequest(id: $id) { status } }";

    private static KeycloakServer keycloak;
    private static ServiceHarness service;
    private static GraphQlClient api;

    @BeforeAll
    static void start() throws Exception {
        keycloak = KeycloakServer.shared();
        Path dataDir = Files.createTempDirectory("mdg-e2e-price");
        service = ServiceHarness.start(dataDir, Map.of("mdg.security.issuer", keycloak.issuer()));
        api = new GraphQlClient("http://localhost:" + service.port() + "/graphql");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void five_small_steps_cannot_walk_a_price_past_the_threshold_without_approval() {
        String item = item("PRICE-STEPS", 10);
        String contract = contract("PRICE-STEPS", item, "EA", "100");

        List<String> outcomes = new ArrayList<>();
        int version = 2;
        for (String price : List.of("104.9", "110.04", "115.43", "121.09", "127.02")) {
            outcomes.add(lines("PRICE-STEPS", version++, item, "EA", price).path("outcome").asText());
        }

        // each step is +4.9 % on the one before, but only the first is within 5 % of the price agreed at creation
        assertThat(outcomes).containsExactly("UPDATED", "PENDING_APPROVAL", "PENDING_APPROVAL", "PENDING_APPROVAL",
                "PENDING_APPROVAL");
        JsonNode read = contract(contract, c -> c.path("changeRequests").size() == 1);
        assertThat(read.path("lines").path(0).path("price").asText()).isEqualTo("104.9");
    }

    @Test
    void switching_a_line_to_another_unit_is_judged_per_base_unit() {
        String item = item("PRICE-UNIT", 10);
        String contract = contract("PRICE-UNIT", item, "EA", "100");

        // the same number per box of 10 is a tenth of the price per each: held
        assertThat(lines("PRICE-UNIT", 2, item, "BX", "100").path("outcome").asText()).isEqualTo("PENDING_APPROVAL");
        // the same price per each, quoted per box: applied
        assertThat(lines("PRICE-UNIT", 3, item, "BX", "1000").path("outcome").asText()).isEqualTo("UPDATED");
        JsonNode read = contract(contract, c -> c.path("lines").path(0).path("unit").asText().equals("BX"));
        assertThat(read.path("lines").path(0).path("price").asText()).isEqualTo("1000");
        // and a currency switch at the same number is a change of price
        assertThat(lines("PRICE-UNIT", 4, item, "BX", "1000", "EUR").path("outcome").asText())
                .isEqualTo("PENDING_APPROVAL");
    }

    @Test
    void a_contract_stewards_approval_sets_the_new_baseline() throws Exception {
        String item = item("PRICE-APPROVED", 10);
        String contract = contract("PRICE-APPROVED", item, "EA", "100");
        JsonNode held = lines("PRICE-APPROVED", 2, item, "EA", "120");
        assertThat(held.path("outcome").asText()).isEqualTo("PENDING_APPROVAL");
        String request = held.path("changeRequestId").asText();

        Answer approval = api.post(keycloak.userToken("carl.contract"), APPROVE, Map.of("id", request));
        assertThat(approval.body().has("errors")).as(approval.body().toString()).isFalse();
        eventually(() -> api.post(keycloak.userToken("carl.contract"), REQUEST, Map.of("id", request)).data()
                .path("changeRequest").path("status").asText(), "APPROVED"::equals, WAIT);

        // +4.9 % on the approved 120 is applied (it is +25.9 % on the 100 of the contract's creation); the applied
        // price is no baseline: 131.5 is +4.5 % on it but +9.6 % on the approved 120, held
        assertThat(lines("PRICE-APPROVED", 3, item, "EA", "125.88").path("outcome").asText()).isEqualTo("UPDATED");
        assertThat(lines("PRICE-APPROVED", 4, item, "EA", "131.5").path("outcome").asText())
                .isEqualTo("PENDING_APPROVAL");
        // the read models catch up asynchronously: poll until both the applied price and the held change show
        JsonNode read = contract(contract, c -> c.path("lines").path(0).path("price").asText().equals("125.88")
                && c.path("changeRequests").size() == 1);
        assertThat(read.path("changeRequests")).hasSize(1);
    }

    @Test
    void an_approved_packaging_change_that_moves_a_price_per_base_unit_opens_a_contract_change_request() {
        String item = item("PRICE-PACK", 10);
        String contract = contract("PRICE-PACK", item, "BX", "100");

        // the ERP says a box now holds 12: 100 per box is 8.33 per each instead of 10 (-16.7 %)
        JsonNode packaging = submit("erp", "Item", Map.of("sourceId", "PRICE-PACK", "sourceVersion", 2,
                "packaging", packaging(12)));
        assertThat(packaging.path("outcome").asText()).isEqualTo("PENDING_APPROVAL");
        Answer approval = api.post(keycloak.userToken("ian.item"), APPROVE,
                Map.of("id", packaging.path("changeRequestId").asText()));
        assertThat(approval.body().has("errors")).as(approval.body().toString()).isFalse();

        JsonNode read = contract(contract, c -> c.path("changeRequests").size() == 1);
        assertThat(read.path("changeRequests").path(0).path("reason").asText()).contains("per EA");
        assertThat(read.path("pendingChanges").path(0).path("attributes").path(0).asText()).isEqualTo("lines");
        // until a contract steward accepts the moved price, the sourcing client's small edits are held too
        assertThat(lines("PRICE-PACK", 2, item, "BX", "101").path("outcome").asText()).isEqualTo("PENDING_APPROVAL");
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private static String item(String sourceId, int perBox) {
        String manufacturer = submit("erp", "Supplier", Map.of("sourceId", sourceId + "-M",
                "legalName", sourceId + " Medical Inc.")).path("goldenId").asText();
        JsonNode item = submit("erp", "Item", Map.of("sourceId", sourceId, "sourceVersion", 1,
                "description", "Catheter " + sourceId, "itemClass", "MED_SURG", "unspsc", "42312201",
                "manufacturer", Map.of("id", manufacturer), "packaging", packaging(perBox)));
        assertThat(item.path("outcome").asText()).as(item.toString()).isEqualTo("CREATED");
        return item.path("goldenId").asText();
    }

    private static List<Map<String, Object>> packaging(int perBox) {
        return List.of(Map.of("unit", "EA"), Map.of("unit", "BX", "quantity", perBox, "containsUnit", "EA"));
    }

    private static String contract(String sourceId, String item, String unit, String price) {
        String supplier = submit("erp", "Supplier", Map.of("sourceId", sourceId + "-S",
                "legalName", sourceId + " Supply Inc.")).path("goldenId").asText();
        JsonNode created = submit("sourcing", "Contract", Map.of("sourceId", sourceId, "sourceVersion", 1,
                "contractNumber", sourceId, "supplier", Map.of("id", supplier), "contractType", "GPO",
                "tier", "TIER-1", "effectiveFrom", "2026-01-01", "effectiveTo", "2028-12-31",
                "lines", List.of(line(item, unit, price, "USD"))));
        assertThat(created.path("outcome").asText()).as(created.toString()).isEqualTo("CREATED");
        return created.path("goldenId").asText();
    }

    private static JsonNode lines(String sourceId, int version, String item, String unit, String price) {
        return lines(sourceId, version, item, unit, price, "USD");
    }

    private static JsonNode lines(String sourceId, int version, String item, String unit, String price,
                                  String currency) {
        return submit("sourcing", "Contract", Map.of("sourceId", sourceId, "sourceVersion", version,
                "lines", List.of(line(item, unit, price, currency))));
    }

    private static Map<String, Object> line(String item, String unit, String price, String currency) {
        return Map.of("item", Map.of("id", item), "unit", unit, "price", price, "currency", currency);
    }

    private static JsonNode submit(String client, String type, Map<String, Object> input) {
        String query = "mutation($input: " + type + "SubmissionInput!) { submit" + type + "(input: $input) " + RESULT
                + " }";
        Answer answer = api.post(keycloak.clientToken(client), query, Map.of("input", input));
        assertThat(answer.body().has("errors")).as(answer.body().toString()).isFalse();
        return answer.data().path("submit" + type);
    }

    private static JsonNode contract(String id, Predicate<JsonNode> ready) {
        String steward = keycloak.userToken("carl.contract");
        try {
            return eventually(() -> api.post(steward, CONTRACT, Map.of("id", id)).data().path("contract"),
                    c -> !c.isMissingNode() && !c.isNull() && ready.test(c), WAIT);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
