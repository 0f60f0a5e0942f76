package io.mdg.app;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.api.Actor;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.audit.AuditAction;
import io.mdg.api.audit.AuditApprovals;
import io.mdg.api.audit.AuditChange;
import io.mdg.api.audit.AuditEntry;
import io.mdg.api.audit.AuditFilter;
import io.mdg.api.audit.AuditPage;
import io.mdg.api.audit.AuditTrailQuery;
import io.mdg.api.changerequest.ApproveChangeRequestCommand;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.Contact;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.SubmitRecordCommand;
import io.mdg.api.submission.AttributeStatus;
import io.mdg.api.submission.SubmissionOutcome;
import io.mdg.api.submission.SubmissionResult;

/**
 * The audit trail on the real path (command bus, aggregates, PostgreSQL event store, the audit-trail processor into the read
 * store, the GraphQL edge and the CSV export with signed tokens): a bank account change held and approved by two
 * stewards shows every step with actors and field-level values, a rejected submission and a NOT_SYSTEM_OF_RECORD
 * attribute are in the trail, and the export and GraphQL mask bank accounts for callers without the right.
 * Tokens are signed by a key this test serves as the JWKS (Keycloak itself is exercised by the e2e tests).
 */
class AuditTrailTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Actor ERP = Actor.client("erp");
    private static final Actor SAM = Actor.user("sam.supplier");
    private static final Actor FAY = Actor.user("fay.finance");
    private static final Set<String> SUPPLIER_STEWARD = Set.of("supplier-steward");
    private static final BankAccount OLD = new BankAccount("Audit Medical Inc.", "First Bank", "021000021",
            "123456789", null, "USD");
    private static final BankAccount NEW = new BankAccount("Audit Medical Inc.", "Second Bank", "021000021",
            "987654321", null, "USD");

    @TempDir
    static Path dataDir;
    static ServiceHarness service;
    static LocalTokens tokens;
    static CommandGateway commands;
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        tokens = new LocalTokens();
        service = tokens.startService(dataDir);
        commands = service.bean(CommandGateway.class);
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
    void an_approved_bank_account_change_leaves_every_step_in_the_record_history() throws Exception {
        // (created without a bank account: a new supplier's account would itself wait for the banking approvals)
        String supplier = submit("AUD-1", 1L, SupplierAttributes.named("Audit Medical Inc.")).goldenId();
        SubmissionResult held = submit("AUD-1", 2L, bank(NEW));
        assertThat(held.outcome()).isEqualTo(SubmissionOutcome.PENDING_APPROVAL);
        String request = held.changeRequestId();
        commands.sendAndWait(new ApproveChangeRequestCommand(request, "ok", "called the supplier at its listed number",
                SAM, SUPPLIER_STEWARD));
        commands.sendAndWait(new ApproveChangeRequestCommand(request, null, "released after the call-back", FAY,
                Set.of("finance-controller")));

        // the record's events and its change request's are projected by different segments: wait for all seven
        List<AuditEntry> trail = eventually(() -> trail(AuditFilter.ofRecord(supplier)),
                entries -> entries.size() >= 7, WAIT);
        assertThat(trail).extracting(AuditEntry::action).containsExactly(AuditAction.RECORD_CREATED,
                AuditAction.CHANGE_HELD, AuditAction.CHANGE_REQUESTED, AuditAction.APPROVAL_RECORDED,
                AuditAction.APPROVAL_RECORDED, AuditAction.CHANGE_APPLIED, AuditAction.APPROVED);
        assertThat(trail).extracting(AuditEntry::actor).containsExactly(ERP, ERP, ERP, SAM, FAY, FAY, FAY);
        assertThat(trail).allSatisfy(e -> {
            assertThat(e.correlationId()).isNotBlank();
            assertThat(e.at()).isBeforeOrEqualTo(Instant.now());
        });
        String newJson = json.writeValueAsString(NEW).replace(",\"iban\":null", "");
        AuditEntry requested = trail.get(2);
        assertThat(requested.changes()).containsExactly(AuditChange.of("bankAccount", null, newJson));
        assertThat(requested.changeRequestId()).isEqualTo(request);
        assertThat(requested.source()).isEqualTo(new SourceRef(SourceSystem.ERP, "AUD-1", 2L));
        assertThat(requested.approvals()).isEqualTo(new AuditApprovals(0, 2, List.of()));
        assertThat(trail.get(3).verificationNote()).isEqualTo("called the supplier at its listed number");
        // each approval's entry names its step: the supplier steward's check, then the finance controller's release
        assertThat(trail.get(3).approvals()).isEqualTo(new AuditApprovals(1, 2, List.of("sam.supplier"), 1,
                "supplier-steward"));
        assertThat(trail.get(4).approvals()).isEqualTo(new AuditApprovals(2, 2, List.of("sam.supplier",
                "fay.finance"), 2, "finance-controller"));
        assertThat(trail.get(5).changes()).containsExactly(AuditChange.of("bankAccount", null, newJson));
        // the whole of one request (the held submission) shares its correlation id
        assertThat(trail.get(1).correlationId()).isEqualTo(trail.get(2).correlationId());
        assertThat(trail(new AuditFilter(null, null, null, null, trail.get(4).correlationId(), null, null, null, null)))
                .extracting(AuditEntry::action).contains(AuditAction.APPROVAL_RECORDED, AuditAction.CHANGE_APPLIED,
                        AuditAction.APPROVED);

        // GraphQL: the record's history, in full for a supplier steward, masked for an analyst
        String query = "{ supplier(id: \"" + supplier + "\") { history(first: 3) { edges { node { action "
                + "actor { name } changes { attribute before after } } } pageInfo { hasNextPage } } } }";
        JsonNode steward = graphql(query, token("sam.supplier", "supplier-steward"));
        assertThat(steward.at("/errors").isMissingNode()).isTrue();
        assertThat(steward.at("/data/supplier/history/pageInfo/hasNextPage").asBoolean()).isTrue();
        assertThat(steward.at("/data/supplier/history/edges/2/node/changes/0/after").asText()).isEqualTo(newJson);
        JsonNode analyst = graphql(query, token("andy.analyst", "analyst"));
        assertThat(analyst.at("/data/supplier/history/edges/2/node/changes/0/after").asText())
                .contains("*****4321").doesNotContain("987654321");
        assertThat(graphql("{ auditTrail(first: 1) { edges { cursor } } }", token("andy.analyst", "analyst"))
                .at("/errors/0/extensions/code").asText()).isEqualTo("FORBIDDEN");
    }

    @Test
    void a_rejected_submission_and_a_not_owned_attribute_are_in_the_trail_and_the_csv_export() throws Exception {
        String supplier = submit("AUD-2", 1L, SupplierAttributes.named("Refusal Medical Inc.")).goldenId();
        SupplierAttributes contacts = new SupplierAttributes(null, List.of("Refusal Med"), null, null, null, null,
                null, null, List.of(new Contact("Kim", "sales", "kim@refusal.example", null)), null);
        SubmissionResult partly = submit("AUD-2", 2L, contacts);
        assertThat(partly.outcome()).isEqualTo(SubmissionOutcome.UPDATED);
        SupplierAttributes badGln = new SupplierAttributes(null, null, null, null, "8904000210038", null, null,
                null, null, null);
        SubmissionResult rejected = submit("AUD-2", 3L, badGln);
        assertThat(rejected.outcome()).isEqualTo(SubmissionOutcome.REJECTED);
        SubmissionResult rejectedNew = submit("AUD-NEW", 1L, new SupplierAttributes("New Medical Inc.", null, null,
                "12345", null, null, null, null, null, null));
        assertThat(rejectedNew.outcome()).isEqualTo(SubmissionOutcome.REJECTED);

        List<AuditEntry> trail = eventually(() -> trail(AuditFilter.ofRecord(supplier)),
                entries -> entries.size() >= 4, WAIT);
        assertThat(trail).extracting(AuditEntry::action).containsExactly(AuditAction.RECORD_CREATED,
                AuditAction.SUBMISSION_APPLIED, AuditAction.ATTRIBUTES_REFUSED, AuditAction.SUBMISSION_REJECTED);
        assertThat(trail.get(1).changes()).containsExactly(AuditChange.of("tradingNames", null, "[\"Refusal Med\"]"));
        AuditChange refused = trail.get(2).changes().get(0);
        assertThat(refused.attribute()).isEqualTo("contacts");
        assertThat(refused.status()).isEqualTo(AttributeStatus.NOT_SYSTEM_OF_RECORD);
        // a contact is named by its person id only: the trail is kept forever, personal data only until erased
        assertThat(refused.after()).startsWith("[{\"personId\":\"p-").doesNotContain("kim@refusal.example");
        assertThat(trail.get(3).errors()).extracting(e -> e.code()).containsExactly("GLN_CHECK_DIGIT");
        assertThat(trail.get(3).changes()).extracting(AuditChange::attribute).containsExactly("gln");
        // a refused new source record has no golden record: found by its source system and actor
        AuditFilter erpRejected = new AuditFilter(null, "erp", SourceSystem.ERP, null, null, null, null, null,
                List.of(AuditAction.SUBMISSION_REJECTED));
        List<AuditEntry> erpRejections = eventually(() -> trail(erpRejected),
                entries -> entries.stream().anyMatch(e -> e.recordId() == null), WAIT);
        assertThat(erpRejections).anySatisfy(e -> {
            assertThat(e.recordId()).isNull();
            assertThat(e.source().sourceId()).isEqualTo("AUD-NEW");
            assertThat(e.errors()).extracting(f -> f.field()).contains("duns");
        });

        HttpResponse<String> csv = export("recordId=" + supplier, token("audrey.auditor", "auditor"));
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        assertThat(csv.headers().firstValue("Content-Disposition")).contains("attachment; filename=\"audit-trail.csv\"");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).startsWith("entryId,at,action,recordType,recordId,attribute,before,after,");
        assertThat(lines.subList(1, lines.size())).hasSize(4) // created (legalName), applied, refused, rejected (gln)
                .anySatisfy(l -> assertThat(l).contains(",ATTRIBUTES_REFUSED,SUPPLIER," + supplier + ",contacts,")
                        .contains("NOT_SYSTEM_OF_RECORD"))
                .anySatisfy(l -> assertThat(l).contains(",SUBMISSION_REJECTED,").contains("GLN_CHECK_DIGIT"));

        assertThat(export("recordId=" + supplier, token("sam.supplier", "supplier-steward")).statusCode())
                .isEqualTo(403);
        assertThat(export("from=not-a-time", token("audrey.auditor", "auditor")).statusCode()).isEqualTo(400);
    }

    @Test
    void the_export_masks_bank_accounts_for_an_admin_and_shows_them_to_an_auditor() throws Exception {
        String supplier = submit("AUD-3", 1L, new SupplierAttributes("Masked Medical Inc.", null, null, null, null,
                null, null, OLD, null, null)).goldenId();
        // a new supplier's account is held for the banking approvals: the pending value is masked as well
        eventually(() -> trail(AuditFilter.ofRecord(supplier)), entries -> entries.stream()
                .anyMatch(e -> e.action() == AuditAction.CHANGE_HELD), WAIT);
        String query = "recordId=" + URLEncoder.encode(supplier, StandardCharsets.UTF_8) + "&action=CHANGE_HELD";
        String admin = export(query, token("ada.admin", "admin")).body();
        assertThat(admin).contains("*****6789").doesNotContain("123456789");
        String auditor = export(query, token("audrey.auditor", "auditor")).body();
        assertThat(auditor).contains("123456789");
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static SubmissionResult submit(String sourceId, long version, SupplierAttributes attributes) {
        return commands.sendAndWait(new SubmitRecordCommand(new SourceRef(SourceSystem.ERP, sourceId, version),
                attributes, ERP));
    }

    private static SupplierAttributes bank(BankAccount account) {
        return new SupplierAttributes(null, null, null, null, null, null, null, account, null, null);
    }

    private static List<AuditEntry> trail(AuditFilter filter) throws Exception {
        AuditPage page = service.bean(QueryGateway.class).query(new AuditTrailQuery(filter, null, 500),
                ResponseTypes.instanceOf(AuditPage.class)).get();
        return page.edges().stream().map(AuditPage.Edge::node).toList();
    }

    private static String token(String user, String... roles) throws Exception {
        return tokens.user(user, roles);
    }

    private static JsonNode graphql(String query, String token) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/graphql"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("query", query))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static HttpResponse<String> export(String query, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/audit/export.csv?" + query))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://localhost:" + service.port() + path);
    }
}
