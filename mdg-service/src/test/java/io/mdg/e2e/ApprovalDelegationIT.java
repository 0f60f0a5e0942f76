package io.mdg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.mdg.app.ServiceHarness;
import io.mdg.e2e.support.GraphQlClient;
import io.mdg.e2e.support.GraphQlClient.Answer;
import io.mdg.e2e.support.KeycloakAdmin;
import io.mdg.e2e.support.KeycloakServer;
import io.mdg.e2e.support.StewardSteps;

/**
 * Delegation of approvals end to end with real Keycloak users: fay.finance (finance-controller) delegates her releases
 * to sue.supplier (supplier-steward); sam.supplier's bank change is checked by sol.supplier, then released by sue "for
 * fay.finance", and the request's decisions and the audit trail name both; sue never releases a change she requested
 * or checked herself; once fay revokes the delegation, sue releases nothing more. A delegation also ends with its
 * delegator's account: fern.finance's delegate sol.supplier releases for her while she is enabled, nothing (and sees
 * nothing to release in his inbox) once an administrator disables her in Keycloak, and again once she is re-enabled;
 * the service asks Keycloak's admin API as the service account of {@code mdg-api} (view-users only).
 */
class ApprovalDelegationIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SUBMIT = """
            mutation($input: SupplierSubmissionInput!) {
              submitSupplier(input: $input) { outcome goldenId changeRequestId } }""";
    private static final String PROPOSE = """
            mutation($input: ProposeChangeInput!) { proposeChange(input: $input) { id } }""";
    private static final String REQUEST = """
            query($id: ID!) { changeRequest(id: $id) { id status currentStep decidableAsDelegateFor
                decisions { kind actor { name } onBehalfOf } } }""";
    private static final String SUPPLIER = """
            query($id: ID!) { supplier(id: $id) { id bankAccount { accountNumber } } }""";

    private static KeycloakServer keycloak;
    private static ServiceHarness service;
    private static GraphQlClient api;
    private static StewardSteps steps;

    @BeforeAll
    static void start() throws Exception {
        keycloak = KeycloakServer.shared();
        Path dataDir = Files.createTempDirectory("mdg-e2e-delegation");
        service = ServiceHarness.start(dataDir, Map.of("mdg.security.issuer", keycloak.issuer()));
        api = new GraphQlClient("http://localhost:" + service.port() + "/graphql");
        steps = new StewardSteps(api, keycloak);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    private static String supplierWithoutBank(String sourceId) {
        JsonNode created = api.post(keycloak.clientToken("erp"), SUBMIT, Map.of("input", Map.of("sourceId", sourceId,
                "sourceVersion", 1, "legalName", "Delegation Medical Inc."))).data().path("submitSupplier");
        assertThat(created.path("outcome").asText()).as(created.toString()).isEqualTo("CREATED");
        return created.path("goldenId").asText();
    }

    /** {@code steward}'s proposal of a bank account for the supplier; answers the change request's id. */
    private static String bankProposal(String steward, String supplier, String accountNumber) {
        Answer proposed = api.post(keycloak.userToken(steward), PROPOSE, Map.of("input", Map.of("type", "SUPPLIER",
                "recordId", supplier, "reason", "the supplier's new bank", "supplier", Map.of("bankAccount",
                        Map.of("accountHolder", "Delegation Medical Inc.", "bankName", "Second Bank",
                                "routingNumber", "021000021", "accountNumber", accountNumber, "currency", "USD")))));
        String request = proposed.data().path("proposeChange").path("id").asText(null);
        assertThat(request).as(proposed.body().toString()).isNotNull();
        return request;
    }

    private static JsonNode checkedBy(String steward, String request) {
        steps.approve(steward, request, "called the supplier back on the number on file");
        return steps.changeRequest(keycloak.userToken("audrey.auditor"), REQUEST, request,
                r -> r.path("currentStep").asInt() == 2);
    }

    /** The change requests awaiting {@code token}'s person's decision (own role or as a delegate). */
    private static java.util.List<String> inbox(String token) {
        return api.post(token, """
                query { changeRequests(filter: { awaitingMyDecision: true }, first: 50) { edges { node { id } } } }""",
                Map.of()).data().path("changeRequests").path("edges").findValuesAsText("id");
    }

    @Test
    void a_delegate_decides_nothing_for_a_delegator_disabled_in_keycloak_and_again_once_re_enabled()
            throws Exception {
        KeycloakAdmin admin = new KeycloakAdmin(keycloak);
        String fern = "fern.finance";
        String fernId = admin.createUser(fern, "finance-controller");
        try {
            Answer delegated = api.post(keycloak.userToken(fern), """
                    mutation($until: DateTime!) { delegateApprovals(input: { role: "finance-controller",
                        delegate: "sol.supplier", until: $until, reason: "parental leave" }) { id status } }""",
                    Map.of("until", Instant.now().plus(Duration.ofDays(14)).toString()));
            assertThat(delegated.body().has("errors")).as(delegated.body().toString()).isFalse();

            // fern enabled: sol releases sam's change (checked by sue) for her
            String first = bankProposal("sam.supplier", supplierWithoutBank("DELEG-E2E-5"), "424200005");
            checkedBy("sue.supplier", first);
            steps.approve("sol.supplier", first, null);
            JsonNode released = steps.changeRequest(keycloak.userToken("sol.supplier"), REQUEST, first,
                    r -> r.path("status").asText().equals("APPROVED"));
            assertThat(released.path("decisions").path(2).path("onBehalfOf").asText()).isEqualTo(fern);

            // an administrator disables fern: once the short reuse of answers is over, sol's inbox no longer offers
            // her releases, and his release for her is refused; nothing changes
            String second = bankProposal("sam.supplier", supplierWithoutBank("DELEG-E2E-6"), "424200006");
            checkedBy("sue.supplier", second);
            assertThat(inbox(keycloak.userToken("sol.supplier"))).contains(second);
            admin.setUserEnabled(fernId, false);
            ServiceHarness.eventually(() -> steps.changeRequest(keycloak.userToken("sol.supplier"), REQUEST, second,
                    r -> true), r -> r.path("decidableAsDelegateFor").isNull(), WAIT);
            assertThat(inbox(keycloak.userToken("sol.supplier"))).doesNotContain(second);
            Answer refused = steps.approval("sol.supplier", second, null);
            assertThat(refused.firstError().path("extensions").path("reason").asText()).as(refused.body().toString())
                    .isEqualTo("DELEGATOR_INACTIVE");
            assertThat(refused.firstError().path("extensions").path("code").asText()).isEqualTo("FORBIDDEN");
            assertThat(refused.firstError().path("message").asText()).contains(fern).contains("sol.supplier");
            JsonNode unchanged = steps.changeRequest(keycloak.userToken("audrey.auditor"), REQUEST, second, r -> true);
            assertThat(unchanged.path("status").asText()).isEqualTo("PENDING");
            assertThat(unchanged.path("decisions")).hasSize(2);

            // re-enabled: sol releases for her again
            admin.setUserEnabled(fernId, true);
            ServiceHarness.eventually(() -> steps.changeRequest(keycloak.userToken("sol.supplier"), REQUEST, second,
                    r -> true), r -> r.path("decidableAsDelegateFor").asText().equals(fern), WAIT);
            steps.approve("sol.supplier", second, null);
            JsonNode approved = steps.changeRequest(keycloak.userToken("sol.supplier"), REQUEST, second,
                    r -> r.path("status").asText().equals("APPROVED"));
            assertThat(approved.path("decisions").path(2).path("onBehalfOf").asText()).isEqualTo(fern);
        } finally {
            admin.deleteUser(fernId);
        }
    }

    /**
     * Least privilege of the service account the service asks Keycloak's admin API with: it finds a user and reads
     * whether the account is enabled, and changes nothing, sees no client; the API does not accept its token.
     */
    @Test
    void the_service_account_of_mdg_api_may_view_users_and_nothing_more() throws Exception {
        String token = keycloak.clientToken("mdg-api");
        String realm = keycloak.baseUrl() + "/admin/realms/" + KeycloakServer.REALM;
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.util.function.BiFunction<String, java.net.http.HttpRequest.Builder, java.net.http.HttpResponse<String>>
                send = (path, request) -> {
                    try {
                        return http.send(request.uri(java.net.URI.create(realm + path))
                                        .header("Authorization", "Bearer " + token)
                                        .header("Content-Type", "application/json").build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                };
        var found = send.apply("/users?username=fay.finance&exact=true", java.net.http.HttpRequest.newBuilder().GET());
        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        JsonNode fay = new com.fasterxml.jackson.databind.ObjectMapper().readTree(found.body()).path(0);
        assertThat(fay.path("enabled").asBoolean()).isTrue();

        var disabling = send.apply("/users/" + fay.path("id").asText(), java.net.http.HttpRequest.newBuilder()
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"enabled\": false}")));
        assertThat(disabling.statusCode()).as(disabling.body()).isEqualTo(403);
        assertThat(send.apply("/clients", java.net.http.HttpRequest.newBuilder().GET()).statusCode()).isEqualTo(403);
        assertThat(send.apply("/roles", java.net.http.HttpRequest.newBuilder()
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\": \"x\"}"))).statusCode())
                .isEqualTo(403);
        assertThat(api.post(token, "{ delegations { id } }", Map.of()).status()).isEqualTo(401);
    }

    @Test
    void a_delegate_releases_for_the_finance_controller_within_segregation_of_duties_until_revoked() throws Exception {
        String fay = keycloak.userToken("fay.finance");
        Answer delegated = api.post(fay, """
                mutation($until: DateTime!) { delegateApprovals(input: { role: "finance-controller",
                    delegate: "sue.supplier", until: $until, reason: "annual leave" }) { id status delegator } }""",
                Map.of("until", Instant.now().plus(Duration.ofDays(14)).toString()));
        assertThat(delegated.body().has("errors")).as(delegated.body().toString()).isFalse();
        String delegation = delegated.data().path("delegateApprovals").path("id").asText();
        assertThat(delegated.data().path("delegateApprovals").path("status").asText()).isEqualTo("ACTIVE");

        // sam's bank change, checked by sol, released by sue for fay
        String supplier = supplierWithoutBank("DELEG-E2E-1");
        String request = bankProposal("sam.supplier", supplier, "424200001");
        checkedBy("sol.supplier", request);
        String sue = keycloak.userToken("sue.supplier");
        assertThat(steps.changeRequest(sue, REQUEST, request, r -> true).path("decidableAsDelegateFor").asText())
                .isEqualTo("fay.finance");
        steps.approve("sue.supplier", request, null);
        JsonNode approved = steps.changeRequest(sue, REQUEST, request,
                r -> r.path("status").asText().equals("APPROVED"));
        JsonNode release = approved.path("decisions").path(2);
        assertThat(release.path("actor").path("name").asText()).isEqualTo("sue.supplier");
        assertThat(release.path("onBehalfOf").asText()).isEqualTo("fay.finance");
        assertThat(steps.supplier(sue, SUPPLIER, supplier, s -> !s.path("bankAccount").isNull())
                .path("bankAccount").path("accountNumber").asText()).isEqualTo("424200001");
        JsonNode trail = ServiceHarness.eventually(() -> api.post(keycloak.userToken("audrey.auditor"), """
                query($id: ID!) { auditTrail(filter: { changeRequestId: $id }, first: 50) { edges { node {
                    action actor { name } onBehalfOf } } } }""", Map.of("id", request)).data().path("auditTrail")
                .path("edges"), edges -> edges.findValuesAsText("action").contains("APPROVED"), WAIT);
        assertThat(trail.findParents("action").stream().filter(e -> e.path("onBehalfOf").isTextual())
                .map(e -> e.path("actor").path("name").asText() + " for " + e.path("onBehalfOf").asText()))
                .containsExactly("sue.supplier for fay.finance");

        // never what she requested herself, nor what she checked herself
        String own = bankProposal("sue.supplier", supplierWithoutBank("DELEG-E2E-2"), "424200002");
        checkedBy("sol.supplier", own);
        assertThat(steps.refusal("sue.supplier", own, null)).isEqualTo("SELF_APPROVAL");
        String checkedBySue = bankProposal("sam.supplier", supplierWithoutBank("DELEG-E2E-3"), "424200003");
        checkedBy("sue.supplier", checkedBySue);
        assertThat(steps.refusal("sue.supplier", checkedBySue, null)).isEqualTo("ALREADY_APPROVED");

        // revoked by fay: sue releases nothing more, and both are in the audit trail
        Answer revoked = api.post(fay, """
                mutation($id: ID!) { revokeDelegation(id: $id, reason: "back early") { status } }""",
                Map.of("id", delegation));
        assertThat(revoked.data().path("revokeDelegation").path("status").asText()).as(revoked.body().toString())
                .isEqualTo("REVOKED");
        String afterwards = bankProposal("sam.supplier", supplierWithoutBank("DELEG-E2E-4"), "424200004");
        checkedBy("sol.supplier", afterwards);
        assertThat(steps.refusal("sue.supplier", afterwards, null)).isEqualTo("NOT_CURRENT_STEP_ROLE");
        JsonNode delegations = ServiceHarness.eventually(() -> api.post(keycloak.userToken("audrey.auditor"), """
                query($id: String!) { auditTrail(filter: { actor: $id }, first: 50) { edges { node { action } } } }""",
                Map.of("id", "fay.finance")).data().path("auditTrail").path("edges"),
                edges -> edges.findValuesAsText("action").contains("DELEGATION_REVOKED"), WAIT);
        assertThat(delegations.findValuesAsText("action")).contains("DELEGATION_GRANTED", "DELEGATION_REVOKED");
    }
}
