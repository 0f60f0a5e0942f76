package io.mdg.e2e;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.mdg.app.ServiceHarness;
import io.mdg.e2e.support.GraphQlClient;
import io.mdg.e2e.support.GraphQlClient.Answer;
import io.mdg.e2e.support.KeycloakServer;

/**
 * Stewardship end to end with real Keycloak users and clients: a source's bank-account change waits for two
 * different supplier stewards with verification notes, nobody decides their own request, a rejection and an expiry
 * (across a restart) leave the golden record untouched, and the change request's history shows every step.
 */
class StewardshipIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SUBMIT = """
            mutation($input: SupplierSubmissionInput!) {
              submitSupplier(input: $input) { outcome goldenId changeRequestId errors { field code } }
            }""";
    private static final String SUPPLIER = """
            query($id: ID!) { supplier(id: $id) { id version legalName bankAccount { accountNumber bankName }
                pendingChanges { attributes approvalsRequired } changeRequests(status: PENDING) { id } } }""";
    private static final String SCREENING = """
            query($id: ID!) { supplier(id: $id) { id status screeningStatus pendingChanges { attributes } } }""";
    private static final String REQUEST = """
            query($id: ID!) { changeRequest(id: $id) { id status approvals approvalsRequired requestedBy { type name }
                decisions { kind actor { type name } at comment correlationId } } }""";
    private static final String APPROVE = """
            mutation($id: ID!, $note: String) { approveChangeRequest(id: $id, comment: "checked", verificationNote: $note) {
                status approvals } }""";
    private static final String REJECT = """
            mutation($id: ID!) { rejectChangeRequest(id: $id, reason: "not verified") { status } }""";
    private static final String PROPOSE = """
            mutation($input: ProposeChangeInput!) { proposeChange(input: $input) { id status requestedBy { name } } }""";

    private static KeycloakServer keycloak;
    private static ServiceHarness service;
    private static GraphQlClient api;
    private static Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        keycloak = KeycloakServer.shared();
        dataDir = Files.createTempDirectory("mdg-e2e-stewardship");
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
    void a_bank_account_change_is_applied_only_after_a_stewards_check_and_a_finance_controllers_release() {
        String erp = keycloak.clientToken("erp");
        String supplier = createVerified("BANK-E2E", "111122223333");
        JsonNode held = api.post(erp, SUBMIT, Map.of("input", supplierInput("BANK-E2E", 2, "999988887777")))
                .data().path("submitSupplier");
        assertThat(held.path("outcome").asText()).isEqualTo("PENDING_APPROVAL");
        String request = held.path("changeRequestId").asText();

        String sam = keycloak.userToken("sam.supplier");
        JsonNode before = read(sam, supplier, s -> s.path("changeRequests").size() == 1
                && s.path("pendingChanges").size() == 1);
        assertThat(before.path("bankAccount").path("accountNumber").asText()).isEqualTo("111122223333");
        assertThat(before.path("pendingChanges").path(0).path("approvalsRequired").asInt()).isEqualTo(2);

        assertRefused(erp, request, "called back", "SOURCE_CLIENT_CANNOT_DECIDE");
        assertRefused(keycloak.userToken("ian.item"), request, "called back", "NOT_DOMAIN_STEWARD");
        assertRefused(keycloak.userToken("ada.admin"), request, "called back", "NOT_DOMAIN_STEWARD");
        assertRefused(sam, request, null, "VERIFICATION_NOTE_REQUIRED");

        Answer firstApproval = api.post(sam, APPROVE, Map.of("id", request, "note", "called the listed number"));
        assertThat(firstApproval.body().has("errors")).as(firstApproval.body().toString()).isFalse();
        JsonNode first = request(sam, request, r -> r.path("approvals").asInt() == 1);
        assertThat(first.path("status").asText()).isEqualTo("PENDING");
        assertThat(read(sam, supplier, s -> true).path("bankAccount").path("accountNumber").asText()).isEqualTo("111122223333");
        assertRefused(sam, request, "again", "ALREADY_APPROVED");
        // the check is done: the release is a finance controller's, not another supplier steward's
        String sue = keycloak.userToken("sue.supplier");
        assertRefused(sue, request, "treasury call-back", "NOT_CURRENT_STEP_ROLE");

        String fay = keycloak.userToken("fay.finance");
        Answer release = api.post(fay, APPROVE, Map.of("id", request, "note", "released"));
        assertThat(release.body().has("errors")).as(release.body().toString()).isFalse();
        request(fay, request, r -> r.path("status").asText().equals("APPROVED"));
        JsonNode after = read(sam, supplier, s -> s.path("bankAccount").path("accountNumber").asText().equals("999988887777"));
        assertThat(after.path("pendingChanges")).isEmpty();

        // an analyst sees the account masked; the history shows every step with who decided
        JsonNode masked = read(keycloak.userToken("andy.analyst"), supplier, s -> true);
        assertThat(masked.path("bankAccount").path("accountNumber").asText()).endsWith("7777").startsWith("*");
        JsonNode history = request(keycloak.userToken("audrey.auditor"), request,
                r -> r.path("decisions").size() == 4);
        assertThat(history.path("requestedBy").path("name").asText()).isEqualTo("erp");
        assertThat(history.path("decisions").findValuesAsText("kind")).containsExactly("OPENED", "APPROVED", "APPROVED", "APPLIED");
        assertThat(history.path("decisions").path(1).path("actor").path("name").asText()).isEqualTo("sam.supplier");
        assertThat(history.path("decisions").path(2).path("actor").path("name").asText()).isEqualTo("fay.finance");
    }

    @Test
    void a_steward_never_approves_their_own_proposal_and_a_rejection_leaves_the_record_untouched() {
        String erp = keycloak.clientToken("erp");
        String supplier = api.post(erp, SUBMIT, Map.of("input", supplierInput("PROP-E2E", 1, null)))
                .data().path("submitSupplier").path("goldenId").asText();
        String sam = keycloak.userToken("sam.supplier");
        JsonNode proposal = api.post(sam, PROPOSE, Map.of("input", Map.of("type", "SUPPLIER", "recordId", supplier,
                "reason", "renamed after acquisition", "supplier", Map.of("legalName", "Proposal Holdings Inc."))))
                .data().path("proposeChange");
        // the mutation answers the request as read back; under load the read model may lag, then look it up
        String request = proposal.path("id").isTextual() ? proposal.path("id").asText()
                : read(sam, supplier, s -> s.path("changeRequests").size() == 1).path("changeRequests").path(0)
                        .path("id").asText();
        assertThat(request(sam, request, r -> true).path("requestedBy").path("name").asText()).isEqualTo("sam.supplier");

        assertRefused(sam, request, null, "SELF_APPROVAL");
        Answer ownRejection = api.post(sam, REJECT, Map.of("id", request));
        assertThat(ownRejection.firstError().path("extensions").path("reason").asText()).isEqualTo("SELF_REJECTION");

        Answer rejection = api.post(keycloak.userToken("sue.supplier"), REJECT, Map.of("id", request));
        assertThat(rejection.body().has("errors")).as(rejection.body().toString()).isFalse();
        request(sam, request, r -> r.path("status").asText().equals("REJECTED"));
        JsonNode record = read(sam, supplier, s -> s.path("changeRequests").isEmpty()
                && s.path("pendingChanges").isEmpty());
        assertThat(record.path("legalName").asText()).isEqualTo("Proposal Medical Inc.");
    }

    @Test
    void a_pending_request_expires_after_a_restart_and_the_record_stays_as_it_was() throws Exception {
        Path rules = Files.createTempFile("mdg-rules", ".yaml");
        String defaults = new String(getClass().getResourceAsStream("/io/mdg/rules/default-rules.yaml").readAllBytes());
        Files.writeString(rules, defaults.replace("deadline: P5D", "deadline: PT5S")
                // (without escalation: this case is about the deadline alone)
                .replace("  escalateAfter: P2D\n", "").replace("    escalationRole: data-governance-lead\n", ""));
        Path expiryData = Files.createTempDirectory("mdg-e2e-expiry");
        Map<String, Object> props = new HashMap<>(Map.of("mdg.security.issuer", keycloak.issuer(),
                "mdg.rules.file", rules.toString(), "db-scheduler.polling-interval", "1s"));
        String supplier;
        String request;
        java.time.Instant deadline;
        try (ServiceHarness first = ServiceHarness.start(expiryData, props)) {
            GraphQlClient client = new GraphQlClient("http://localhost:" + first.port() + "/graphql");
            String erp = keycloak.clientToken("erp");
            // (without an account: a new supplier's account would itself wait, and expire, within the 5 s)
            supplier = client.post(erp, SUBMIT, Map.of("input", supplierInput("EXP-E2E", 1, null)))
                    .data().path("submitSupplier").path("goldenId").asText();
            request = client.post(erp, SUBMIT, Map.of("input", supplierInput("EXP-E2E", 2, "432143214321")))
                    .data().path("submitSupplier").path("changeRequestId").asText();
            String auditor = keycloak.userToken("audrey.auditor");
            deadline = java.time.Instant.parse(eventually(() -> client.post(auditor,
                    "query($id: ID!) { changeRequest(id: $id) { deadline } }", Map.of("id", request)).data()
                    .path("changeRequest").path("deadline").asText(""), d -> !d.isEmpty(), WAIT));
        }
        // the deadline passes while the service is down
        eventually(java.time.Instant::now, now -> now.isAfter(deadline), WAIT);
        try (ServiceHarness second = ServiceHarness.start(expiryData, props)) {
            GraphQlClient client = new GraphQlClient("http://localhost:" + second.port() + "/graphql");
            String auditor = keycloak.userToken("audrey.auditor");
            JsonNode expired = eventually(() -> client.post(auditor, REQUEST, Map.of("id", request)).data()
                    .path("changeRequest"), r -> r.path("status").asText().equals("EXPIRED"), WAIT);
            assertThat(expired.path("decisions").findValuesAsText("kind")).contains("EXPIRED");
            JsonNode record = eventually(() -> client.post(auditor, SUPPLIER, Map.of("id", supplier)).data()
                    .path("supplier"), s -> s.path("pendingChanges").isEmpty(), WAIT);
            assertThat(record.path("bankAccount").isNull()).as(record.toString()).isTrue();
            assertThat(record.path("legalName").asText()).isEqualTo("Bank Change Medical Inc.");
            // the ERP, which submitted it, reads the expiry in its own feed of held submissions
            String erp = keycloak.clientToken("erp");
            java.util.List<JsonNode> updates = eventually(() -> client.post(erp, "{ heldSubmissionUpdates(first:"
                    + " 100) { edges { node { changeRequestId status source { sourceId } } } } }", Map.of()).data()
                    .path("heldSubmissionUpdates").path("edges").findValues("node"), nodes -> nodes.stream()
                    .anyMatch(n -> n.path("status").asText().equals("EXPIRED")), WAIT).stream()
                    .filter(n -> n.path("changeRequestId").asText().equals(request)).toList();
            assertThat(updates).extracting(n -> n.path("status").asText()).containsExactly("HELD", "EXPIRED");
            assertThat(updates.get(1).path("source").path("sourceId").asText()).isEqualTo("EXP-E2E");
        }
    }

    @Test
    void a_request_past_its_sla_escalates_to_the_data_governance_lead_who_is_emailed_and_decides_it() throws Exception {
        Path rules = Files.createTempFile("mdg-rules", ".yaml");
        String defaults = new String(getClass().getResourceAsStream("/io/mdg/rules/default-rules.yaml").readAllBytes());
        Files.writeString(rules, defaults.replace("escalateAfter: P2D", "escalateAfter: PT3S"));
        com.icegreen.greenmail.util.GreenMail smtp = new com.icegreen.greenmail.util.GreenMail(
                com.icegreen.greenmail.util.ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        Map<String, Object> props = new HashMap<>(Map.of("mdg.security.issuer", keycloak.issuer(),
                "mdg.rules.file", rules.toString(), "db-scheduler.polling-interval", "1s",
                "spring.mail.host", "127.0.0.1", "spring.mail.port", String.valueOf(smtp.getSmtp().getPort()),
                "mdg.notifications.recipients.data-governance-lead", "gil.governance@mdg.example"));
        try (ServiceHarness escalating = ServiceHarness.start(Files.createTempDirectory("mdg-e2e-escalation"), props)) {
            GraphQlClient client = new GraphQlClient("http://localhost:" + escalating.port() + "/graphql");
            String erp = keycloak.clientToken("erp");
            Map<String, Object> first = Map.of("sourceId", "ESC-E2E", "sourceVersion", 1,
                    "legalName", "Escalation Medical Inc.");
            String supplier = client.post(erp, SUBMIT, Map.of("input", first)).data().path("submitSupplier")
                    .path("goldenId").asText();
            Map<String, Object> rename = Map.of("sourceId", "ESC-E2E", "sourceVersion", 2,
                    "legalName", "Escalation Medical Holdings Inc.");
            JsonNode held = client.post(erp, SUBMIT, Map.of("input", rename)).data().path("submitSupplier");
            assertThat(held.path("outcome").asText()).as(held.toString()).isEqualTo("PENDING_APPROVAL");
            String request = held.path("changeRequestId").asText();

            // past its SLA it escalates: in the lead's inbox, with ESCALATED in its history
            String gil = keycloak.userToken("gil.governance");
            String inbox = """
                    { changeRequests(filter: {awaitingMyDecision: true, status: PENDING}, first: 50) {
                        edges { node { id escalatedTo escalatedAt decisions { kind step } } } } }""";
            JsonNode mine = eventually(() -> client.post(gil, inbox, Map.of()).data().path("changeRequests")
                    .path("edges"), edges -> edges.findValuesAsText("id").contains(request), WAIT);
            JsonNode node = mine.get(0).path("node");
            assertThat(node.path("escalatedTo").asText()).isEqualTo("data-governance-lead");
            assertThat(node.path("escalatedAt").asText()).isNotEmpty();
            assertThat(node.path("decisions").findValuesAsText("kind")).containsExactly("OPENED", "ESCALATED");

            // and on the steward notification feed: the lead reads the escalation to their role; a supplier steward
            // reads the request's step of theirs but not the lead's escalation; an item steward reads neither
            String notifications = """
                    query($after: String) { stewardNotifications(after: $after, first: 500) { edges { cursor node {
                        kind changeRequestId type recordId role step stepRole deadline correlationId rulesVersion
                        rulesHash } } pageInfo { endCursor } } }""";
            JsonNode escalated = eventually(() -> client.post(gil, notifications, new HashMap<>()).data()
                    .path("stewardNotifications").path("edges"), edges -> edges.findValuesAsText("changeRequestId")
                    .contains(request), WAIT);
            JsonNode lead = java.util.stream.StreamSupport.stream(escalated.spliterator(), false)
                    .map(e -> e.path("node")).filter(n -> n.path("changeRequestId").asText().equals(request))
                    .findFirst().orElseThrow();
            assertThat(lead.path("kind").asText()).isEqualTo("ESCALATED");
            assertThat(lead.path("role").asText()).isEqualTo("data-governance-lead");
            assertThat(lead.path("recordId").asText()).isEqualTo(supplier);
            assertThat(lead.path("step").asInt()).isEqualTo(1);
            assertThat(lead.path("stepRole").asText()).isEqualTo("supplier-steward");
            assertThat(lead.path("deadline").asText()).isNotEmpty();
            assertThat(lead.path("rulesVersion").asText()).isNotEmpty();
            assertThat(lead.path("rulesHash").asText()).isNotEmpty();
            assertThat(escalated.findValuesAsText("role")).containsOnly("data-governance-lead");
            JsonNode stewards = client.post(keycloak.userToken("sam.supplier"), notifications, new HashMap<>()).data()
                    .path("stewardNotifications").path("edges");
            assertThat(stewards.findValuesAsText("role")).containsOnly("supplier-steward");
            assertThat(java.util.stream.StreamSupport.stream(stewards.spliterator(), false).map(e -> e.path("node"))
                    .filter(n -> n.path("changeRequestId").asText().equals(request))
                    .map(n -> n.path("kind").asText())).containsExactly("STEP_REACHED");
            assertThat(client.post(keycloak.userToken("ian.item"), notifications, new HashMap<>()).data()
                    .path("stewardNotifications").path("edges").findValuesAsText("changeRequestId"))
                    .doesNotContain(request);
            // resumed after the lead's last cursor: nothing again
            Map<String, Object> after = new HashMap<>();
            after.put("after", escalated.get(escalated.size() - 1).path("cursor").asText());
            assertThat(client.post(gil, notifications, after).data().path("stewardNotifications").path("edges")
                    .findValuesAsText("changeRequestId")).doesNotContain(request);

            // the lead's address received the escalation e-mail on the real SMTP server
            jakarta.mail.internet.MimeMessage[] mails = eventually(smtp::getReceivedMessages, m -> m.length >= 1, WAIT);
            assertThat(mails[0].getSubject()).isEqualTo("[MDG] Change request " + request
                    + " escalated to data-governance-lead");
            assertThat(mails[0].getAllRecipients()).extracting(Object::toString)
                    .containsExactly("gil.governance@mdg.example");

            // the lead decides it with a real token; the change is applied
            Answer approval = client.post(gil, APPROVE, Map.of("id", request));
            assertThat(approval.body().has("errors")).as(approval.body().toString()).isFalse();
            JsonNode approved = eventually(() -> client.post(gil, REQUEST, Map.of("id", request)).data()
                    .path("changeRequest"), r -> r.path("status").asText().equals("APPROVED"), WAIT);
            assertThat(approved.path("decisions").findValuesAsText("kind"))
                    .containsSubsequence("OPENED", "ESCALATED", "APPROVED", "APPLIED");
            JsonNode record = eventually(() -> client.post(gil, SUPPLIER, Map.of("id", supplier)).data()
                    .path("supplier"), r -> r.path("pendingChanges").isEmpty(), WAIT);
            assertThat(record.path("legalName").asText()).isEqualTo("Escalation Medical Holdings Inc.");
        } finally {
            smtp.stop();
        }
    }

    /** A supplier's submission; without a bank account when {@code accountNumber} is null. */
    private static Map<String, Object> supplierInput(String sourceId, int version, String accountNumber) {
        Map<String, Object> input = new HashMap<>(Map.of("sourceId", sourceId, "sourceVersion", version, "legalName",
                sourceId.startsWith("PROP") ? "Proposal Medical Inc." : "Bank Change Medical Inc."));
        if (accountNumber != null) {
            input.put("bankAccount", Map.of("accountHolder", "Bank Change Medical Inc.", "bankName", "First Bank",
                    "routingNumber", "021000021", "accountNumber", accountNumber, "currency", "USD"));
        }
        return input;
    }

    /**
     * A new supplier whose bank account went through the banking approval steps (a new supplier's account is held
     * for a supplier steward's check with a verification note and a finance controller's release, like a change).
     */
    private static String createVerified(String sourceId, String accountNumber) {
        JsonNode created = api.post(keycloak.clientToken("erp"), SUBMIT,
                Map.of("input", supplierInput(sourceId, 1, accountNumber))).data().path("submitSupplier");
        assertThat(created.path("outcome").asText()).as(created.toString()).isEqualTo("CREATED");
        String request = created.path("changeRequestId").asText();
        for (String approver : List.of("sam.supplier", "fay.finance")) {
            Answer approval = api.post(keycloak.userToken(approver), APPROVE, Map.of("id", request,
                    "note", "call-back on the number on file"));
            assertThat(approval.body().has("errors")).as(approval.body().toString()).isFalse();
        }
        String supplier = created.path("goldenId").asText();
        read(keycloak.userToken("sam.supplier"), supplier,
                s -> s.path("bankAccount").path("accountNumber").asText().equals(accountNumber));
        return supplier;
    }

    @Test
    void an_erp_clearing_an_exclusion_waits_for_a_supplier_steward() throws Exception {
        String erp = keycloak.clientToken("erp");
        String supplier = api.post(erp, SUBMIT, Map.of("input", Map.of("sourceId", "SCREEN-E2E", "sourceVersion", 1,
                "legalName", "Screened Medical Inc.", "screeningStatus", "EXCLUDED")))
                .data().path("submitSupplier").path("goldenId").asText();
        JsonNode cleared = api.post(erp, SUBMIT, Map.of("input", Map.of("sourceId", "SCREEN-E2E", "sourceVersion", 2,
                "legalName", "Screened Medical Inc.", "screeningStatus", "CLEAR"))).data().path("submitSupplier");
        assertThat(cleared.path("outcome").asText()).as(cleared.toString()).isEqualTo("PENDING_APPROVAL");
        String request = cleared.path("changeRequestId").asText();

        String sam = keycloak.userToken("sam.supplier");
        JsonNode held = eventually(() -> api.post(sam, SCREENING, Map.of("id", supplier)).data().path("supplier"),
                s -> s.path("pendingChanges").size() == 1, WAIT);
        assertThat(held.path("screeningStatus").asText()).isEqualTo("EXCLUDED");
        assertThat(held.path("status").asText()).isEqualTo("SUSPENDED");
        assertThat(held.path("pendingChanges").path(0).path("attributes").path(0).asText()).isEqualTo("screeningStatus");
        assertRefused(erp, request, null, "SOURCE_CLIENT_CANNOT_DECIDE");
        assertRefused(keycloak.userToken("ian.item"), request, null, "NOT_DOMAIN_STEWARD");

        Answer approval = api.post(sam, APPROVE, Map.of("id", request, "note", "LEIE entry removed"));
        assertThat(approval.body().has("errors")).as(approval.body().toString()).isFalse();
        JsonNode after = eventually(() -> api.post(sam, SCREENING, Map.of("id", supplier)).data().path("supplier"),
                s -> s.path("screeningStatus").asText().equals("CLEAR"), WAIT);
        assertThat(after.path("pendingChanges")).isEmpty();
        assertThat(after.path("status").asText()).as("re-activation is its own steward action").isEqualTo("SUSPENDED");
    }

    @Test
    void a_merge_waits_for_a_second_steward_of_the_domain() throws Exception {
        String erp = keycloak.clientToken("erp");
        // (no bank accounts: a merge onto another account needs the banking approvals, see BankAccountTakeoverIT)
        String survivor = api.post(erp, SUBMIT, Map.of("input", supplierInput("MERGE-E2E-1", 1, null)))
                .data().path("submitSupplier").path("goldenId").asText();
        String duplicate = api.post(erp, SUBMIT, Map.of("input", supplierInput("MERGE-E2E-2", 1, null)))
                .data().path("submitSupplier").path("goldenId").asText();
        String sam = keycloak.userToken("sam.supplier");
        read(sam, duplicate, s -> true);
        Answer merge = api.post(sam, """
                mutation($survivor: ID!, $merged: ID!) { mergeRecords(type: SUPPLIER, survivorId: $survivor,
                    mergedId: $merged, reason: "same company") { id status } }""",
                Map.of("survivor", survivor, "merged", duplicate));
        assertThat(merge.body().has("errors")).as(merge.body().toString()).isFalse();
        String request = read(sam, duplicate, s -> s.path("changeRequests").size() == 1)
                .path("changeRequests").path(0).path("id").asText();
        assertThat(api.post(sam, "query($id: ID!) { changeRequest(id: $id) { action survivorId } }",
                Map.of("id", request)).data().path("changeRequest").path("action").asText()).isEqualTo("MERGE");

        assertRefused(sam, request, null, "SELF_APPROVAL");
        assertRefused(keycloak.userToken("ian.item"), request, null, "NOT_DOMAIN_STEWARD");
        Answer approval = api.post(keycloak.userToken("sue.supplier"), APPROVE, Map.of("id", request));
        assertThat(approval.body().has("errors")).as(approval.body().toString()).isFalse();
        JsonNode merged = eventually(() -> api.post(sam, "query($id: ID!) { supplier(id: $id) { status mergedInto } }",
                Map.of("id", duplicate)).data().path("supplier"), s -> s.path("status").asText().equals("RETIRED"), WAIT);
        assertThat(merged.path("mergedInto").asText()).isEqualTo(survivor);
    }

    private static JsonNode read(String token, String id, java.util.function.Predicate<JsonNode> ready) {
        try {
            return eventually(() -> api.post(token, SUPPLIER, Map.of("id", id)).data().path("supplier"),
                    s -> !s.isMissingNode() && !s.isNull() && ready.test(s), WAIT);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode request(String token, String id, java.util.function.Predicate<JsonNode> ready) {
        try {
            return eventually(() -> api.post(token, REQUEST, Map.of("id", id)).data().path("changeRequest"),
                    r -> !r.isMissingNode() && !r.isNull() && ready.test(r), WAIT);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void assertRefused(String token, String request, String note, String reason) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("id", request);
        variables.put("note", note);
        Answer answer = api.post(token, APPROVE, variables);
        assertThat(answer.firstError().path("extensions").path("reason").asText()).as(answer.body().toString())
                .isEqualTo(reason);
    }

    @SuppressWarnings("unused")
    private static List<String> kinds(JsonNode history) {
        return history.path("decisions").findValuesAsText("kind");
    }
}
