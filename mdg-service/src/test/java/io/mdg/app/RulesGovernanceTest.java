package io.mdg.app;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.command.rules.RulesInForce;
import io.mdg.command.rules.RulesVersionsTable;
import io.mdg.rules.file.RulesContent;
import io.mdg.rules.file.RulesFile;
import io.mdg.rules.file.RulesVersion;

/**
 * The governance rules are governed themselves, on the real service with signed tokens: the first start adopts the
 * rules file, every decision records the version and hash of the rules it was decided by, a change needs a second
 * admin and takes effect at one time on every holder of the rules on the database, {@code rules(asOf:)} answers the
 * rules of a past time, stale and unsafe changes are refused, and a rules file that differs at a restart becomes a
 * proposal instead of the rules.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RulesGovernanceTest {

    static final String SHIPPED = shipped();
    static final String VERSION = RulesFile.loadDefault().policy().version();
    static final String LEGAL_1 =
            "legal-identity: { attributes: [legalName, taxId], owners: [ERP], risk: HIGH, approvals: 1 }";
    static final String LEGAL_2 =
            "legal-identity: { attributes: [legalName, taxId], owners: [ERP], risk: HIGH, approvals: 2 }";
    /** Stricter than shipped: a change of a supplier's legal identity needs two approvals. */
    static final String STRICTER = SHIPPED.replace("version: \"" + VERSION + "\"", "version: \"test.2\"")
            .replace(LEGAL_1, LEGAL_2);

    @TempDir
    static Path dataDir;
    static ServiceHarness service;
    static LocalTokens tokens;
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper json = new ObjectMapper();

    static String shipped() {
        try (InputStream in = RulesFile.class.getClassLoader().getResourceAsStream(RulesFile.DEFAULT_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        tokens = new LocalTokens();
        service = start(dataDir, null);
    }

    static ServiceHarness start(Path dir, Path rulesFile) {
        Map<String, Object> properties = new LinkedHashMap<>(Map.of("mdg.security.issuer", LocalTokens.ISSUER,
                "mdg.security.jwks-uri", tokens.jwksUri(), "mdg.rules.propagation-delay", "1s",
                "mdg.rules.poll-interval", "200ms"));
        if (rulesFile != null) {
            properties.put("mdg.rules.file", rulesFile.toString());
        }
        return ServiceHarness.start(dir, properties);
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

    @Test
    @Order(1)
    void a_rules_change_needs_a_second_admin_then_decides_from_its_effective_time_and_events_record_it()
            throws Exception {
        String shippedHash = RulesContent.hash(SHIPPED);
        JsonNode first = eventually(() -> graphql("{ rules { version hash proposedBy approvedBy effectiveFrom } }",
                Map.of(), auditor()).path("data").path("rules"), r -> !r.isNull(), Duration.ofSeconds(20));
        assertThat(first.path("version").asText()).isEqualTo(VERSION);
        assertThat(first.path("hash").asText()).isEqualTo(shippedHash);
        assertThat(first.path("proposedBy").asText()).isEqualTo("startup (rules file)");
        assertThat(first.path("approvedBy").isNull()).isTrue();

        // a decision under the shipped rules: one approval for a legal identity change, stamped with their version
        String supplier = submit("RULES-1", "12-4000001").path("goldenId").asText();
        JsonNode heldBefore = submit("RULES-1", "12-4000002");
        assertThat(approvalsRequired(heldBefore.path("changeRequestId").asText())).isEqualTo(1);

        // an admin proposes stricter rules: recorded with the diff, not in force; the proposer cannot approve
        JsonNode proposed = graphql("mutation($r: String!) { proposeRulesChange(rules: $r, comment: \"two eyes more\")"
                + " { id status version hash baseHash diff proposedBy } }", Map.of("r", STRICTER), admin("ada.admin"))
                .path("data").path("proposeRulesChange");
        String changeId = proposed.path("id").asText();
        assertThat(proposed.path("status").asText()).isEqualTo("PROPOSED");
        assertThat(proposed.path("baseHash").asText()).isEqualTo(shippedHash);
        assertThat(proposed.path("diff").asText()).contains("-      " + LEGAL_1, "+      " + LEGAL_2);
        JsonNode own = graphql("mutation($id: ID!) { approveRulesChange(id: $id) { id } }", Map.of("id", changeId),
                admin("ada.admin"));
        assertThat(own.path("errors").get(0).path("extensions").path("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(own.path("errors").get(0).path("message").asText()).contains("FOUR_EYES");
        assertThat(rulesAt(null).path("hash").asText()).isEqualTo(shippedHash);

        // two holders of the rules on the same database, one that never polls by itself
        RulesVersionsTable table = service.bean(RulesVersionsTable.class);
        RulesInForce polling = new RulesInForce(table, RulesContent.of(SHIPPED, "test"), Duration.ofSeconds(1),
                Clock.systemUTC());
        RulesInForce idle = new RulesInForce(table, RulesContent.of(SHIPPED, "test"), Duration.ofSeconds(1),
                Clock.systemUTC());
        polling.startPolling(Duration.ofMillis(100));
        idle.refresh();

        // a second admin approves: in force from one effective time, on every holder
        Instant beforeApproval = Instant.now();
        JsonNode approved = graphql("mutation($id: ID!) { approveRulesChange(id: $id) { status decidedBy effectiveFrom } }",
                Map.of("id", changeId), admin("abe.admin")).path("data").path("approveRulesChange");
        assertThat(approved.path("status").asText()).isEqualTo("APPROVED");
        assertThat(approved.path("decidedBy").asText()).isEqualTo("abe.admin");
        Instant effectiveFrom = Instant.parse(approved.path("effectiveFrom").asText());
        assertThat(effectiveFrom).isAfter(beforeApproval);
        String stricterHash = RulesContent.hash(STRICTER);
        eventually(() -> Instant.now().isAfter(effectiveFrom.plusMillis(50)), done -> done, Duration.ofSeconds(10));
        for (RulesInForce holder : new RulesInForce[] {polling, idle, service.bean(RulesInForce.class)}) {
            RulesVersion now = holder.current();
            assertThat(now.hash()).isEqualTo(stricterHash);
            assertThat(holder.at(effectiveFrom).hash()).isEqualTo(stricterHash);
            assertThat(holder.at(effectiveFrom.minusMillis(1)).hash()).isEqualTo(shippedHash);
        }
        polling.close();
        idle.close();

        // the new rules decide: two approvals now, and the decision's events carry their version and hash
        JsonNode heldAfter = submit("RULES-2", "12-4000003");
        String created = heldAfter.path("goldenId").asText();
        JsonNode changed = submit("RULES-2", "12-4000004");
        assertThat(approvalsRequired(changed.path("changeRequestId").asText())).isEqualTo(2);
        JsonNode trailAfter = trail(created);
        assertThat(trailAfter.findValuesAsText("rulesVersion")).isNotEmpty().containsOnly("test.2");
        assertThat(trailAfter.findValuesAsText("rulesHash")).containsOnly(stricterHash);
        JsonNode lineage = eventually(() -> graphql("query($id: ID!) { supplier(id: $id) { lineage { attribute"
                + " rulesVersion rulesHash } } }", Map.of("id", created), auditor()).path("data").path("supplier")
                .path("lineage"), l -> l.size() > 0, Duration.ofSeconds(20));
        assertThat(lineage.findValuesAsText("rulesVersion")).containsOnly("test.2");
        assertThat(lineage.findValuesAsText("rulesHash")).containsOnly(stricterHash);
        JsonNode trailBefore = trail(supplier);
        assertThat(trailBefore.findValuesAsText("rulesVersion")).isNotEmpty().contains(VERSION);
        assertThat(trailBefore.findValuesAsText("rulesHash")).contains(shippedHash);

        // rules(asOf:) answers the rules of a past time; the change and its approval are in the audit trail
        assertThat(rulesAt(beforeApproval).path("hash").asText()).isEqualTo(shippedHash);
        JsonNode current = rulesAt(null);
        assertThat(current.path("hash").asText()).isEqualTo(stricterHash);
        assertThat(current.path("approvedBy").asText()).isEqualTo("abe.admin");
        assertThat(current.path("proposedBy").asText()).isEqualTo("ada.admin");
        JsonNode rulesTrail = eventually(() -> trail(changeId), t -> t.size() >= 2, Duration.ofSeconds(20));
        assertThat(rulesTrail.findValuesAsText("action")).contains("RULES_CHANGE_PROPOSED", "RULES_CHANGE_APPROVED");
        assertThat(rulesTrail.findValuesAsText("comment")).anySatisfy(c -> assertThat(c).contains("two eyes more",
                "+      " + LEGAL_2));
    }

    @Test
    @Order(2)
    void a_proposal_against_rules_no_longer_in_force_is_stale_and_an_unsafe_one_is_refused() throws Exception {
        String base = eventually(() -> rulesAt(null), r -> !r.isNull(), Duration.ofSeconds(20)).path("text").asText();
        String a = base.replace("pageSize: 500", "pageSize: 450");
        String b = base.replace("pageSize: 500", "pageSize: 400");
        String idA = propose(a, "ada.admin").path("data").path("proposeRulesChange").path("id").asText();
        String idB = propose(b, "ada.admin").path("data").path("proposeRulesChange").path("id").asText();
        assertThat(graphql("mutation($id: ID!) { approveRulesChange(id: $id) { status } }", Map.of("id", idA),
                admin("abe.admin")).path("data").path("approveRulesChange").path("status").asText())
                .isEqualTo("APPROVED");
        JsonNode stale = graphql("mutation($id: ID!) { approveRulesChange(id: $id) { status } }", Map.of("id", idB),
                admin("abe.admin"));
        assertThat(stale.path("errors").get(0).path("extensions").path("code").asText()).isEqualTo("CONFLICT");
        assertThat(stale.path("errors").get(0).path("message").asText()).contains("STALE_RULES_CHANGE");
        JsonNode rejected = graphql("mutation($id: ID!) { rejectRulesChange(id: $id, reason: \"stale\") { status"
                + " reason } }", Map.of("id", idB), admin("abe.admin")).path("data").path("rejectRulesChange");
        assertThat(rejected.path("status").asText()).isEqualTo("REJECTED");

        String unsafe = base.replace("""
                      banking:
                        attributes: [bankAccount]
                        owners: [ERP]
                        risk: HIGH
                        steps:
                          - { role: supplier-steward, approvals: 1 }
                          - { role: finance-controller, approvals: 1 }
                        evidenceRequired: true
                        heldOnCreation: true
                """, """
                      banking:
                        attributes: [bankAccount]
                        owners: [ERP]
                        risk: LOW
                """);
        assertThat(unsafe).isNotEqualTo(base);
        JsonNode refused = propose(unsafe, "ada.admin");
        assertThat(refused.path("errors").get(0).path("extensions").path("code").asText())
                .isEqualTo("VALIDATION_FAILED");
        assertThat(refused.toString()).contains("UNSAFE_RULES_CHANGE", "banking (bankAccount): must stay HIGH risk");
        JsonNode malformed = propose("version: \"x\"\nentities: [", "ada.admin");
        assertThat(malformed.path("errors").get(0).path("extensions").path("code").asText())
                .isEqualTo("VALIDATION_FAILED");
        assertThat(malformed.toString()).contains("malformed YAML");
    }

    @Test
    @Order(3)
    void an_approved_change_of_the_limits_and_the_matching_rules_applies_without_a_restart() throws Exception {
        String base = eventually(() -> rulesAt(null), r -> !r.isNull(), Duration.ofSeconds(20)).path("text").asText();
        String first = submitNamed("MATCH-1", "Harbor Surgical Supply").path("goldenId").asText();
        String second = submitNamed("MATCH-2", "Harbour Surgical Supplies").path("goldenId").asText();
        JsonNode candidates = eventually(() -> candidatesOf(first), c -> c.size() > 0, Duration.ofSeconds(20));
        assertThat(candidates).hasSize(1);
        assertThat(candidates.get(0).path("candidateId").asText()).isEqualTo(second);
        double score = candidates.get(0).path("score").asDouble();
        assertThat(score).isGreaterThanOrEqualTo(0.8).isLessThan(0.99);
        assertThat(pageOf(400).path("errors").isMissingNode()).isTrue();

        String changed = base.replaceFirst("pageSize: \\d+", "pageSize: 300")
                .replace("duplicateMinScore: 0.8", "duplicateMinScore: 0.99");
        assertThat(changed).contains("pageSize: 300", "duplicateMinScore: 0.99");
        String id = propose(changed, "ada.admin").path("data").path("proposeRulesChange").path("id").asText();
        assertThat(graphql("mutation($id: ID!) { approveRulesChange(id: $id) { status } }", Map.of("id", id),
                admin("abe.admin")).path("data").path("approveRulesChange").path("status").asText())
                .isEqualTo("APPROVED");

        // the same running service: the API's page limit and the query side's threshold follow the approved rules
        JsonNode refused = eventually(() -> pageOf(400), r -> !r.path("errors").isMissingNode(),
                Duration.ofSeconds(20));
        assertThat(refused.path("errors").get(0).path("message").asText()).contains("between 1 and 300");
        assertThat(pageOf(300).path("errors").isMissingNode()).isTrue();
        eventually(() -> candidatesOf(first), JsonNode::isEmpty, Duration.ofSeconds(20));
    }

    @Test
    void a_rules_file_that_differs_at_a_restart_becomes_a_proposal_once_and_not_the_rules(@TempDir Path dir)
            throws Exception {
        String shippedHash = RulesContent.hash(SHIPPED);
        Path file = Files.writeString(dir.resolve("rules.yaml"), STRICTER);
        Path data = Files.createDirectories(dir.resolve("data"));
        try (ServiceHarness first = start(data, null)) {
            eventually(() -> first.bean(RulesInForce.class).versions().size(), n -> n == 1, Duration.ofSeconds(20));
        }
        for (int restart = 1; restart <= 2; restart++) {
            try (ServiceHarness again = start(data, file)) {
                ServiceHarness on = again;
                JsonNode proposals = eventually(() -> graphql(on, "{ rulesChanges(status: PROPOSED) { id hash"
                        + " proposedBy } }", Map.of(), auditor()).path("data").path("rulesChanges"),
                        p -> p.size() >= 1, Duration.ofSeconds(20));
                assertThat(proposals).hasSize(1);
                assertThat(proposals.get(0).path("proposedBy").asText()).isEqualTo("startup (rules file)");
                assertThat(proposals.get(0).path("hash").asText()).isEqualTo(RulesContent.hash(STRICTER));
                assertThat(on.bean(RulesInForce.class).current().hash()).isEqualTo(shippedHash);
                assertThat(graphql(on, "{ rules { hash } }", Map.of(), auditor()).path("data").path("rules")
                        .path("hash").asText()).isEqualTo(shippedHash);
            }
        }
    }

    private static JsonNode propose(String rules, String admin) throws Exception {
        return graphql("mutation($r: String!) { proposeRulesChange(rules: $r) { id status } }", Map.of("r", rules),
                admin(admin));
    }

    private static JsonNode rulesAt(Instant asOf) throws Exception {
        return graphql("query($at: DateTime) { rules(asOf: $at) { version hash text proposedBy approvedBy } }",
                asOf == null ? Map.of() : Map.of("at", asOf.toString()), auditor()).path("data").path("rules");
    }

    private static JsonNode trail(String recordId) throws Exception {
        return graphql("query($id: ID!) { auditTrail(filter: { recordId: $id }, first: 100) { edges { node {"
                + " action rulesVersion rulesHash comment } } } }", Map.of("id", recordId), auditor())
                .path("data").path("auditTrail").path("edges");
    }

    private static JsonNode submit(String sourceId, String taxId) throws Exception {
        JsonNode answer = graphql("mutation($input: SupplierSubmissionInput!) { submitSupplier(input: $input) {"
                        + " outcome goldenId changeRequestId } }",
                Map.of("input", Map.of("sourceId", sourceId, "legalName", "Rules Medical " + sourceId,
                        "taxId", taxId)), tokens.client("erp", "ERP"));
        assertThat(answer.path("errors").isMissingNode()).as(answer.toString()).isTrue();
        return answer.path("data").path("submitSupplier");
    }

    private static JsonNode submitNamed(String sourceId, String legalName) throws Exception {
        JsonNode answer = graphql("mutation($input: SupplierSubmissionInput!) { submitSupplier(input: $input) {"
                        + " outcome goldenId } }", Map.of("input", Map.of("sourceId", sourceId, "legalName", legalName)),
                tokens.client("erp", "ERP"));
        assertThat(answer.path("errors").isMissingNode()).as(answer.toString()).isTrue();
        return answer.path("data").path("submitSupplier");
    }

    private static JsonNode candidatesOf(String recordId) throws Exception {
        return graphql("query($id: ID!) { duplicateCandidates(recordId: $id) { score candidateId } }",
                Map.of("id", recordId), auditor()).path("data").path("duplicateCandidates");
    }

    private static JsonNode pageOf(int first) throws Exception {
        return graphql("query($n: Int) { changeRequests(first: $n) { pageInfo { hasNextPage } } }", Map.of("n", first),
                auditor());
    }

    private static int approvalsRequired(String changeRequestId) throws Exception {
        return eventually(() -> graphql("query($id: ID!) { changeRequest(id: $id) { approvalsRequired } }",
                Map.of("id", changeRequestId), auditor()).path("data").path("changeRequest"),
                c -> !c.isNull() && !c.isMissingNode(), Duration.ofSeconds(20)).path("approvalsRequired").asInt();
    }

    private static String auditor() throws Exception {
        return tokens.user("audrey.auditor", "auditor");
    }

    private static String admin(String name) throws Exception {
        return tokens.user(name, "admin");
    }

    private static JsonNode graphql(String query, Map<String, Object> variables, String token) throws Exception {
        return graphql(service, query, variables, token);
    }

    private static JsonNode graphql(ServiceHarness on, String query, Map<String, Object> variables, String token)
            throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + on.port()
                        + "/graphql"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }
}
