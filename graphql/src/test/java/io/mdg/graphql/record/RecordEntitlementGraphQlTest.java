package io.mdg.graphql.record;

import static io.mdg.graphql.Fixtures.record;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.nullValue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.axonframework.messaging.responsetypes.ResponseType;
import org.junit.jupiter.api.Test;

import io.mdg.api.EntityType;
import io.mdg.api.SourceSystem;
import io.mdg.api.model.LocationType;
import io.mdg.api.record.FindChildLocationsQuery;
import io.mdg.api.record.RecordView;
import io.mdg.api.xref.FindRecordBySourceQuery;
import io.mdg.api.xref.RecordRef;
import io.mdg.api.xref.SourceRefView;
import io.mdg.graphql.EdgeTest;
import io.mdg.graphql.Fixtures;

/**
 * Object-level authorisation through relations: a source client reads a record its own system holds (through
 * {@code recordBySource}), and every record reached from it (a contract's supplier and its lines' items, an item's
 * manufacturer, a location's parent and children) only when its own system holds that one too.
 */
class RecordEntitlementGraphQlTest extends EdgeTest {

    private static final String CONTRACT = """
            query($sourceId: String!) { recordBySource(system: SOURCING, sourceId: $sourceId) {
              id ... on Contract { supplierId supplier { id legalName taxId } lines { itemId item { id } } } } }""";
    private static final String ITEM = """
            query($sourceId: String!) { recordBySource(system: ERP, sourceId: $sourceId) {
              id ... on Item { manufacturer { id legalName } } } }""";
    private static final String LOCATION = """
            query($sourceId: String!) { recordBySource(system: INVENTORY, sourceId: $sourceId) {
              id ... on Location { parent { id name } children { id name } } } }""";

    @Test
    void a_source_client_reads_a_related_record_only_when_its_own_system_holds_it() throws Exception {
        bySource(SourceSystem.SOURCING, "CT-1", EntityType.CONTRACT, "c-1");
        given(heldBy(record("c-1", 1, Fixtures.contract("s-1", "i-1")), SourceSystem.SOURCING),
                heldBy(Fixtures.acme(), SourceSystem.ERP),
                heldBy(record("i-1", 1, Fixtures.glove("s-1")), SourceSystem.ERP, SourceSystem.SOURCING));

        graphql(CONTRACT, Map.of("sourceId", "CT-1"), sourceClient("sourcing", "SOURCING"))
                .andExpect(jsonPath("$.data.recordBySource.id").value("c-1"))
                .andExpect(jsonPath("$.data.recordBySource.supplierId").value("s-1"))
                .andExpect(jsonPath("$.data.recordBySource.supplier").value(nullValue()))
                .andExpect(jsonPath("$.data.recordBySource.lines[0].item.id").value("i-1"))
                .andExpect(jsonPath("$.errors", org.hamcrest.Matchers.hasSize(1)))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"))
                .andExpect(jsonPath("$.errors[0].path", contains("recordBySource", "supplier")));
    }

    @Test
    void the_erp_reads_a_manufacturer_it_holds_and_not_one_it_does_not() throws Exception {
        bySource(SourceSystem.ERP, "I-1", EntityType.ITEM, "i-1");
        bySource(SourceSystem.ERP, "I-2", EntityType.ITEM, "i-2");
        given(heldBy(record("i-1", 1, Fixtures.glove("s-1")), SourceSystem.ERP),
                heldBy(record("i-2", 1, Fixtures.glove("s-2")), SourceSystem.ERP),
                heldBy(Fixtures.record("s-1", 1, Fixtures.ACME), SourceSystem.SUPPLIER_PORTAL),
                heldBy(Fixtures.record("s-2", 1, Fixtures.ACME), SourceSystem.SUPPLIER_PORTAL, SourceSystem.ERP));

        graphql(ITEM, Map.of("sourceId", "I-1"), sourceClient("erp", "ERP"))
                .andExpect(jsonPath("$.data.recordBySource.manufacturer").value(nullValue()))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"));
        graphql(ITEM, Map.of("sourceId", "I-2"), sourceClient("erp", "ERP"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.recordBySource.manufacturer.legalName").value("Acme Medical Inc."));
    }

    @Test
    void inventory_sees_only_the_locations_of_the_tree_it_holds_and_is_told_that_some_were_withheld()
            throws Exception {
        bySource(SourceSystem.INVENTORY, "L-2", EntityType.LOCATION, "l-2");
        given(heldBy(record("l-1", 1, Fixtures.location("Network", LocationType.NETWORK, null)), SourceSystem.ERP),
                heldBy(record("l-2", 1, Fixtures.location("Hospital", LocationType.HOSPITAL_CAMPUS, "l-1")),
                        SourceSystem.INVENTORY));
        when(queryGateway.query(eq(new FindChildLocationsQuery(List.of("l-2"))), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(List.of(
                        heldBy(record("l-3", 1, Fixtures.location("Surgery", LocationType.DEPARTMENT, "l-2")),
                                SourceSystem.ERP),
                        heldBy(record("l-4", 1, Fixtures.location("Radiology", LocationType.DEPARTMENT, "l-2")),
                                SourceSystem.INVENTORY))));

        graphql(LOCATION, Map.of("sourceId", "L-2"), sourceClient("inventory", "INVENTORY"))
                .andExpect(jsonPath("$.data.recordBySource.id").value("l-2"))
                .andExpect(jsonPath("$.data.recordBySource.parent").value(nullValue()))
                .andExpect(jsonPath("$.data.recordBySource.children[*].name", contains("Radiology")))
                .andExpect(jsonPath("$.errors[*].extensions.code", contains("FORBIDDEN", "FORBIDDEN")))
                .andExpect(jsonPath("$.errors[*].path[1]",
                        org.hamcrest.Matchers.containsInAnyOrder("parent", "children")));
    }

    @Test
    void readers_see_every_related_record_whoever_holds_it() throws Exception {
        given(heldBy(record("c-1", 1, Fixtures.contract("s-1", "i-1")), SourceSystem.SOURCING),
                heldBy(Fixtures.acme(), SourceSystem.ERP),
                heldBy(record("i-1", 1, Fixtures.glove("s-1")), SourceSystem.INVENTORY));

        graphql("query { contract(id: \"c-1\") { supplier { id } lines { item { id manufacturer { id } } } } }",
                Map.of(), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.contract.supplier.id").value("s-1"))
                .andExpect(jsonPath("$.data.contract.lines[0].item.manufacturer.id").value("s-1"));
    }

    private void bySource(SourceSystem system, String sourceId, EntityType type, String goldenId) {
        when(queryGateway.query(eq(new FindRecordBySourceQuery(system, sourceId, null)), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(List.of(new RecordRef(type, goldenId))));
    }

    /** The record with source records of exactly these systems. */
    private static RecordView heldBy(RecordView view, SourceSystem... systems) {
        List<SourceRefView> refs = Arrays.stream(systems)
                .map(s -> new SourceRefView(s, s + "-" + view.id(), 1L, Fixtures.T1)).toList();
        return new RecordView(view.id(), view.type(), view.version(), view.status(), view.createdAt(),
                view.updatedAt(), view.attributes(), refs, view.lineage(), view.pendingChanges(), view.mergedInto());
    }
}
