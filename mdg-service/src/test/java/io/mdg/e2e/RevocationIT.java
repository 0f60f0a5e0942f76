package io.mdg.e2e;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
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

/**
 * Revocation with a real Keycloak: a steward disabled by an administrator loses the right to decide and to propose at
 * once, with the token Keycloak issued before (signed, unexpired, still accepted for reading): the service introspects
 * a person's token before each of their changes, as the realm's confidential client {@code mdg-api}. Run with no
 * reuse of answers ({@code mdg.security.user-status.cache=0s}) to show "at once"; the default reuses one for 5 s.
 */
class RevocationIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SUBMIT = """
            mutation($input: SupplierSubmissionInput!) { submitSupplier(input: $input) { outcome goldenId } }""";
    private static final String PROPOSE = """
            mutation($input: ProposeChangeInput!) { proposeChange(input: $input) { id status } }""";
    private static final String APPROVE = """
            mutation($id: ID!) { approveChangeRequest(id: $id, comment: "fine") { id status approvals } }""";
    private static final String REQUESTS = """
            query($id: ID!) { supplier(id: $id) { id changeRequests(status: PENDING) { id approvals requestedBy { name } } } }""";

    private static KeycloakServer keycloak;
    private static KeycloakAdmin admin;
    private static ServiceHarness service;
    private static GraphQlClient api;

    @BeforeAll
    static void start() throws Exception {
        keycloak = KeycloakServer.shared();
        admin = new KeycloakAdmin(keycloak);
        service = ServiceHarness.start(Files.createTempDirectory("mdg-e2e-revocation"), Map.of(
                "mdg.security.issuer", keycloak.issuer(),
                "mdg.security.user-status.cache", "0s"));
        api = new GraphQlClient("http://localhost:" + service.port() + "/graphql");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void a_steward_disabled_in_keycloak_can_no_longer_decide_or_propose_with_the_token_issued_before() throws Exception {
        String rita = "rita.revoked";
        String ritaId = admin.createUser(rita, "supplier-steward");
        try {
            String erp = keycloak.clientToken("erp");
            String ritas = create(erp, "REVOKE-1");
            String sams = create(erp, "REVOKE-2");
            String sam = keycloak.userToken("sam.supplier");
            String token = keycloak.userToken(rita);

            // enabled: her proposal is taken
            Answer taken = api.post(token, PROPOSE, propose(ritas, "Revocation Holdings Inc."));
            assertThat(taken.body().has("errors")).as(taken.body().toString()).isFalse();
            pending(sam, ritas, 1);
            api.post(sam, PROPOSE, propose(sams, "Revocation Group Inc."));
            String samsRequest = pending(sam, sams, 1).path(0).path("id").asText();

            admin.setUserEnabled(ritaId, false);

            // the same token, unexpired and validly signed: still read with, refused for every change
            Answer approval = api.post(token, APPROVE, Map.of("id", samsRequest));
            assertThat(approval.firstError().path("extensions").path("code").asText()).as(approval.body().toString())
                    .isEqualTo("FORBIDDEN");
            assertThat(approval.firstError().path("message").asText()).contains("rita.revoked").contains("disabled");
            Answer proposal = api.post(token, PROPOSE, propose(ritas, "Revocation Again Inc."));
            assertThat(proposal.firstError().path("extensions").path("code").asText()).isEqualTo("FORBIDDEN");

            // nothing changed: her first proposal is the only one on her record, sam's request has no approval
            assertThat(pending(sam, ritas, 1).path(0).path("requestedBy").path("name").asText()).isEqualTo(rita);
            assertThat(pending(sam, sams, 1).path(0).path("approvals").asInt()).isZero();

            // another steward's decision is not affected
            Answer sues = api.post(keycloak.userToken("sue.supplier"), APPROVE, Map.of("id", samsRequest));
            assertThat(sues.body().has("errors")).as(sues.body().toString()).isFalse();
        } finally {
            admin.deleteUser(ritaId);
        }
    }

    private static String create(String erp, String sourceId) {
        return api.post(erp, SUBMIT, Map.of("input", Map.of("sourceId", sourceId, "sourceVersion", 1,
                "legalName", sourceId + " Medical Inc."))).data().path("submitSupplier").path("goldenId").asText();
    }

    /** The record's pending change requests, once there are as many as expected. */
    private static JsonNode pending(String token, String supplier, int expected) throws Exception {
        return eventually(() -> api.post(token, REQUESTS, Map.of("id", supplier)).data().path("supplier")
                .path("changeRequests"), r -> r.size() == expected, WAIT);
    }

    private static Map<String, Object> propose(String supplier, String legalName) {
        return Map.of("input", Map.of("type", "SUPPLIER", "recordId", supplier, "reason", "renamed",
                "supplier", Map.of("legalName", legalName)));
    }
}
