package io.mdg.graphql.record;

import static io.mdg.graphql.Fixtures.ACME;
import static io.mdg.graphql.Fixtures.acme;
import static io.mdg.graphql.Fixtures.record;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.axonframework.messaging.responsetypes.ResponseType;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceSystem;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.LocationType;
import io.mdg.api.record.CountRecordsQuery;
import io.mdg.api.record.DuplicateCandidate;
import io.mdg.api.record.DuplicateCandidatesQuery;
import io.mdg.api.record.FindRecordQuery;
import io.mdg.api.record.FindRecordsQuery;
import io.mdg.api.record.ListRecordPageQuery;
import io.mdg.api.record.RecordFilter;
import io.mdg.api.record.RecordPageView;
import io.mdg.api.xref.FindRecordBySourceQuery;
import io.mdg.api.xref.RecordRef;
import io.mdg.graphql.EdgeTest;
import io.mdg.graphql.Fixtures;

/** Reading golden records: every type, references in batches, masking, pages, counts, roles and error codes. */
class RecordGraphQlTest extends EdgeTest {

    @Test
    void an_analyst_reads_a_supplier_with_all_its_attributes_and_a_masked_bank_account() throws Exception {
        given(acme());

        graphql("supplier", Map.of("id", "s-1"), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.supplier.__typename").value("Supplier"))
                .andExpect(jsonPath("$.data.supplier.legalName").value("Acme Medical Inc."))
                .andExpect(jsonPath("$.data.supplier.tradingNames", contains("Acme Med")))
                .andExpect(jsonPath("$.data.supplier.version").value(3))
                .andExpect(jsonPath("$.data.supplier.createdAt").value("2026-03-01T10:00:00Z"))
                .andExpect(jsonPath("$.data.supplier.updatedAt").value("2026-03-02T10:00:00Z"))
                .andExpect(jsonPath("$.data.supplier.orderingAddress.postalCode").value("02139"))
                .andExpect(jsonPath("$.data.supplier.contacts[0].email").value("ann@acme.test"))
                .andExpect(jsonPath("$.data.supplier.screeningStatus").value("CLEAR"))
                .andExpect(jsonPath("$.data.supplier.sourceRefs[0].sourceVersion").value(7))
                .andExpect(jsonPath("$.data.supplier.lineage[0].attribute").value("legalName"))
                .andExpect(jsonPath("$.data.supplier.lineage[0].system").value("ERP"))
                .andExpect(jsonPath("$.data.supplier.pendingChanges[0].attributes", contains("bankAccount")))
                .andExpect(jsonPath("$.data.supplier.pendingChanges[0].approvalsRequired").value(2))
                .andExpect(jsonPath("$.data.supplier.bankAccount.bankName").value("First Bank"))
                .andExpect(jsonPath("$.data.supplier.bankAccount.accountNumber").value("*****6789"))
                .andExpect(jsonPath("$.data.supplier.bankAccount.iban").value("******************3000"))
                .andExpect(jsonPath("$.data.supplier.bankAccount.routingNumber").value("*****0021"));
    }

    @Test
    void supplier_stewards_and_auditors_see_the_bank_account_in_full_an_admin_does_not() throws Exception {
        given(acme());

        for (String role : List.of("supplier-steward", "auditor")) {
            graphql("supplier", Map.of("id", "s-1"), user("someone", role))
                    .andExpect(jsonPath("$.data.supplier.bankAccount.accountNumber").value("123456789"))
                    .andExpect(jsonPath("$.data.supplier.bankAccount.iban").value("DE89370400440532013000"));
        }
        for (String role : List.of("admin", "item-steward")) {
            graphql("supplier", Map.of("id", "s-1"), user("someone", role))
                    .andExpect(jsonPath("$.data.supplier.bankAccount.accountNumber").value("*****6789"));
        }
    }

    @Test
    void the_callers_right_to_see_bank_accounts_holds_when_the_record_arrives_on_another_thread() throws Exception {
        var later = CompletableFuture.delayedExecutor(50, java.util.concurrent.TimeUnit.MILLISECONDS);
        when(queryGateway.query(eq(new FindRecordQuery(EntityType.SUPPLIER, "s-1")), any(ResponseType.class)))
                .thenAnswer(call -> CompletableFuture.supplyAsync(() -> Optional.of(acme()), later));

        graphql("supplier", Map.of("id", "s-1"), user("sam.supplier", "supplier-steward"))
                .andExpect(jsonPath("$.data.supplier.bankAccount.accountNumber").value("123456789"));
        graphql("supplier", Map.of("id", "s-1"), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.data.supplier.bankAccount.accountNumber").value("*****6789"));
    }

    @Test
    void an_unknown_record_is_null() throws Exception {
        when(queryGateway.query(eq(new FindRecordQuery(EntityType.SUPPLIER, "nope")), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(Optional.empty()));

        graphql("supplier", Map.of("id", "nope"), user("sam.supplier", "supplier-steward"))
                .andExpect(jsonPath("$.data.supplier").value(nullValue()))
                .andExpect(jsonPath("$.errors").doesNotExist());
    }

    @Test
    void a_source_client_cannot_read_golden_records_by_id_or_page() throws Exception {
        graphql("supplier", Map.of("id", "s-1"), sourceClient("erp", "ERP"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"));
        graphql("items", Map.of(), sourceClient("erp", "ERP"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"));
        verify(queryGateway, never()).query(any(), any(ResponseType.class));
    }

    @Test
    void record_by_source_resolves_the_cross_reference_to_the_record_of_its_type() throws Exception {
        when(queryGateway.query(eq(new FindRecordBySourceQuery(SourceSystem.ERP, "I-1", null)), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(List.of(new RecordRef(EntityType.ITEM, "i-1"))));
        given(record("i-1", 1, ItemAttributes.described("Glove")));

        graphql("recordBySource", Map.of("system", "ERP", "sourceId", "I-1"), sourceClient("erp", "ERP"))
                .andExpect(jsonPath("$.data.recordBySource.__typename").value("Item"))
                .andExpect(jsonPath("$.data.recordBySource.description").value("Glove"));
    }

    @Test
    void a_source_client_cannot_resolve_another_systems_records() throws Exception {
        graphql("recordBySource", Map.of("system", "SOURCING", "sourceId", "V-1001"), sourceClient("erp", "ERP"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"));
    }

    @Test
    void a_page_of_items_resolves_each_manufacturer_once_and_computes_conversion_factors() throws Exception {
        when(queryGateway.query(eq(new ListRecordPageQuery(RecordFilter.any(EntityType.ITEM)
                .withStatus(LifecycleStatus.ACTIVE), "i-0", 2)), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(new RecordPageView(List.of(
                        record("i-1", 1, Fixtures.glove("s-1")), record("i-2", 1, Fixtures.glove("s-1"))), true)));
        given(acme());

        graphql("items", Map.of("status", "ACTIVE", "after", "i-0", "first", 2), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.items.nextAfter").value("i-2"))
                .andExpect(jsonPath("$.data.items.records", hasSize(2)))
                .andExpect(jsonPath("$.data.items.records[0].itemClass").value("MED_SURG"))
                .andExpect(jsonPath("$.data.items.records[0].manufacturerId").value("s-1"))
                .andExpect(jsonPath("$.data.items.records[1].manufacturer.legalName").value("Acme Medical Inc."))
                .andExpect(jsonPath("$.data.items.records[1].manufacturer.bankAccount.accountNumber").value("*****6789"))
                .andExpect(jsonPath("$.data.items.records[0].packaging[*].conversionFactor", contains(1, 100, 1000, null)));
        verify(queryGateway, times(1)).query(eq(new FindRecordsQuery(EntityType.SUPPLIER, List.of("s-1"))),
                any(ResponseType.class));
    }

    @Test
    void a_page_that_is_not_full_has_no_next_and_a_page_size_outside_1_to_500_is_refused() throws Exception {
        when(queryGateway.query(eq(new ListRecordPageQuery(RecordFilter.any(EntityType.ITEM), null, 50)),
                any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(
                new RecordPageView(List.of(record("i-1", 1, ItemAttributes.described("G"))), false)));

        graphql("items", Map.of(), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.data.items.records", hasSize(1)))
                .andExpect(jsonPath("$.data.items.nextAfter").value(nullValue()));
        // a lean selection: the full one of 501 items (with their packaging) is refused earlier, for its complexity
        graphql("query($first: Int) { items(first: $first) { nextAfter } }", Map.of("first", 501),
                user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("VALIDATION_FAILED"));
    }

    @Test
    void a_contract_shows_exact_prices_dates_and_its_supplier_and_items() throws Exception {
        given(record("c-1", 2, Fixtures.contract("s-1", "i-1")), acme(), record("i-1", 1, Fixtures.glove("s-1")));

        graphql("contract", Map.of("id", "c-1"), user("carl.contract", "contract-steward"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.contract.contractType").value("GPO"))
                .andExpect(jsonPath("$.data.contract.effectiveFrom").value("2026-01-01"))
                .andExpect(jsonPath("$.data.contract.supplierId").value("s-1"))
                .andExpect(jsonPath("$.data.contract.supplier.legalName").value("Acme Medical Inc."))
                .andExpect(jsonPath("$.data.contract.lines[0].price").value("12.5"))
                .andExpect(jsonPath("$.data.contract.lines[1].price").value("118.123456789012345678"))
                .andExpect(jsonPath("$.data.contract.lines[1].effectiveFrom").value("2026-02-01"))
                .andExpect(jsonPath("$.data.contract.lines[0].itemId").value("i-1"))
                .andExpect(jsonPath("$.data.contract.lines[1].item.description").value("Glove nitrile M"));
        verify(queryGateway, times(1)).query(eq(new FindRecordsQuery(EntityType.ITEM, List.of("i-1"))),
                any(ResponseType.class));
    }

    @Test
    void a_location_resolves_its_parents() throws Exception {
        given(record("l-3", 1, Fixtures.location("Main storeroom", LocationType.STOREROOM, "l-2")),
                record("l-2", 1, Fixtures.location("General Hospital", LocationType.FACILITY, "l-1")),
                record("l-1", 1, Fixtures.location("Network", LocationType.NETWORK, null)));

        graphql("location", Map.of("id", "l-3"), user("leo.location", "location-steward"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.location.locationType").value("STOREROOM"))
                .andExpect(jsonPath("$.data.location.hin").value("ABCDEFG01"))
                .andExpect(jsonPath("$.data.location.replenishmentMethod").value("PAR_LEVEL"))
                .andExpect(jsonPath("$.data.location.parentId").value("l-2"))
                .andExpect(jsonPath("$.data.location.parent.name").value("General Hospital"))
                .andExpect(jsonPath("$.data.location.parent.parent.name").value("Network"));
    }

    @Test
    void record_counts_are_given_per_type_in_all_and_per_status() throws Exception {
        when(queryGateway.query(any(CountRecordsQuery.class), any(ResponseType.class))).thenAnswer(call -> {
            CountRecordsQuery query = call.getArgument(0);
            long count = query.status() == null ? 10 : query.status().ordinal() + 1;
            return CompletableFuture.completedFuture(count);
        });

        graphql("recordCounts", Map.of("type", "CONTRACT"), user("audrey.auditor", "auditor"))
                .andExpect(jsonPath("$.data.recordCounts", hasSize(4)))
                .andExpect(jsonPath("$.data.recordCounts[0].type").value("CONTRACT"))
                .andExpect(jsonPath("$.data.recordCounts[0].status").value(nullValue()))
                .andExpect(jsonPath("$.data.recordCounts[0].count").value(10))
                .andExpect(jsonPath("$.data.recordCounts[2].status").value("SUSPENDED"))
                .andExpect(jsonPath("$.data.recordCounts[2].count").value(2));
        graphql("recordCounts", Map.of(), user("ada.admin", "admin"))
                .andExpect(jsonPath("$.data.recordCounts", hasSize(16)));
    }

    @Test
    void duplicate_candidates_come_with_both_records() throws Exception {
        // no minScore given: the query carries none, and the query side applies the rules file's threshold
        when(queryGateway.query(eq(new DuplicateCandidatesQuery(EntityType.SUPPLIER, "s-1", null, 50)),
                any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(List.of(
                new DuplicateCandidate("s-1", "s-2", 0.93, List.of("similar name", "same postal code")))));
        given(acme(), record("s-2", 1, io.mdg.api.model.SupplierAttributes.named("ACME Medical LLC")));

        graphql("duplicateCandidates", Map.of("recordId", "s-1"), user("sam.supplier", "supplier-steward"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.duplicateCandidates[0].score").value(0.93))
                .andExpect(jsonPath("$.data.duplicateCandidates[0].reasons", contains("similar name", "same postal code")))
                .andExpect(jsonPath("$.data.duplicateCandidates[0].record.legalName").value(ACME.legalName()))
                .andExpect(jsonPath("$.data.duplicateCandidates[0].candidate.legalName").value("ACME Medical LLC"));
        graphql("duplicateCandidates", Map.of("minScore", 1.5), user("sam.supplier", "supplier-steward"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("VALIDATION_FAILED"));
    }

    @Test
    void a_query_that_times_out_is_answered_with_timeout() throws Exception {
        when(queryGateway.query(eq(new FindRecordQuery(EntityType.SUPPLIER, "slow")), any(ResponseType.class)))
                .thenReturn(new CompletableFuture<>());

        graphql("supplier", Map.of("id", "slow"), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("TIMEOUT"));
    }

    @Test
    void invalid_documents_and_values_are_answered_with_bad_request_codes() throws Exception {
        mvc.perform(post("/graphql").with(user("andy.analyst", "analyst")).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("query", "{ supplier(id: \"x\") { nope } }"))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.errors[0].extensions.code").value("BAD_REQUEST"));
        mvc.perform(post("/graphql").with(user("andy.analyst", "analyst")).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("query", document("recordBySource"),
                                "variables", Map.of("system", "MAINFRAME", "sourceId", "1")))))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("BAD_REQUEST"));
        mvc.perform(post("/graphql").with(user("andy.analyst", "analyst")).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("query", "{ supplier(id: "))))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("BAD_REQUEST"));
    }

    @Test
    void a_request_without_a_token_is_unauthorized() throws Exception {
        mvc.perform(post("/graphql").contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("query", "{ __typename }"))))
                .andExpect(status().isUnauthorized());
    }
}
