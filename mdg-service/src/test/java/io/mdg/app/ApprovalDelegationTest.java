package io.mdg.app;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.mdg.e2e.support.GraphQlClient;
import io.mdg.e2e.support.GraphQlClient.Answer;

/**
 * Delegation of approvals on the real path (GraphQL edge with signed tokens, the delegation and change request
 * aggregates, the command side's delegation table, the read models and the audit trail): a finance controller
 * delegates her releases to a supplier steward, who then releases a bank change for her, named with her in the
 * decisions and the audit trail, and sees such requests in the inbox; she never releases what she requested or
 * checked herself; the rules refuse what may not be delegated; a revocation ends it at once; listings are one's own
 * (an admin's and an auditor's: all). Tokens are signed by a key this test serves as the JWKS.
 */
class ApprovalDelegationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DELEGATE = """
            mutation($input: DelegateApprovalsInput!) { delegateApprovals(input: $input) {
                id delegator delegate role from until status } }""";
    private static final String APPROVE = """
            mutation($id: ID!, $note: String) { approveChangeRequest(id: $id, comment: "ok", verificationNote: $note) {
                id } }""";
    private static final String REQUEST = """
            query($id: ID!) { changeRequest(id: $id) { id status currentStep
                decisions { kind actor { name } onBehalfOf } } }""";
    private static final String INBOX = """
            { changeRequests(filter: { awaitingMyDecision: true }, first: 50) { edges { node {
                id decidableAsDelegateFor } } } }""";

    @TempDir
    static Path dataDir;
    static ServiceHarness service;
    static LocalTokens tokens;
    static GraphQlClient api;
    static int sequence;

    @BeforeAll
    static void start() throws Exception {
        tokens = new LocalTokens();
        service = tokens.startService(dataDir);
        api = new GraphQlClient("http://localhost:" + service.port() + "/graphql");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    private static String fay() throws Exception {
        return tokens.user("fay.finance", "finance-controller");
    }

    private static String steward(String name) throws Exception {
        return tokens.user(name, "supplier-steward");
    }

    private static Map<String, Object> delegation(String role, String delegate, Instant until) {
        Map<String, Object> input = new HashMap<>(Map.of("role", role, "delegate", delegate, "until", until.toString(),
                "reason", "annual leave"));
        return Map.of("input", input);
    }

    /** A new supplier's bank account, held for a supplier steward's check and a finance controller's release. */
    private static String heldBankAccount() throws Exception {
        int n = ++sequence;
        Answer created = api.post(tokens.client("erp", "ERP"), """
                mutation($input: SupplierSubmissionInput!) { submitSupplier(input: $input) { outcome changeRequestId } }""",
                Map.of("input", Map.of("sourceId", "DELEG-" + n, "legalName", "Delegation Medical " + n + " Inc.",
                        "bankAccount", Map.of("accountHolder", "Delegation Medical Inc.", "bankName", "First Bank",
                                "routingNumber", "021000021", "accountNumber", "55550000" + n, "currency", "USD"))));
        String request = created.data().path("submitSupplier").path("changeRequestId").asText(null);
        assertThat(request).as(created.body().toString()).isNotNull();
        return request;
    }

    private static Answer approve(String token, String request, String note) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("id", request);
        variables.put("note", note);
        return api.post(token, APPROVE, variables);
    }

    private static String reason(Answer answer) {
        return answer.firstError().path("extensions").path("reason").asText();
    }

    private static JsonNode request(String id, Predicate<JsonNode> ready) throws Exception {
        String auditor = tokens.user("audrey.auditor", "auditor");
        return eventually(() -> api.post(auditor, REQUEST, Map.of("id", id)).data().path("changeRequest"),
                r -> !r.isMissingNode() && !r.isNull() && ready.test(r), WAIT);
    }

    private static void checked(String request, String by) throws Exception {
        Answer check = approve(steward(by), request, "called the supplier back on the number on file");
        assertThat(check.body().has("errors")).as(check.body().toString()).isFalse();
        request(request, r -> r.path("currentStep").asInt() == 2);
    }

    @Test
    void a_delegate_releases_a_bank_change_for_the_finance_controller_and_both_names_are_kept() throws Exception {
        Answer delegated = api.post(fay(), DELEGATE, delegation("finance-controller", "sue.supplier",
                Instant.now().plus(Duration.ofDays(14))));
        assertThat(delegated.body().has("errors")).as(delegated.body().toString()).isFalse();
        JsonNode delegation = delegated.data().path("delegateApprovals");
        assertThat(delegation.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(delegation.path("delegator").asText()).isEqualTo("fay.finance");

        String request = heldBankAccount();
        checked(request, "sol.supplier");
        String sue = steward("sue.supplier");
        JsonNode inbox = eventually(() -> api.post(sue, INBOX, Map.of()).data().path("changeRequests").path("edges"),
                edges -> edges.findValuesAsText("id").contains(request), WAIT);
        JsonNode mine = List.copyOf(inbox.findParents("id")).stream()
                .filter(node -> node.path("id").asText().equals(request)).findFirst().orElseThrow();
        assertThat(mine.path("decidableAsDelegateFor").asText()).isEqualTo("fay.finance");

        Answer release = approve(sue, request, null);
        assertThat(release.body().has("errors")).as(release.body().toString()).isFalse();
        JsonNode approved = request(request, r -> r.path("status").asText().equals("APPROVED"));
        JsonNode decision = approved.path("decisions").path(2);
        assertThat(decision.path("kind").asText()).isEqualTo("APPROVED");
        assertThat(decision.path("actor").path("name").asText()).isEqualTo("sue.supplier");
        assertThat(decision.path("onBehalfOf").asText()).isEqualTo("fay.finance");

        // the audit trail names both; the delegation itself is audited in her name
        String auditor = tokens.user("audrey.auditor", "auditor");
        JsonNode trail = eventually(() -> api.post(auditor, """
                query($id: ID!) { auditTrail(filter: { changeRequestId: $id }, first: 50) { edges { node {
                    action actor { name } onBehalfOf } } } }""", Map.of("id", request)).data().path("auditTrail")
                .path("edges"), edges -> edges.findValuesAsText("action").contains("APPROVED"), WAIT);
        assertThat(trail.findParents("action").stream()
                .filter(e -> e.path("action").asText().equals("APPROVAL_RECORDED")
                        && e.path("actor").path("name").asText().equals("sue.supplier"))
                .map(e -> e.path("onBehalfOf").asText())).containsExactly("fay.finance");
        JsonNode granted = eventually(() -> api.post(auditor, """
                { auditTrail(filter: { actor: "fay.finance" }, first: 50) { edges { node { action recordId comment } } } }""",
                Map.of()).data().path("auditTrail").path("edges"),
                edges -> edges.findValuesAsText("action").contains("DELEGATION_GRANTED"), WAIT);
        assertThat(granted.findValuesAsText("comment")).anyMatch(c -> c.startsWith(
                "sue.supplier may decide finance-controller steps for fay.finance"));
    }

    @Test
    void a_delegate_never_releases_what_they_requested_or_checked_nor_for_what_the_delegator_requested()
            throws Exception {
        Answer delegated = api.post(fay(), DELEGATE, delegation("finance-controller", "sue.supplier",
                Instant.now().plus(Duration.ofDays(7))));
        assertThat(delegated.body().has("errors")).as(delegated.body().toString()).isFalse();

        String checkedBySue = heldBankAccount();
        checked(checkedBySue, "sue.supplier");
        assertThat(reason(approve(steward("sue.supplier"), checkedBySue, null))).isEqualTo("ALREADY_APPROVED");

        // sue's own proposal of a bank account for a supplier that has none yet, checked by sol
        Answer created = api.post(tokens.client("erp", "ERP"), """
                mutation($input: SupplierSubmissionInput!) { submitSupplier(input: $input) { outcome goldenId } }""",
                Map.of("input", Map.of("sourceId", "DELEG-OWN", "legalName", "Own Proposal Medical Inc.")));
        String recordId = created.data().path("submitSupplier").path("goldenId").asText(null);
        assertThat(recordId).as(created.body().toString()).isNotNull();
        Answer proposed = api.post(steward("sue.supplier"), """
                mutation($input: ProposeChangeInput!) { proposeChange(input: $input) { id } }""", Map.of("input",
                Map.of("type", "SUPPLIER", "recordId", recordId, "reason", "the supplier's bank",
                        "supplier", Map.of("bankAccount", Map.of("accountHolder", "Own Proposal Medical Inc.",
                                "bankName", "Second Bank", "routingNumber", "021000021", "accountNumber", "777700001",
                                "currency", "USD")))));
        String own = proposed.data().path("proposeChange").path("id").asText(null);
        assertThat(own).as(proposed.body().toString()).isNotNull();
        checked(own, "sol.supplier");
        assertThat(reason(approve(steward("sue.supplier"), own, null))).isEqualTo("SELF_APPROVAL");
        JsonNode inbox = api.post(steward("sue.supplier"), INBOX, Map.of()).data().path("changeRequests");
        assertThat(inbox.findValuesAsText("id")).doesNotContain(own, checkedBySue);
    }

    @Test
    void a_delegate_is_notified_of_the_steps_of_the_role_delegated_to_them_and_a_steward_without_it_is_not()
            throws Exception {
        Answer delegated = api.post(fay(), DELEGATE, delegation("finance-controller", "nia.notified",
                Instant.now().plus(Duration.ofDays(3))));
        assertThat(delegated.body().has("errors")).as(delegated.body().toString()).isFalse();
        String request = heldBankAccount();
        checked(request, "sam.supplier");
        String notifications = """
                { stewardNotifications(first: 500) { edges { node { kind changeRequestId role step } } } }""";

        JsonNode delegate = eventually(() -> api.post(steward("nia.notified"), notifications, Map.of()).data()
                .path("stewardNotifications").path("edges"), edges -> edges.findValuesAsText("role")
                .contains("finance-controller"), WAIT);
        assertThat(java.util.stream.StreamSupport.stream(delegate.spliterator(), false).map(e -> e.path("node"))
                .filter(n -> n.path("changeRequestId").asText().equals(request))
                .map(n -> n.path("role").asText() + " " + n.path("step").asInt()))
                .containsExactly("supplier-steward 1", "finance-controller 2");
        JsonNode other = api.post(steward("otto.other"), notifications, Map.of()).data()
                .path("stewardNotifications").path("edges");
        assertThat(other.findValuesAsText("role")).contains("supplier-steward").doesNotContain("finance-controller");
    }

    @Test
    void the_rules_refuse_what_may_not_be_delegated() throws Exception {
        Instant soon = Instant.now().plus(Duration.ofDays(1));
        assertThat(reason(api.post(fay(), DELEGATE, delegation("finance-controller", "fay.finance", soon))))
                .isEqualTo("SELF_DELEGATION");
        assertThat(reason(api.post(fay(), DELEGATE, delegation("finance-controller", "sue.supplier",
                Instant.now().plus(Duration.ofDays(91)))))).isEqualTo("PERIOD_TOO_LONG");
        assertThat(reason(api.post(steward("sam.supplier"), DELEGATE, delegation("finance-controller",
                "sol.supplier", soon)))).isEqualTo("ROLE_NOT_HELD");
        assertThat(reason(api.post(tokens.user("andy.analyst", "analyst"), DELEGATE, delegation("analyst",
                "sol.supplier", soon)))).isEqualTo("ROLE_NOT_DELEGABLE");
        // a delegate cannot pass the delegation on
        api.post(tokens.user("fred.finance", "finance-controller"), DELEGATE, delegation("finance-controller",
                "sam.supplier", soon));
        assertThat(reason(api.post(steward("sam.supplier"), DELEGATE, delegation("finance-controller",
                "sol.supplier", soon)))).isEqualTo("NO_REDELEGATION");
        Answer client = api.post(tokens.client("erp", "ERP"), DELEGATE, delegation("finance-controller",
                "sol.supplier", soon));
        assertThat(client.firstError().path("extensions").path("code").asText()).isEqualTo("FORBIDDEN");
    }

    @Test
    void a_revoked_delegation_ends_at_once_and_listings_show_ones_own_or_all_to_an_admin() throws Exception {
        String gil = tokens.user("gil.governance", "data-governance-lead");
        String id = api.post(fay(), DELEGATE, delegation("finance-controller", "gil.governance",
                Instant.now().plus(Duration.ofDays(3)))).data().path("delegateApprovals").path("id").asText();
        String request = heldBankAccount();
        checked(request, "sol.supplier");

        assertThat(reason(api.post(steward("sue.supplier"), "mutation($id: ID!) { revokeDelegation(id: $id) { id } }",
                Map.of("id", id)))).isEqualTo("NOT_DELEGATOR");
        Answer revoked = api.post(fay(), """
                mutation($id: ID!) { revokeDelegation(id: $id, reason: "back early") { status revokedBy { name } } }""",
                Map.of("id", id));
        assertThat(revoked.data().path("revokeDelegation").path("status").asText()).as(revoked.body().toString())
                .isEqualTo("REVOKED");
        assertThat(reason(approve(gil, request, null))).isEqualTo("NOT_DOMAIN_STEWARD");
        assertThat(reason(api.post(fay(), "mutation($id: ID!) { revokeDelegation(id: $id) { id } }",
                Map.of("id", id)))).isEqualTo("ALREADY_REVOKED");
        assertThat(reason(api.post(fay(), "mutation { revokeDelegation(id: \"no-such\") { id } }", Map.of())))
                .isEqualTo("NOT_FOUND");

        JsonNode gils = api.post(gil, "{ delegations { id delegator status } }", Map.of()).data().path("delegations");
        assertThat(gils.findValuesAsText("id")).containsExactly(id);
        assertThat(api.post(gil, "{ delegations(active: true) { id } }", Map.of()).data().path("delegations"))
                .isEmpty();
        JsonNode all = api.post(tokens.user("ada.admin", "admin"), "{ delegations { id delegator } }", Map.of())
                .data().path("delegations");
        assertThat(all.findValuesAsText("id")).contains(id);
        assertThat(api.post(tokens.user("andy.analyst", "analyst"), "{ delegations { id } }", Map.of()).data()
                .path("delegations")).isEmpty();
    }
}
