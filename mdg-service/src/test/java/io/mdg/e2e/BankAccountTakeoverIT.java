package io.mdg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
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
 * The bank-account takeover a probe found, end to end with real Keycloak tokens: the ERP creates a look-alike
 * supplier with its own bank account, and a steward proposes merging the real supplier into it. A new supplier's
 * bank account is not trusted: it waits for the banking approval steps (a supplier steward's check with a
 * verification note, then a finance controller's release) before it is part of the golden record. A merge that would
 * give the real supplier's source records another bank account needs the same, and its request shows the approvers
 * both accounts (masked for analysts). The steps keep segregation of duties across them: each step only to its role,
 * shown in that role's inbox only, and a person holding both roles approves once.
 */
class BankAccountTakeoverIT {

    private static final String SUBMIT = """
            mutation($input: SupplierSubmissionInput!) {
              submitSupplier(input: $input) { outcome goldenId changeRequestId
                attributes { attribute status } errors { field code } }
            }""";
    private static final String SUPPLIER = """
            query($id: ID!) { supplier(id: $id) { id status mergedInto bankAccount { accountNumber }
                bankAccountPendingVerification pendingChanges { attributes approvalsRequired }
                changeRequests(status: PENDING) { id action } } }""";
    private static final String REQUEST = """
            query($id: ID!) { changeRequest(id: $id) { id status action approvals approvalsRequired evidenceRequired
                groups changes { attribute before after } approverRole currentStep
                steps { role approvalsRequired approvals approvers }
                decisions { kind actor { name } verificationNote step } } }""";
    private static final String INBOX = """
            { changeRequests(filter: {awaitingMyDecision: true}, first: 100) { edges { node { id } } } }""";
    private static final String REJECT = """
            mutation($id: ID!) { rejectChangeRequest(id: $id, reason: "not the supplier's account") { status } }""";
    private static final String BY_SOURCE = """
            query($sourceId: String!) { recordBySource(system: ERP, sourceId: $sourceId, type: SUPPLIER) {
                id ... on Supplier { bankAccount { accountNumber } } } }""";
    private static final String MERGE = """
            mutation($survivor: ID!, $merged: ID!) { mergeRecords(type: SUPPLIER, survivorId: $survivor,
                mergedId: $merged, reason: "same company, duplicate vendor") { id } }""";

    private static KeycloakServer keycloak;
    private static ServiceHarness service;
    private static GraphQlClient api;
    private static StewardSteps stewards;

    @BeforeAll
    static void start() throws Exception {
        keycloak = KeycloakServer.shared();
        service = ServiceHarness.start(Files.createTempDirectory("mdg-e2e-takeover"),
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
    void a_new_suppliers_bank_account_is_pending_verification_until_checked_and_released() {
        JsonNode created = submit("TAKEOVER-NEW", "Fresh Vendor Medical Inc.", "12-3000001", "555500001111");
        assertThat(created.path("outcome").asText()).isEqualTo("CREATED");
        assertThat(created.path("attributes").findValuesAsText("status")).contains("PENDING_APPROVAL");
        String supplier = created.path("goldenId").asText();
        String request = created.path("changeRequestId").asText();
        assertThat(request).isNotBlank();

        String sam = keycloak.userToken("sam.supplier");
        JsonNode pending = stewards.supplier(sam, SUPPLIER, supplier, s -> s.path("changeRequests").size() == 1);
        assertThat(pending.path("bankAccount").isNull()).as(pending.toString()).isTrue();
        assertThat(pending.path("bankAccountPendingVerification").asBoolean()).isTrue();
        assertThat(pending.path("pendingChanges").path(0).path("attributes").toString()).contains("bankAccount");
        JsonNode opened = stewards.changeRequest(sam, REQUEST, request, r -> true);
        assertThat(opened.path("approvalsRequired").asInt()).isEqualTo(2);
        assertThat(opened.path("evidenceRequired").asBoolean()).isTrue();
        // the pending value is masked for an analyst as everywhere
        String analyst = keycloak.userToken("andy.analyst");
        JsonNode seenByAnalyst = stewards.changeRequest(analyst, REQUEST, request, r -> true);
        assertThat(seenByAnalyst.path("changes").path(0).path("after").asText()).contains("1111")
                .doesNotContain("555500001111");

        assertThat(stewards.refusal("sam.supplier", request, null)).isEqualTo("VERIFICATION_NOTE_REQUIRED");
        stewards.approve("sam.supplier", request, "called the number on file");
        assertThat(stewards.supplier(sam, SUPPLIER, supplier, s -> true).path("bankAccount").isNull()).isTrue();
        stewards.changeRequest(sam, REQUEST, request, r -> r.path("currentStep").asInt() == 2);
        stewards.approve("fay.finance", request, null);

        JsonNode verified = stewards.supplier(sam, SUPPLIER, supplier, s -> !s.path("bankAccount").isNull());
        assertThat(verified.path("bankAccount").path("accountNumber").asText()).isEqualTo("555500001111");
        assertThat(verified.path("bankAccountPendingVerification").asBoolean()).isFalse();
        assertThat(verified.path("pendingChanges")).isEmpty();
    }

    @Test
    void merging_the_real_supplier_into_a_look_alike_with_another_bank_account_needs_the_banking_approvals() {
        String real = createVerified("TAKEOVER-REAL", "Acme Surgical Supply Inc.", "12-3000002", "111100002222");
        String lookAlike = createVerified("TAKEOVER-FAKE", "Acme Surgical Supply, Inc.", "12-3000003",
                "999900008888");

        String sam = keycloak.userToken("sam.supplier");
        Answer merge = api.post(sam, MERGE, Map.of("survivor", lookAlike, "merged", real));
        assertThat(merge.body().has("errors")).as(merge.body().toString()).isFalse();
        String request = stewards.supplier(sam, SUPPLIER, real, s -> s.path("changeRequests").size() == 1)
                .path("changeRequests").path(0).path("id").asText();

        JsonNode opened = stewards.changeRequest(sam, REQUEST, request, r -> true);
        assertThat(opened.path("action").asText()).isEqualTo("MERGE");
        assertThat(opened.path("approvalsRequired").asInt()).isEqualTo(2);
        assertThat(opened.path("evidenceRequired").asBoolean()).isTrue();
        assertThat(opened.path("groups").toString()).contains("merge").contains("banking").contains("legal-identity");
        JsonNode bank = change(opened, "bankAccount");
        assertThat(bank.path("before").asText()).contains("111100002222");
        assertThat(bank.path("after").asText()).contains("999900008888");
        assertThat(change(opened, "taxId").path("after").asText()).contains("12-3000003");
        JsonNode masked = change(stewards.changeRequest(keycloak.userToken("andy.analyst"), REQUEST, request,
                r -> true), "bankAccount");
        assertThat(masked.path("before").asText()).contains("2222").doesNotContain("111100002222");
        assertThat(masked.path("after").asText()).contains("8888").doesNotContain("999900008888");

        String sue = keycloak.userToken("sue.supplier");
        assertThat(stewards.refusal("sue.supplier", request, null)).isEqualTo("VERIFICATION_NOTE_REQUIRED");
        stewards.approve("sue.supplier", request, "called Acme on the number on file: same company");
        JsonNode afterOne = stewards.changeRequest(sue, REQUEST, request, r -> r.path("approvals").asInt() == 1);
        assertThat(afterOne.path("status").asText()).isEqualTo("PENDING");
        // one approval is not enough: the real supplier's source record still resolves to its own account
        assertThat(stewards.supplier(sam, SUPPLIER, real, s -> true).path("status").asText()).isEqualTo("ACTIVE");
        JsonNode resolved = api.post(sam, BY_SOURCE, Map.of("sourceId", "TAKEOVER-REAL")).data()
                .path("recordBySource");
        assertThat(resolved.path("id").asText()).isEqualTo(real);
        assertThat(resolved.path("bankAccount").path("accountNumber").asText()).isEqualTo("111100002222");

        // after the steward's check a finance controller releases it: the merge is then the verified decision
        assertThat(stewards.refusal("sol.supplier", request, "treasury confirmed")).isEqualTo("NOT_CURRENT_STEP_ROLE");
        stewards.approve("fred.finance", request, null);
        JsonNode merged = stewards.supplier(sam, SUPPLIER, real, s -> s.path("status").asText().equals("RETIRED"));
        assertThat(merged.path("mergedInto").asText()).isEqualTo(lookAlike);
    }

    @Test
    void a_merge_of_suppliers_with_the_same_high_risk_values_needs_one_approval_and_shows_no_differences() {
        String survivor = create("TAKEOVER-SAME-1", "Same Values Medical Inc.", null);
        String duplicate = create("TAKEOVER-SAME-2", "Same Values Medical Inc.", null);
        String sam = keycloak.userToken("sam.supplier");
        stewards.supplier(sam, SUPPLIER, duplicate, s -> true);
        Answer merge = api.post(sam, MERGE, Map.of("survivor", survivor, "merged", duplicate));
        assertThat(merge.body().has("errors")).as(merge.body().toString()).isFalse();
        String request = stewards.supplier(sam, SUPPLIER, duplicate, s -> s.path("changeRequests").size() == 1)
                .path("changeRequests").path(0).path("id").asText();
        JsonNode opened = stewards.changeRequest(sam, REQUEST, request, r -> true);
        assertThat(opened.path("approvalsRequired").asInt()).isEqualTo(1);
        assertThat(opened.path("evidenceRequired").asBoolean()).isFalse();
        assertThat(opened.path("changes")).isEmpty();
    }

    @Test
    void a_bank_change_is_checked_by_a_supplier_steward_then_released_by_a_finance_controller() {
        String supplier = create("TAKEOVER-STEPS", "Stepwise Medical Inc.", "12-3000009");
        String sam = keycloak.userToken("sam.supplier");
        stewards.supplier(sam, SUPPLIER, supplier, s -> true);
        JsonNode held = submit("TAKEOVER-STEPS", 2, "Stepwise Medical Inc.", "12-3000009", "444400003333");
        assertThat(held.path("outcome").asText()).as(held.toString()).isEqualTo("PENDING_APPROVAL");
        String request = held.path("changeRequestId").asText();

        JsonNode opened = stewards.changeRequest(sam, REQUEST, request, r -> true);
        assertThat(opened.path("steps").toString()).isEqualTo("[{\"role\":\"supplier-steward\",\"approvalsRequired\":1,"
                + "\"approvals\":0,\"approvers\":[]},{\"role\":\"finance-controller\",\"approvalsRequired\":1,"
                + "\"approvals\":0,\"approvers\":[]}]");
        assertThat(opened.path("currentStep").asInt()).isEqualTo(1);
        assertThat(opened.path("approverRole").asText()).isEqualTo("supplier-steward");
        // step 1 is in the supplier stewards' inbox only
        assertThat(inbox("sue.supplier")).contains(request);
        assertThat(inbox("fay.finance")).doesNotContain(request);
        assertThat(stewards.refusal("fay.finance", request, "called back")).isEqualTo("NOT_CURRENT_STEP_ROLE");
        assertThat(api.post(keycloak.userToken("fay.finance"), REJECT, Map.of("id", request)).firstError()
                .path("extensions").path("reason").asText()).isEqualTo("NOT_CURRENT_STEP_ROLE");
        assertThat(stewards.refusal("ada.admin", request, "called back")).isEqualTo("NOT_DOMAIN_STEWARD");

        // pat holds both roles: he does the check ...
        assertThat(stewards.refusal("pat.procure", request, null)).isEqualTo("VERIFICATION_NOTE_REQUIRED");
        stewards.approve("pat.procure", request, "called Stepwise back on the number on file");
        JsonNode checked = stewards.changeRequest(sam, REQUEST, request, r -> r.path("currentStep").asInt() == 2);
        assertThat(checked.path("approverRole").asText()).isEqualTo("finance-controller");
        assertThat(checked.path("steps").path(0).path("approvers").toString()).isEqualTo("[\"pat.procure\"]");
        assertThat(checked.path("decisions").path(1).path("step").asInt()).isEqualTo(1);
        // ... so the release is someone else's: not his (nor in his inbox), nor a supplier steward's any more
        assertThat(stewards.refusal("pat.procure", request, null)).isEqualTo("ALREADY_APPROVED");
        assertThat(inbox("pat.procure")).doesNotContain(request);
        assertThat(stewards.refusal("sue.supplier", request, "again")).isEqualTo("NOT_CURRENT_STEP_ROLE");
        assertThat(inbox("sue.supplier")).doesNotContain(request);
        assertThat(inbox("fay.finance")).contains(request);
        assertThat(stewards.supplier(sam, SUPPLIER, supplier, s -> true).path("bankAccount").path("accountNumber")
                .asText()).isNotEqualTo("444400003333");

        // the finance controller sees what she releases: the account in full and the steward's call-back note
        String fay = keycloak.userToken("fay.finance");
        JsonNode seenByFinance = stewards.changeRequest(fay, REQUEST, request, r -> true);
        assertThat(change(seenByFinance, "bankAccount").path("after").asText()).contains("444400003333");
        assertThat(seenByFinance.path("decisions").path(1).path("verificationNote").asText())
                .isEqualTo("called Stepwise back on the number on file");
        stewards.approve("fay.finance", request, null);

        JsonNode released = stewards.changeRequest(sam, REQUEST, request, r -> r.path("status").asText()
                .equals("APPROVED"));
        assertThat(released.path("steps").path(1).path("approvers").toString()).isEqualTo("[\"fay.finance\"]");
        assertThat(released.path("decisions").path(2).path("step").asInt()).isEqualTo(2);
        assertThat(stewards.supplier(sam, SUPPLIER, supplier, s -> s.path("bankAccount").path("accountNumber")
                .asText().equals("444400003333")).path("pendingChanges")).isEmpty();
        assertThat(inbox("fay.finance")).doesNotContain(request);
    }

    @Test
    void the_submitter_never_approves_a_step_of_their_own_request_whatever_roles_they_hold() {
        String supplier = create("TAKEOVER-OWN", "Own Request Medical Inc.", null);
        // pat (supplier steward and finance controller) proposes another account himself
        String pat = keycloak.userToken("pat.procure");
        stewards.supplier(pat, SUPPLIER, supplier, s -> true);
        Answer proposed = api.post(pat, """
                mutation($id: ID!) { proposeChange(input: { type: SUPPLIER, recordId: $id, reason: "new account letter",
                    supplier: { bankAccount: { accountHolder: "Own Request Medical Inc.", bankName: "First Bank",
                    routingNumber: "021000021", accountNumber: "777700006666", currency: "USD" } } }) { id } }""",
                Map.of("id", supplier));
        assertThat(proposed.body().has("errors")).as(proposed.body().toString()).isFalse();
        String request = proposed.data().path("proposeChange").path("id").asText();

        assertThat(stewards.refusal("pat.procure", request, "called myself")).isEqualTo("SELF_APPROVAL");
        assertThat(inbox("pat.procure")).doesNotContain(request);
        stewards.approve("sam.supplier", request, "called back on the number on file");
        stewards.changeRequest(pat, REQUEST, request, r -> r.path("currentStep").asInt() == 2);
        assertThat(stewards.refusal("pat.procure", request, null)).isEqualTo("SELF_APPROVAL");
        assertThat(inbox("pat.procure")).doesNotContain(request);
        assertThat(inbox("fred.finance")).contains(request);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The ids in {@code user}'s inbox (awaiting their decision), once the read model has caught up. */
    private static java.util.List<String> inbox(String user) {
        return api.post(keycloak.userToken(user), INBOX, Map.of()).data().path("changeRequests").path("edges")
                .findValuesAsText("id");
    }

    private static JsonNode submit(String sourceId, int version, String legalName, String taxId,
                                   String accountNumber) {
        Map<String, Object> input = new HashMap<>(Map.of("sourceId", sourceId, "sourceVersion", version,
                "legalName", legalName, "taxId", taxId, "bankAccount", Map.of("accountHolder", legalName,
                        "bankName", "Second Bank", "routingNumber", "021000021", "accountNumber", accountNumber,
                        "currency", "USD")));
        Answer answer = api.post(keycloak.clientToken("erp"), SUBMIT, Map.of("input", input));
        assertThat(answer.body().has("errors")).as(answer.body().toString()).isFalse();
        return answer.data().path("submitSupplier");
    }

    private static JsonNode submit(String sourceId, String legalName, String taxId, String accountNumber) {
        Map<String, Object> input = new HashMap<>(Map.of("sourceId", sourceId, "sourceVersion", 1,
                "legalName", legalName));
        if (taxId != null) {
            input.put("taxId", taxId);
        }
        if (accountNumber != null) {
            input.put("bankAccount", Map.of("accountHolder", legalName, "bankName", "First Bank",
                    "routingNumber", "021000021", "accountNumber", accountNumber, "currency", "USD"));
        }
        Answer answer = api.post(keycloak.clientToken("erp"), SUBMIT, Map.of("input", input));
        assertThat(answer.body().has("errors")).as(answer.body().toString()).isFalse();
        return answer.data().path("submitSupplier");
    }

    private static String create(String sourceId, String legalName, String taxId) {
        JsonNode created = submit(sourceId, legalName, taxId, null);
        assertThat(created.path("outcome").asText()).as(created.toString()).isEqualTo("CREATED");
        return created.path("goldenId").asText();
    }

    /** A supplier whose bank account went through the banking steps (sam's check with a note, fay's release). */
    private static String createVerified(String sourceId, String legalName, String taxId, String accountNumber) {
        JsonNode created = submit(sourceId, legalName, taxId, accountNumber);
        String supplier = created.path("goldenId").asText();
        String request = created.path("changeRequestId").asText();
        String sam = keycloak.userToken("sam.supplier");
        stewards.changeRequest(sam, REQUEST, request, r -> true);
        stewards.approve("sam.supplier", request, "called back on the number on file");
        stewards.changeRequest(sam, REQUEST, request, r -> r.path("currentStep").asInt() == 2);
        stewards.approve("fay.finance", request, null);
        stewards.supplier(sam, SUPPLIER, supplier,
                s -> s.path("bankAccount").path("accountNumber").asText().equals(accountNumber));
        return supplier;
    }

    private static JsonNode change(JsonNode request, String attribute) {
        for (JsonNode change : request.path("changes")) {
            if (change.path("attribute").asText().equals(attribute)) {
                return change;
            }
        }
        throw new AssertionError("no change of " + attribute + " in " + request);
    }
}
