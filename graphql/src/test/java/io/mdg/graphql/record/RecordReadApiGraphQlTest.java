package io.mdg.graphql.record;

import static io.mdg.graphql.Fixtures.T1;
import static io.mdg.graphql.Fixtures.acme;
import static io.mdg.graphql.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.axonframework.messaging.responsetypes.ResponseType;
import org.junit.jupiter.api.Test;
import org.mockito.invocation.Invocation;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceSystem;
import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.ContractLine;
import io.mdg.api.model.ContractType;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.ItemClass;
import io.mdg.api.model.LocationType;
import io.mdg.api.model.Ref;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.AttributeLineage;
import io.mdg.api.record.ContractFilter;
import io.mdg.api.record.CountMatchingRecordsQuery;
import io.mdg.api.record.FindChildLocationsQuery;
import io.mdg.api.record.FindRecordAsOfQuery;
import io.mdg.api.record.FindRecordQuery;
import io.mdg.api.record.FindRecordsQuery;
import io.mdg.api.record.ItemFilter;
import io.mdg.api.record.ListRecordPageQuery;
import io.mdg.api.record.LocationFilter;
import io.mdg.api.record.RecordFilter;
import io.mdg.api.record.RecordPageView;
import io.mdg.api.record.RecordView;
import io.mdg.api.record.SupplierFilter;
import io.mdg.graphql.EdgeTest;
import io.mdg.graphql.Fixtures;

/**
 * The golden-record read API: Relay connections with filters and cursors, the earlier page fields, total counts
 * only when asked, as-of reads, location trees, and one query per GraphQL level for relations.
 */
class RecordReadApiGraphQlTest extends EdgeTest {

    private static final SupplierFilter ACTIVE_ACME = new SupplierFilter(LifecycleStatus.ACTIVE, "acme", "12-3456789",
            null, null);

    private void page(RecordFilter filter, String after, int first, boolean more, RecordView... views) {
        when(queryGateway.query(eq(new ListRecordPageQuery(filter, after, first)), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(new RecordPageView(List.of(views), more)));
    }

    private long sent(Class<?> queryType) {
        return mockingDetails(queryGateway).getInvocations().stream()
                .filter(i -> i.getMethod().getName().equals("query"))
                .filter(i -> queryType.isInstance(i.getArgument(0))).count();
    }

    @Test
    void suppliers_come_as_a_connection_with_cursors_page_info_and_a_total_count_of_the_filter() throws Exception {
        page(ACTIVE_ACME, "s-0", 2, true, acme(), record("s-2", 1, SupplierAttributes.named("Acme Surgical")));
        when(queryGateway.query(eq(new CountMatchingRecordsQuery(ACTIVE_ACME)), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(7L));

        graphql("suppliersPage", Map.of("filter", Map.of("status", "ACTIVE", "text", "acme", "taxId", "12-3456789"),
                "first", 2, "after", "s-0"), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.suppliers.edges[*].cursor", contains("s-1", "s-2")))
                .andExpect(jsonPath("$.data.suppliers.edges[0].node.legalName").value("Acme Medical Inc."))
                .andExpect(jsonPath("$.data.suppliers.edges[1].node.id").value("s-2"))
                .andExpect(jsonPath("$.data.suppliers.pageInfo.hasNextPage").value(true))
                .andExpect(jsonPath("$.data.suppliers.pageInfo.endCursor").value("s-2"))
                .andExpect(jsonPath("$.data.suppliers.totalCount").value(7));
    }

    @Test
    void the_total_count_is_asked_only_when_selected_and_the_last_page_has_no_next() throws Exception {
        page(RecordFilter.any(EntityType.SUPPLIER), null, 50, false, acme());

        graphql("{ suppliers { edges { node { id } } pageInfo { hasNextPage endCursor } nextAfter records { id } } }",
                Map.of(), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.suppliers.pageInfo.hasNextPage").value(false))
                .andExpect(jsonPath("$.data.suppliers.pageInfo.endCursor").value("s-1"))
                .andExpect(jsonPath("$.data.suppliers.nextAfter").value(nullValue()))
                .andExpect(jsonPath("$.data.suppliers.records[*].id", contains("s-1")));
        verify(queryGateway, never()).query(any(CountMatchingRecordsQuery.class), any(ResponseType.class));
    }

    @Test
    void a_count_that_fails_leaves_the_page_and_says_why() throws Exception {
        page(ACTIVE_ACME, null, 50, false, acme());
        when(queryGateway.query(eq(new CountMatchingRecordsQuery(ACTIVE_ACME)), any(ResponseType.class)))
                .thenReturn(new CompletableFuture<>());

        graphql("suppliersPage", Map.of("filter", Map.of("status", "ACTIVE", "text", "acme", "taxId", "12-3456789")),
                user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.data.suppliers.edges[0].node.id").value("s-1"))
                .andExpect(jsonPath("$.data.suppliers.totalCount").value(nullValue()))
                .andExpect(jsonPath("$.errors[0].path", contains("suppliers", "totalCount")))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("TIMEOUT"));
    }

    @Test
    void an_empty_page_has_no_end_cursor() throws Exception {
        page(new LocationFilter(null, null, null, null, LocationType.PAR_LOCATION, null), null, 50, false);

        graphql("{ locations(filter: {locationType: PAR_LOCATION}) { edges { cursor } pageInfo { hasNextPage endCursor } } }",
                Map.of(), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.data.locations.edges", empty()))
                .andExpect(jsonPath("$.data.locations.pageInfo.hasNextPage").value(false))
                .andExpect(jsonPath("$.data.locations.pageInfo.endCursor").value(nullValue()));
    }

    @Test
    void every_filter_field_of_every_type_reaches_the_query_side() throws Exception {
        ItemFilter items = new ItemFilter(LifecycleStatus.SUSPENDED, "glove", "00012345678905", "H123ABC45",
                "+A123BJC5D6E71G", "G-100", ItemClass.MED_SURG, "s-1");
        ContractFilter contracts = new ContractFilter(LifecycleStatus.ACTIVE, "C-1", "s-1", "i-1", ContractType.GPO);
        LocationFilter locations = new LocationFilter(LifecycleStatus.RETIRED, "store", "8904000210037", "ABCDEFG01",
                LocationType.STOREROOM, "l-2");
        page(items, null, 10, false, record("i-1", 1, Fixtures.glove("s-1")));
        page(contracts, null, 10, false);
        page(locations, null, 10, false);
        page(new SupplierFilter(null, null, null, "123456789", "8904000210037"), null, 10, false);

        graphql("""
                { items(first: 10, filter: {status: SUSPENDED, text: "glove", gtin: "00012345678905", udiDi: "H123ABC45",
                    hibcCode: "+A123BJC5D6E71G", manufacturerPartNumber: "G-100", itemClass: MED_SURG,
                    manufacturerId: "s-1"}) { edges { node { id } } }
                  contracts(first: 10, filter: {status: ACTIVE, contractNumber: "C-1", supplierId: "s-1", itemId: "i-1",
                    contractType: GPO}) { edges { node { id } } }
                  locations(first: 10, filter: {status: RETIRED, text: "store", gln: "8904000210037", hin: "ABCDEFG01",
                    locationType: STOREROOM, parentId: "l-2"}) { edges { node { id } } }
                  suppliers(first: 10, filter: {duns: "123456789", gln: "8904000210037"}) { edges { node { id } } } }
                """, Map.of(), user("audrey.auditor", "auditor"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.items.edges[0].node.id").value("i-1"))
                .andExpect(jsonPath("$.data.contracts.edges", empty()))
                .andExpect(jsonPath("$.data.locations.edges", empty()))
                .andExpect(jsonPath("$.data.suppliers.edges", empty()));
    }

    @Test
    void the_deprecated_status_argument_still_filters_and_a_conflicting_one_is_refused() throws Exception {
        page(RecordFilter.any(EntityType.CONTRACT).withStatus(LifecycleStatus.SUSPENDED), null, 50, false);

        graphql("{ contracts(status: SUSPENDED) { edges { cursor } } }", Map.of(), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors").doesNotExist());
        graphql("{ contracts(status: SUSPENDED, filter: {status: SUSPENDED}) { edges { cursor } } }", Map.of(),
                user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors").doesNotExist());
        graphql("{ contracts(status: ACTIVE, filter: {status: SUSPENDED}) { edges { cursor } } }", Map.of(),
                user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("VALIDATION_FAILED"));
    }

    @Test
    void a_text_condition_longer_than_200_characters_and_a_page_over_500_are_refused() throws Exception {
        graphql("suppliersPage", Map.of("filter", Map.of("text", "x".repeat(201))), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("VALIDATION_FAILED"));
        graphql("suppliersPage", Map.of("first", 501), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("VALIDATION_FAILED"));
        graphql("{ items(filter: {itemClass: SPACESHIP}) { edges { cursor } } }", Map.of(),
                user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("BAD_REQUEST"));
        verify(queryGateway, never()).query(any(ListRecordPageQuery.class), any(ResponseType.class));
    }

    @Test
    void a_source_client_cannot_page_or_read_as_of() throws Exception {
        graphql("suppliersPage", Map.of(), sourceClient("erp", "ERP"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"));
        graphql("supplierAsOf", Map.of("id", "s-1", "asOf", "2026-03-01T00:00:00Z"), sourceClient("erp", "ERP"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"));
        verify(queryGateway, never()).query(any(), any(ResponseType.class));
    }

    @Test
    void as_of_an_instant_the_record_is_read_from_its_history_and_before_creation_it_is_null() throws Exception {
        Instant asOf = Instant.parse("2026-03-01T12:00:00Z");
        RecordView then = new RecordView("s-1", EntityType.SUPPLIER, 1, LifecycleStatus.ACTIVE, T1, T1,
                SupplierAttributes.named("Acme Medical"), List.of(),
                List.of(new AttributeLineage("legalName", SourceSystem.STEWARD, "sam.supplier", T1, "cr-7")),
                List.of(), null);
        when(queryGateway.query(eq(new FindRecordAsOfQuery(EntityType.SUPPLIER, "s-1", asOf)), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(Optional.of(then)));
        when(queryGateway.query(eq(new FindRecordAsOfQuery(EntityType.SUPPLIER, "s-1", T1.minusSeconds(1))),
                any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(Optional.empty()));
        given(acme());

        graphql("supplierAsOf", Map.of("id", "s-1", "asOf", "2026-03-01T14:00:00+02:00"), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.supplier.version").value(1))
                .andExpect(jsonPath("$.data.supplier.legalName").value("Acme Medical"))
                .andExpect(jsonPath("$.data.supplier.updatedAt").value("2026-03-01T10:00:00Z"))
                .andExpect(jsonPath("$.data.supplier.lineage[0].changeRequestId").value("cr-7"))
                .andExpect(jsonPath("$.data.supplier.lineage[0].system").value("STEWARD"));
        graphql("supplierAsOf", Map.of("id", "s-1", "asOf", "2026-03-01T09:59:59Z"), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.supplier").value(nullValue()));
        graphql("supplierAsOf", Map.of("id", "s-1"), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.data.supplier.version").value(3))
                .andExpect(jsonPath("$.data.supplier.legalName").value("Acme Medical Inc."));
        graphql("supplierAsOf", Map.of("id", "s-1", "asOf", "1 March"), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("BAD_REQUEST"));
        verify(queryGateway).query(eq(new FindRecordQuery(EntityType.SUPPLIER, "s-1")), any(ResponseType.class));
    }

    @Test
    void every_type_reads_as_of_an_instant() throws Exception {
        when(queryGateway.query(any(FindRecordAsOfQuery.class), any(ResponseType.class))).thenAnswer(call -> {
            FindRecordAsOfQuery query = call.getArgument(0);
            RecordView view = switch (query.type()) {
                case ITEM -> record(query.recordId(), 2, Fixtures.glove("s-1"));
                case CONTRACT -> record(query.recordId(), 2, Fixtures.contract("s-1", "i-1"));
                case LOCATION -> record(query.recordId(), 2, Fixtures.location("Main", LocationType.FACILITY, null));
                default -> null;
            };
            return CompletableFuture.completedFuture(Optional.ofNullable(view));
        });

        graphql("""
                { item(id: "i-1", asOf: "2026-03-01T00:00:00Z") { version description }
                  contract(id: "c-1", asOf: "2026-03-01T00:00:00Z") { version contractNumber }
                  location(id: "l-1", asOf: "2026-03-01T00:00:00Z") { version name } }
                """, Map.of(), user("ian.item", "item-steward"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.item.description").value("Glove nitrile M"))
                .andExpect(jsonPath("$.data.contract.contractNumber").value("C-1"))
                .andExpect(jsonPath("$.data.location.name").value("Main"));
        assertThat(sent(FindRecordAsOfQuery.class)).isEqualTo(3);
        assertThat(sent(FindRecordQuery.class)).isZero();
    }

    @Test
    void a_location_tree_reads_children_level_by_level_one_query_per_level() throws Exception {
        given(record("l-1", 1, Fixtures.location("Network", LocationType.NETWORK, null)),
                record("l-2", 1, Fixtures.location("General Hospital", LocationType.HOSPITAL_CAMPUS, "l-1")));
        List<RecordView> departments = List.of(
                record("l-3", 1, Fixtures.location("Surgery", LocationType.DEPARTMENT, "l-2")),
                record("l-4", 1, Fixtures.location("Radiology", LocationType.DEPARTMENT, "l-2")));
        when(queryGateway.query(eq(new FindChildLocationsQuery(List.of("l-2"))), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(departments));
        when(queryGateway.query(eq(new FindChildLocationsQuery(List.of("l-3", "l-4"))), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(List.of(
                        record("l-5", 1, Fixtures.location("OR storeroom", LocationType.STOREROOM, "l-3")))));

        graphql("locationTree", Map.of("id", "l-2"), user("leo.location", "location-steward"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.location.parent.name").value("Network"))
                .andExpect(jsonPath("$.data.location.children[*].name", contains("Surgery", "Radiology")))
                .andExpect(jsonPath("$.data.location.children[0].locationType").value("DEPARTMENT"))
                .andExpect(jsonPath("$.data.location.children[0].children[*].name", contains("OR storeroom")))
                .andExpect(jsonPath("$.data.location.children[1].children", empty()));
        assertThat(sent(FindChildLocationsQuery.class)).isEqualTo(2);
    }

    @Test
    void a_page_of_50_contracts_with_suppliers_line_items_and_manufacturers_costs_one_query_per_level()
            throws Exception {
        List<RecordView> contracts = new ArrayList<>();
        List<RecordView> related = new ArrayList<>();
        for (int c = 0; c < 50; c++) {
            String supplier = "s-" + c;
            List<ContractLine> lines = new ArrayList<>();
            for (int l = 0; l < 3; l++) {
                String item = "i-" + c + "-" + l;
                lines.add(new ContractLine(Ref.to(item), "EA", new BigDecimal("1.25"), "USD", null, null, null));
                related.add(record(item, 1, new ItemAttributes("Item " + item, Ref.to("m-" + (c % 5)), null, null,
                        null, null, null, ItemClass.MED_SURG, null, null, null, null, null)));
            }
            contracts.add(record(String.format("c-%02d", c), 1, new ContractAttributes("C-" + c, Ref.to(supplier),
                    ContractType.GPO, "TIER-1", LocalDate.of(2026, 1, 1), null, lines)));
            related.add(record(supplier, 1, SupplierAttributes.named("Supplier " + c)));
        }
        for (int m = 0; m < 5; m++) {
            related.add(record("m-" + m, 1, SupplierAttributes.named("Manufacturer " + m)));
        }
        page(RecordFilter.any(EntityType.CONTRACT), null, 50, true, contracts.toArray(RecordView[]::new));
        given(related.toArray(RecordView[]::new));

        graphql("contractsWithRelations", Map.of("first", 50), user("carl.contract", "contract-steward"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.contracts.edges", hasSize(50)))
                .andExpect(jsonPath("$.data.contracts.edges[7].node.supplier.legalName").value("Supplier 7"))
                .andExpect(jsonPath("$.data.contracts.edges[7].node.lines[2].item.description").value("Item i-7-2"))
                .andExpect(jsonPath("$.data.contracts.edges[7].node.lines[2].item.manufacturer.legalName")
                        .value("Manufacturer 2"))
                .andExpect(jsonPath("$.data.contracts.pageInfo.endCursor").value("c-49"));

        Map<String, Integer> idsPerQuery = new HashMap<>();
        for (Invocation invocation : mockingDetails(queryGateway).getInvocations()) {
            if (invocation.getArgument(0) instanceof FindRecordsQuery query) {
                idsPerQuery.merge(query.type() + "/" + query.ids().get(0).charAt(0), query.ids().size(), Integer::sum);
            }
        }
        // one page query, then one batch per level: suppliers, line items, the items' manufacturers
        assertThat(sent(ListRecordPageQuery.class)).isEqualTo(1);
        assertThat(sent(FindRecordsQuery.class)).isEqualTo(3);
        assertThat(sent(FindRecordQuery.class)).isZero();
        assertThat(idsPerQuery).containsEntry("SUPPLIER/s", 50).containsEntry("ITEM/i", 150)
                .containsEntry("SUPPLIER/m", 5);
    }

    @Test
    void the_schema_keeps_the_earlier_page_fields_as_deprecated() throws Exception {
        graphql("{ __type(name: \"SupplierPage\") { fields(includeDeprecated: true) { name isDeprecated } } }",
                Map.of(), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.data.__type.fields[?(@.name == 'records')].isDeprecated", contains(true)))
                .andExpect(jsonPath("$.data.__type.fields[?(@.name == 'nextAfter')].isDeprecated", contains(true)))
                .andExpect(jsonPath("$.data.__type.fields[?(@.name == 'edges')].isDeprecated", contains(false)));
    }
}
