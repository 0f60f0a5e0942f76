package io.mdg.graphql.audit;

import static io.mdg.graphql.Fixtures.T1;
import static io.mdg.graphql.Fixtures.T2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.axonframework.messaging.responsetypes.ResponseType;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.audit.AuditAction;
import io.mdg.api.audit.AuditApprovals;
import io.mdg.api.audit.AuditChange;
import io.mdg.api.audit.AuditCursor;
import io.mdg.api.audit.AuditEntry;
import io.mdg.api.audit.AuditFilter;
import io.mdg.api.audit.AuditPage;
import io.mdg.api.audit.AuditTrailQuery;
import io.mdg.api.record.FindRecordQuery;
import io.mdg.api.submission.AttributeStatus;
import io.mdg.api.submission.FieldError;
import io.mdg.api.xref.FindRecordBySourceQuery;
import io.mdg.api.xref.RecordRef;
import io.mdg.graphql.EdgeTest;
import io.mdg.graphql.Fixtures;

/**
 * The audit trail at the edge: roles (auditors, admins and stewards read the trail; every reader a record's history;
 * source clients neither), filters and paging passed to the query side, bank accounts masked per role, verification
 * notes per role, bad arguments refused, and the CSV export over HTTP.
 */
class AuditGraphQlTest extends EdgeTest {

    private static final String OLD = "{\"accountHolder\":\"Acme\",\"routingNumber\":\"021000021\","
            + "\"accountNumber\":\"123456789\",\"currency\":\"USD\"}";
    private static final String NEW = "{\"accountHolder\":\"Acme\",\"routingNumber\":\"011000015\","
            + "\"accountNumber\":\"99999999\",\"iban\":\"DE89370400440532013000\",\"currency\":\"USD\"}";
    private static final String OLD_MASKED = "{\"accountHolder\":\"Acme\",\"routingNumber\":\"*****0021\","
            + "\"accountNumber\":\"*****6789\",\"currency\":\"USD\"}";
    private static final String NEW_MASKED = "{\"accountHolder\":\"Acme\",\"routingNumber\":\"*****0015\","
            + "\"accountNumber\":\"****9999\",\"iban\":\"******************3000\",\"currency\":\"USD\"}";
    private static final Actor ERP = Actor.client("erp");
    private static final Actor SAM = Actor.user("sam.supplier");

    private static String cursor(String id) {
        return new AuditCursor(T1, 1, 0, id).encode();
    }

    private static AuditEntry requested() {
        return new AuditEntry("e-1#0", T1, AuditAction.CHANGE_REQUESTED, EntityType.SUPPLIER, "s-1",
                List.of(AuditChange.of("bankAccount", OLD, NEW)), ERP, new SourceRef(SourceSystem.ERP, "V-1001", 8L),
                "cr-1", new AuditApprovals(0, 2, List.of()), "corr-1", "new bank", null, List.of());
    }

    private static AuditEntry approval() {
        return new AuditEntry("e-2#0", T2, AuditAction.APPROVAL_RECORDED, EntityType.SUPPLIER, "s-1", List.of(), SAM,
                new SourceRef(SourceSystem.ERP, "V-1001", 8L), "cr-1", new AuditApprovals(1, 2, List.of("sam.supplier")),
                "corr-2", "ok, \"verified\"", "called back +1 555 0100", List.of());
    }

    private static AuditEntry rejected() {
        return new AuditEntry("e-3#0", T2, AuditAction.SUBMISSION_REJECTED, EntityType.SUPPLIER, null,
                List.of(new AuditChange("gln", null, "\"8904000210038\"", AttributeStatus.INVALID, "NOT_APPLIED",
                        "not applied")), ERP, new SourceRef(SourceSystem.ERP, "V-2", null), null, null, null,
                "the submission was rejected; nothing changed", null,
                List.of(new FieldError("gln", "GLN_CHECK_DIGIT", "wrong check digit")));
    }

    private static AuditPage page(boolean more, AuditEntry... entries) {
        List<AuditPage.Edge> edges = new ArrayList<>();
        for (AuditEntry entry : entries) {
            edges.add(new AuditPage.Edge(cursor(entry.id()), entry));
        }
        return new AuditPage(edges, more);
    }

    private void answers(AuditTrailQuery query, AuditPage page) {
        when(queryGateway.query(eq(query), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(page));
    }

    private void answersAny(AuditPage page) {
        when(queryGateway.query(any(AuditTrailQuery.class), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(page));
    }

    private AuditTrailQuery askedQuery() {
        ArgumentCaptor<Object> query = ArgumentCaptor.forClass(Object.class);
        verify(queryGateway).query(query.capture(), any(ResponseType.class));
        return (AuditTrailQuery) query.getValue();
    }

    // --- auditTrail

    @Test
    void an_auditor_reads_the_trail_with_every_field_and_bank_accounts_in_full() throws Exception {
        answers(new AuditTrailQuery(AuditFilter.all(), null, 50), page(true, requested(), approval(), rejected()));

        graphql("auditTrail", Map.of(), user("audrey.auditor", "auditor"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.auditTrail.edges[0].cursor").value(cursor("e-1#0")))
                .andExpect(jsonPath("$.data.auditTrail.edges[0].node.at").value("2026-03-01T10:00:00Z"))
                .andExpect(jsonPath("$.data.auditTrail.edges[0].node.action").value("CHANGE_REQUESTED"))
                .andExpect(jsonPath("$.data.auditTrail.edges[0].node.recordType").value("SUPPLIER"))
                .andExpect(jsonPath("$.data.auditTrail.edges[0].node.changes[0].attribute").value("bankAccount"))
                .andExpect(jsonPath("$.data.auditTrail.edges[0].node.changes[0].before").value(OLD))
                .andExpect(jsonPath("$.data.auditTrail.edges[0].node.changes[0].after").value(NEW))
                .andExpect(jsonPath("$.data.auditTrail.edges[0].node.actor.type").value("CLIENT"))
                .andExpect(jsonPath("$.data.auditTrail.edges[0].node.actor.name").value("erp"))
                .andExpect(jsonPath("$.data.auditTrail.edges[0].node.source.system").value("ERP"))
                .andExpect(jsonPath("$.data.auditTrail.edges[0].node.source.sourceVersion").value(8))
                .andExpect(jsonPath("$.data.auditTrail.edges[0].node.changeRequestId").value("cr-1"))
                .andExpect(jsonPath("$.data.auditTrail.edges[0].node.approvals.required").value(2))
                .andExpect(jsonPath("$.data.auditTrail.edges[0].node.correlationId").value("corr-1"))
                .andExpect(jsonPath("$.data.auditTrail.edges[1].node.approvals.approvers[0]").value("sam.supplier"))
                .andExpect(jsonPath("$.data.auditTrail.edges[1].node.verificationNote").value("called back +1 555 0100"))
                .andExpect(jsonPath("$.data.auditTrail.edges[2].node.recordId").value(nullValue()))
                .andExpect(jsonPath("$.data.auditTrail.edges[2].node.changes[0].status").value("INVALID"))
                .andExpect(jsonPath("$.data.auditTrail.edges[2].node.errors[0].code").value("GLN_CHECK_DIGIT"))
                .andExpect(jsonPath("$.data.auditTrail.pageInfo.hasNextPage").value(true))
                .andExpect(jsonPath("$.data.auditTrail.pageInfo.endCursor").value(cursor("e-3#0")));
    }

    @Test
    void the_filter_and_paging_arguments_reach_the_query_side() throws Exception {
        answersAny(page(false));
        String after = cursor("e-1#0");
        graphql("auditTrail", Map.of("first", 20, "after", after, "filter", Map.of("recordId", "s-1",
                "actor", "sam.supplier", "sourceSystem", "ERP", "changeRequestId", "cr-1", "correlationId", "corr-2",
                "from", "2026-03-01T00:00:00Z", "to", "2026-03-02T00:00:00+01:00", "recordType", "SUPPLIER",
                "actions", List.of("APPROVAL_RECORDED", "APPROVED"))), user("sam.supplier", "supplier-steward"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.auditTrail.edges").isEmpty())
                .andExpect(jsonPath("$.data.auditTrail.pageInfo.hasNextPage").value(false))
                .andExpect(jsonPath("$.data.auditTrail.pageInfo.endCursor").value(nullValue()));
        assertThat(askedQuery()).isEqualTo(new AuditTrailQuery(new AuditFilter("s-1", "sam.supplier", SourceSystem.ERP,
                "cr-1", "corr-2", Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-01T23:00:00Z"),
                EntityType.SUPPLIER, List.of(AuditAction.APPROVAL_RECORDED, AuditAction.APPROVED)), after, 20));
    }

    @Test
    void bank_accounts_are_masked_and_notes_hidden_for_callers_without_the_right() throws Exception {
        answersAny(page(false, requested(), approval()));
        graphql("auditTrail", Map.of(), user("ada.admin", "admin"))
                .andExpect(jsonPath("$.data.auditTrail.edges[0].node.changes[0].before").value(OLD_MASKED))
                .andExpect(jsonPath("$.data.auditTrail.edges[0].node.changes[0].after").value(NEW_MASKED))
                .andExpect(jsonPath("$.data.auditTrail.edges[1].node.verificationNote").value(nullValue()))
                .andExpect(jsonPath("$.data.auditTrail.edges[1].node.comment").value("ok, \"verified\""));
        graphql("auditTrail", Map.of(), user("ian.item", "item-steward"))
                .andExpect(jsonPath("$.data.auditTrail.edges[0].node.changes[0].after").value(NEW_MASKED))
                .andExpect(jsonPath("$.data.auditTrail.edges[1].node.verificationNote").value(nullValue()));
        graphql("auditTrail", Map.of(), user("sam.supplier", "supplier-steward"))
                .andExpect(jsonPath("$.data.auditTrail.edges[0].node.changes[0].after").value(NEW))
                .andExpect(jsonPath("$.data.auditTrail.edges[1].node.verificationNote").value("called back +1 555 0100"));
    }

    @Test
    void analysts_and_source_clients_may_not_read_the_trail() throws Exception {
        graphql("auditTrail", Map.of(), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"));
        graphql("auditTrail", Map.of(), sourceClient("erp", "ERP"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"));
        verify(queryGateway, never()).query(any(AuditTrailQuery.class), any(ResponseType.class));
    }

    @Test
    void a_bad_page_size_or_cursor_is_refused_before_the_query_side() throws Exception {
        // (a first above 500 is refused earlier, as too complex, by the edge's query limits)
        graphql("auditTrail", Map.of("first", -1), user("audrey.auditor", "auditor"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("VALIDATION_FAILED"));
        graphql("auditTrail", Map.of("first", 0), user("audrey.auditor", "auditor"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("VALIDATION_FAILED"));
        graphql("auditTrail", Map.of("after", "cr-1"), user("audrey.auditor", "auditor"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("cursor")));
        verify(queryGateway, never()).query(any(AuditTrailQuery.class), any(ResponseType.class));
    }

    // --- history on records

    @Test
    void a_record_history_is_the_trail_of_that_record_masked_for_analysts() throws Exception {
        given(Fixtures.acme());
        answers(new AuditTrailQuery(AuditFilter.ofRecord("s-1"), null, 2), page(true, requested(), approval()));

        graphql("supplierHistory", Map.of("id", "s-1", "first", 2), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.supplier.history.edges[0].node.action").value("CHANGE_REQUESTED"))
                .andExpect(jsonPath("$.data.supplier.history.edges[0].node.changes[0].after").value(NEW_MASKED))
                .andExpect(jsonPath("$.data.supplier.history.edges[1].node.actor.name").value("sam.supplier"))
                .andExpect(jsonPath("$.data.supplier.history.edges[1].node.verificationNote").value(nullValue()))
                .andExpect(jsonPath("$.data.supplier.history.pageInfo.hasNextPage").value(true))
                .andExpect(jsonPath("$.data.supplier.history.pageInfo.endCursor").value(cursor("e-2#0")));
    }

    @Test
    void history_is_on_the_master_record_interface_and_closed_to_source_clients() throws Exception {
        when(queryGateway.query(eq(new FindRecordBySourceQuery(SourceSystem.ERP, "V-1001", null)),
                any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(
                List.of(new RecordRef(EntityType.SUPPLIER, "s-1"))));
        given(Fixtures.acme());
        when(queryGateway.query(eq(new FindRecordQuery(EntityType.SUPPLIER, "s-1")), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(java.util.Optional.of(Fixtures.acme())));
        answers(new AuditTrailQuery(AuditFilter.ofRecord("s-1"), null, 10), page(false, requested()));

        graphql("recordHistory", Map.of("system", "ERP", "sourceId", "V-1001"), user("audrey.auditor", "auditor"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.recordBySource.history.edges[0].node.recordId").value("s-1"));
        graphql("recordHistory", Map.of("system", "ERP", "sourceId", "V-1001"), sourceClient("erp", "ERP"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"))
                .andExpect(jsonPath("$.errors[0].path[1]").value("history"));
    }

    // --- CSV export

    private MvcResult export(String query, RequestPostProcessor auth) throws Exception {
        MvcResult started = mvc.perform(get("/audit/export.csv" + query).with(auth)).andReturn();
        return started.getRequest().isAsyncStarted() ? mvc.perform(asyncDispatch(started)).andReturn() : started;
    }

    @Test
    void an_auditor_exports_the_filtered_trail_as_csv_page_by_page() throws Exception {
        AuditFilter filter = new AuditFilter("s-1", null, SourceSystem.ERP, null, null,
                Instant.parse("2026-03-01T00:00:00Z"), null, null, List.of(AuditAction.CHANGE_REQUESTED,
                AuditAction.APPROVAL_RECORDED));
        answers(new AuditTrailQuery(filter, null, 500), page(true, requested()));
        answers(new AuditTrailQuery(filter, cursor("e-1#0"), 500), page(false, approval()));

        MvcResult result = export("?recordId=s-1&sourceSystem=ERP&from=2026-03-01T00:00:00Z"
                + "&action=CHANGE_REQUESTED&action=APPROVAL_RECORDED", user("audrey.auditor", "auditor"));
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(result.getResponse().getContentType()).startsWith("text/csv");
        assertThat(result.getResponse().getHeader("Content-Disposition"))
                .isEqualTo("attachment; filename=\"audit-trail.csv\"");
        String csv = result.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        String[] lines = csv.split("\r\n", -1);
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).isEqualTo(String.join(",", AuditCsv.HEADER));
        assertThat(lines[1]).startsWith("e-1#0,2026-03-01T10:00:00Z,CHANGE_REQUESTED,SUPPLIER,s-1,bankAccount,\""
                + OLD.replace("\"", "\"\"") + "\",\"" + NEW.replace("\"", "\"\"") + "\",,,,CLIENT,erp,ERP,V-1001,8,"
                + "cr-1,0,2,,corr-1,new bank,,");
        assertThat(lines[2]).isEqualTo("e-2#0,2026-03-02T10:00:00Z,APPROVAL_RECORDED,SUPPLIER,s-1,,,,,,,USER,"
                + "sam.supplier,ERP,V-1001,8,cr-1,1,2,sam.supplier,corr-2,\"ok, \"\"verified\"\"\","
                + "called back +1 555 0100,");
        assertThat(lines[3]).isEmpty();
    }

    @Test
    void an_admin_export_masks_bank_accounts_and_other_roles_may_not_export() throws Exception {
        answersAny(page(false, requested(), rejected()));
        MvcResult result = export("", user("ada.admin", "admin"));
        String csv = result.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(csv).contains(OLD_MASKED.replace("\"", "\"\"")).doesNotContain("123456789")
                .contains("gln GLN_CHECK_DIGIT: wrong check digit");

        assertThat(export("", user("sam.supplier", "supplier-steward")).getResponse().getStatus()).isEqualTo(403);
        assertThat(export("", user("andy.analyst", "analyst")).getResponse().getStatus()).isEqualTo(403);
        assertThat(export("", sourceClient("erp", "ERP")).getResponse().getStatus()).isEqualTo(403);
        mvc.perform(get("/audit/export.csv")).andExpect(status().isUnauthorized());
    }

    @Test
    void a_bad_export_parameter_is_a_400_with_a_code() throws Exception {
        mvc.perform(get("/audit/export.csv?from=yesterday").with(user("audrey.auditor", "auditor")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"));
        mvc.perform(get("/audit/export.csv?sourceSystem=SAP").with(user("audrey.auditor", "auditor")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(header().doesNotExist("Content-Disposition"));
        verify(queryGateway, never()).query(any(AuditTrailQuery.class), any(ResponseType.class));
    }
}
