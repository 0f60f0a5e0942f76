package io.mdg.e2e;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.mdg.app.ServiceHarness;
import io.mdg.e2e.support.GraphQlClient;
import io.mdg.e2e.support.GraphQlClient.Answer;
import io.mdg.e2e.support.KeycloakServer;
import io.mdg.e2e.support.StewardSteps;

/**
 * A source's newer word supersedes its held change, end to end with real Keycloak tokens: when the ERP sends the
 * original value back while its change waits for approval, the request leaves the inbox as SUPERSEDED (naming the
 * newer submission, in the audit trail too) and can no longer be approved, so an approval never applies a value
 * the system of record no longer states. The same holds for a bank account; a newer different value supersedes
 * with a new request.
 */
class SourceRevertIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SUBMIT = """
            mutation($input: SupplierSubmissionInput!) {
              submitSupplier(input: $input) { outcome goldenId changeRequestId
                attributes { attribute status code } errors { field code } }
            }""";
    private static final String SUPPLIER = """
            query($id: ID!) { supplier(id: $id) { id legalName bankAccount { accountNumber }
                pendingChanges { attributes } changeRequests(status: PENDING) { id } } }""";
    private static final String REQUEST = """
            query($id: ID!) { changeRequest(id: $id) { id status supersededBy decisions { kind comment } } }""";
    private static final String AUDIT = """
            query($id: ID!) { auditTrail(filter: { changeRequestId: $id }, first: 50) {
                edges { node { action comment } } } }""";

    private static KeycloakServer keycloak;
    private static ServiceHarness service;
    private static GraphQlClient api;
    private static StewardSteps stewards;

    @BeforeAll
    static void start() throws Exception {
        keycloak = KeycloakServer.shared();
        service = ServiceHarness.start(Files.createTempDirectory("mdg-e2e-revert"),
                Map.of("mdg.security.issuer", keycloak.issuer()));
        api = new GraphQlClient("http://localhost:" + service.port() + "/graphql");
        stewards = new StewardSteps(api, keycloak);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void the_erp_sending_the_original_legal_name_back_supersedes_its_held_rename() throws Exception {
        String supplier = submit("REVERT-NAME", 1, Map.of("legalName", "Revert Medical Inc.")).path("goldenId")
                .asText();
        JsonNode held = submit("REVERT-NAME", 2, Map.of("legalName", "Revert Medical Holdings Inc."));
        assertThat(held.path("outcome").asText()).isEqualTo("PENDING_APPROVAL");
        String request = held.path("changeRequestId").asText();
        String sam = keycloak.userToken("sam.supplier");
        stewards.supplier(sam, SUPPLIER, supplier, s -> s.path("changeRequests").size() == 1);

        JsonNode reverted = submit("REVERT-NAME", 3, Map.of("legalName", "Revert Medical Inc."));
        assertThat(reverted.path("outcome").asText()).isEqualTo("UNCHANGED");
        assertThat(reverted.path("attributes").path(0).path("code").asText()).isEqualTo("SUPERSEDES_HELD_CHANGE");

        JsonNode closed = stewards.changeRequest(sam, REQUEST, request,
                r -> r.path("status").asText().equals("SUPERSEDED"));
        String last = closed.path("decisions").path(closed.path("decisions").size() - 1).path("comment").asText();
        assertThat(last).contains("ERP:REVERT-NAME version 3");
        JsonNode record = stewards.supplier(sam, SUPPLIER, supplier, s -> s.path("changeRequests").isEmpty()
                && s.path("pendingChanges").isEmpty());
        assertThat(record.path("legalName").asText()).isEqualTo("Revert Medical Inc.");

        assertThat(stewards.refusal("sue.supplier", request, null)).isEqualTo("NOT_PENDING");
        assertThat(stewards.supplier(sam, SUPPLIER, supplier, s -> true).path("legalName").asText())
                .isEqualTo("Revert Medical Inc.");

        JsonNode audit = eventually(() -> api.post(keycloak.userToken("audrey.auditor"), AUDIT,
                Map.of("id", request)).data().path("auditTrail").path("edges"),
                edges -> edges.findValuesAsText("action").contains("SUPERSEDED"), WAIT);
        assertThat(audit.toString()).contains("ERP:REVERT-NAME version 3");
    }

    @Test
    void the_erp_sending_the_verified_bank_account_back_supersedes_its_held_bank_change() {
        JsonNode created = submit("REVERT-BANK", 1, Map.of("legalName", "Revert Bank Medical Inc.",
                "bankAccount", account("111122223333")));
        String supplier = created.path("goldenId").asText();
        String verification = created.path("changeRequestId").asText();
        stewards.approve("sam.supplier", verification, "called back on the number on file");
        stewards.approve("fay.finance", verification, null);
        String sam = keycloak.userToken("sam.supplier");
        stewards.supplier(sam, SUPPLIER, supplier,
                s -> s.path("bankAccount").path("accountNumber").asText().equals("111122223333"));

        JsonNode held = submit("REVERT-BANK", 2, Map.of("bankAccount", account("444455556666")));
        assertThat(held.path("outcome").asText()).isEqualTo("PENDING_APPROVAL");
        String request = held.path("changeRequestId").asText();
        stewards.supplier(sam, SUPPLIER, supplier, s -> s.path("pendingChanges").size() == 1);

        JsonNode reverted = submit("REVERT-BANK", 3, Map.of("bankAccount", account("111122223333")));
        assertThat(reverted.path("outcome").asText()).isEqualTo("UNCHANGED");
        stewards.changeRequest(sam, REQUEST, request, r -> r.path("status").asText().equals("SUPERSEDED"));
        JsonNode record = stewards.supplier(sam, SUPPLIER, supplier,
                s -> s.path("pendingChanges").isEmpty() && s.path("changeRequests").isEmpty());
        assertThat(record.path("bankAccount").path("accountNumber").asText()).isEqualTo("111122223333");
        assertThat(stewards.refusal("sue.supplier", request, "call-back")).isEqualTo("NOT_PENDING");
    }

    @Test
    void a_newer_different_value_supersedes_the_held_change_with_a_new_request() {
        String supplier = submit("REVERT-AGAIN", 1, Map.of("legalName", "Again Medical Inc.")).path("goldenId")
                .asText();
        String first = submit("REVERT-AGAIN", 2, Map.of("legalName", "Again Medical Group Inc."))
                .path("changeRequestId").asText();
        String second = submit("REVERT-AGAIN", 3, Map.of("legalName", "Again Medical Holdings Inc."))
                .path("changeRequestId").asText();
        assertThat(second).isNotBlank().isNotEqualTo(first);

        String sam = keycloak.userToken("sam.supplier");
        JsonNode closed = stewards.changeRequest(sam, REQUEST, first,
                r -> r.path("status").asText().equals("SUPERSEDED"));
        assertThat(closed.path("supersededBy").asText()).isEqualTo(second);
        JsonNode record = stewards.supplier(sam, SUPPLIER, supplier, s -> s.path("changeRequests").size() == 1);
        assertThat(record.path("changeRequests").path(0).path("id").asText()).isEqualTo(second);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static JsonNode submit(String sourceId, int version, Map<String, Object> values) {
        Map<String, Object> input = new HashMap<>(values);
        input.put("sourceId", sourceId);
        input.put("sourceVersion", version);
        Answer answer = api.post(keycloak.clientToken("erp"), SUBMIT, Map.of("input", input));
        assertThat(answer.body().has("errors")).as(answer.body().toString()).isFalse();
        JsonNode result = answer.data().path("submitSupplier");
        assertThat(result.path("errors")).as(result.toString()).isEmpty();
        return result;
    }

    private static Map<String, Object> account(String number) {
        return Map.of("accountHolder", "Revert Bank Medical Inc.", "bankName", "First Bank",
                "routingNumber", "021000021", "accountNumber", number, "currency", "USD");
    }
}
