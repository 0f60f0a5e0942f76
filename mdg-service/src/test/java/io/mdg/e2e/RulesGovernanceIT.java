package io.mdg.e2e;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import io.mdg.e2e.support.KeycloakServer;
import io.mdg.rules.file.RulesContent;
import io.mdg.rules.file.RulesFile;

/**
 * Four eyes on the governance rules, end to end with real Keycloak tokens: an admin's rules change is not in force
 * until a second admin (abe.admin) approves it, the proposer cannot approve it, a steward may read the rules but not
 * change them, and once in force the new rules decide (a legal identity change needs two approvals) and the audit
 * trail names their version and hash.
 */
class RulesGovernanceIT {

    private static final String SUBMIT = """
            mutation($input: SupplierSubmissionInput!) {
              submitSupplier(input: $input) { outcome goldenId changeRequestId } }""";
    private static final String PROPOSE = """
            mutation($r: String!) { proposeRulesChange(rules: $r, comment: "legal identity: two approvals") {
                id status diff } }""";
    private static final String APPROVE = """
            mutation($id: ID!) { approveRulesChange(id: $id) { status effectiveFrom decidedBy } }""";
    private static final String RULES = "{ rules { version hash approvedBy } }";

    private static KeycloakServer keycloak;
    private static ServiceHarness service;
    private static GraphQlClient api;

    @BeforeAll
    static void start() throws Exception {
        keycloak = KeycloakServer.shared();
        service = ServiceHarness.start(Files.createTempDirectory("mdg-e2e-rules"),
                Map.of("mdg.security.issuer", keycloak.issuer(), "mdg.rules.propagation-delay", "1s"));
        api = new GraphQlClient("http://localhost:" + service.port() + "/graphql");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void a_rules_change_needs_a_second_admin_and_then_decides() {
        String shipped = shipped();
        String version = RulesFile.loadDefault().policy().version();
        String stricter = shipped.replace("version: \"" + version + "\"", "version: \"e2e.2\"").replace(
                "legal-identity: { attributes: [legalName, taxId], owners: [ERP], risk: HIGH, approvals: 1 }",
                "legal-identity: { attributes: [legalName, taxId], owners: [ERP], risk: HIGH, approvals: 2 }");
        String auditor = keycloak.userToken("audrey.auditor");
        eventually(() -> api.post(auditor, RULES, Map.of()).data().path("rules"), r -> !r.isNull(),
                Duration.ofSeconds(30));

        // a steward reads the rules but cannot propose; the proposer cannot approve their own change
        Answer bySteward = api.post(keycloak.userToken("sam.supplier"), PROPOSE, Map.of("r", stricter));
        assertThat(bySteward.firstError().path("extensions").path("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(api.post(keycloak.userToken("sam.supplier"), RULES, Map.of()).data().path("rules")
                .path("version").asText()).isEqualTo(version);
        String ada = keycloak.userToken("ada.admin");
        JsonNode proposed = api.post(ada, PROPOSE, Map.of("r", stricter)).data().path("proposeRulesChange");
        assertThat(proposed.path("status").asText()).isEqualTo("PROPOSED");
        String changeId = proposed.path("id").asText();
        Answer own = api.post(ada, APPROVE, Map.of("id", changeId));
        assertThat(own.firstError().path("extensions").path("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(own.firstError().path("message").asText()).contains("FOUR_EYES");
        assertThat(api.post(auditor, RULES, Map.of()).data().path("rules").path("version").asText())
                .isEqualTo(version);

        // the second admin approves: the new rules are in force from the effective time
        JsonNode approved = api.post(keycloak.userToken("abe.admin"), APPROVE, Map.of("id", changeId)).data()
                .path("approveRulesChange");
        assertThat(approved.path("status").asText()).isEqualTo("APPROVED");
        assertThat(approved.path("decidedBy").asText()).isEqualTo("abe.admin");
        Instant effectiveFrom = Instant.parse(approved.path("effectiveFrom").asText());
        eventually(() -> api.post(auditor, RULES, Map.of()).data().path("rules"),
                r -> r.path("version").asText().equals("e2e.2") && Instant.now().isAfter(effectiveFrom),
                Duration.ofSeconds(30));

        // and decide: a legal identity change now needs two approvals; the trail names the rules
        String erp = keycloak.clientToken("erp");
        String supplier = api.post(erp, SUBMIT, Map.of("input", Map.of("sourceId", "RULES-E2E-1",
                "legalName", "Four Eyes Medical Inc.", "taxId", "12-5000001"))).data().path("submitSupplier")
                .path("goldenId").asText();
        String request = api.post(erp, SUBMIT, Map.of("input", Map.of("sourceId", "RULES-E2E-1",
                "legalName", "Four Eyes Medical Inc.", "taxId", "12-5000002"))).data().path("submitSupplier")
                .path("changeRequestId").asText();
        String sam = keycloak.userToken("sam.supplier");
        JsonNode held = eventually(() -> api.post(sam, "query($id: ID!) { changeRequest(id: $id) {"
                        + " approvalsRequired } }", Map.of("id", request)).data().path("changeRequest"),
                r -> !r.isNull() && !r.isMissingNode(), Duration.ofSeconds(30));
        assertThat(held.path("approvalsRequired").asInt()).isEqualTo(2);
        JsonNode trail = eventually(() -> api.post(auditor, "query($id: ID!) { auditTrail(filter: { recordId: $id })"
                        + " { edges { node { action rulesVersion rulesHash } } } }", Map.of("id", supplier)).data()
                        .path("auditTrail").path("edges"), t -> t.size() >= 2, Duration.ofSeconds(30));
        assertThat(trail.findValuesAsText("rulesVersion")).containsOnly("e2e.2");
        assertThat(trail.findValuesAsText("rulesHash")).containsOnly(RulesContent.hash(stricter));
    }

    private static String shipped() {
        try (InputStream in = RulesFile.class.getClassLoader().getResourceAsStream(RulesFile.DEFAULT_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
