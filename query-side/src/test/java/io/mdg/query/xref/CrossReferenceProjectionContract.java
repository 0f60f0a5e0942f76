package io.mdg.query.xref;

import static io.mdg.query.support.Events.ERP_CLIENT;
import static io.mdg.query.support.Events.STEWARD;
import static io.mdg.query.support.Events.erp;
import static io.mdg.query.support.Events.portal;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.mdg.api.EntityType;
import io.mdg.api.SourceSystem;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.RecordMergedEvent;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.api.record.SourceRecordLinkedEvent;
import io.mdg.api.record.SourceRecordsMovedEvent;
import io.mdg.api.xref.FindRecordBySourceQuery;
import io.mdg.api.xref.RecordRef;
import io.mdg.query.support.ReadModels;

/**
 * The cross-reference projection on a {@link CrossReferenceReadModel}: the contract every adapter passes
 * ({@link MemoryCrossReferenceProjectionTest}, {@link MongoCrossReferenceProjectionTest}).
 */
abstract class CrossReferenceProjectionContract {

    private ReadModels models;
    private CrossReferenceProjection xref;

    /** The read models under test. */
    abstract ReadModels start();

    @BeforeEach
    void startStore() {
        models = start();
        xref = new CrossReferenceProjection(models.crossReferences());
    }

    @AfterEach
    void stopStore() {
        models.close();
    }

    private List<RecordRef> resolve(SourceSystem system, String sourceId, EntityType type) {
        return xref.handle(new FindRecordBySourceQuery(system, sourceId, type));
    }

    @Test
    void a_registered_record_is_found_by_its_source_id_of_its_own_system_only() {
        var registered = new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, erp("V-1", 1),
                SupplierAttributes.named("Acme"), ERP_CLIENT);
        xref.on(registered);
        xref.on(registered);

        assertThat(resolve(SourceSystem.ERP, "V-1", null)).containsExactly(new RecordRef(EntityType.SUPPLIER, "s-1"));
        assertThat(resolve(SourceSystem.SOURCING, "V-1", null)).isEmpty();
        assertThat(resolve(SourceSystem.ERP, "V-2", null)).isEmpty();
    }

    @Test
    void a_source_id_reused_across_types_is_told_apart_by_type() {
        xref.on(new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, erp("100", 1), SupplierAttributes.named("Acme"),
                ERP_CLIENT));
        xref.on(new RecordRegisteredEvent("i-1", EntityType.ITEM, erp("100", 1), ItemAttributes.described("Glove"),
                ERP_CLIENT));

        assertThat(resolve(SourceSystem.ERP, "100", null)).containsExactlyInAnyOrder(
                new RecordRef(EntityType.SUPPLIER, "s-1"), new RecordRef(EntityType.ITEM, "i-1"));
        assertThat(resolve(SourceSystem.ERP, "100", EntityType.ITEM)).containsExactly(new RecordRef(EntityType.ITEM, "i-1"));
    }

    @Test
    void a_linked_source_record_resolves_to_the_existing_record() {
        xref.on(new SourceRecordLinkedEvent("s-1", EntityType.SUPPLIER, portal("P-9", 1), "TAX_ID", ERP_CLIENT));

        assertThat(resolve(SourceSystem.SUPPLIER_PORTAL, "P-9", EntityType.SUPPLIER))
                .containsExactly(new RecordRef(EntityType.SUPPLIER, "s-1"));
    }

    @Test
    void a_merge_moves_the_losers_source_records_to_the_survivor_whichever_side_arrives_first() {
        for (boolean survivorFirst : new boolean[]{true, false}) {
            xref.reset();
            xref.on(new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, erp("V-1", 1),
                    SupplierAttributes.named("Acme"), ERP_CLIENT));
            xref.on(new RecordRegisteredEvent("s-2", EntityType.SUPPLIER, erp("V-2", 1),
                    SupplierAttributes.named("ACME"), ERP_CLIENT));
            xref.on(new SourceRecordLinkedEvent("s-2", EntityType.SUPPLIER, portal("P-2", 1), "DUNS", ERP_CLIENT));
            var sources = List.of(erp("V-2", 1), portal("P-2", 1));
            var moved = new SourceRecordsMovedEvent("s-1", EntityType.SUPPLIER, "s-2", sources, STEWARD);
            var merged = new RecordMergedEvent("s-2", EntityType.SUPPLIER, "s-1", sources, "duplicate", STEWARD);
            if (survivorFirst) {
                xref.on(moved);
                xref.on(merged);
            } else {
                xref.on(merged);
                xref.on(moved);
            }
            xref.on(merged);

            assertThat(resolve(SourceSystem.ERP, "V-2", null)).containsExactly(new RecordRef(EntityType.SUPPLIER, "s-1"));
            assertThat(resolve(SourceSystem.SUPPLIER_PORTAL, "P-2", null))
                    .containsExactly(new RecordRef(EntityType.SUPPLIER, "s-1"));
            assertThat(resolve(SourceSystem.ERP, "V-1", null)).containsExactly(new RecordRef(EntityType.SUPPLIER, "s-1"));
        }
    }

    @Test
    void a_reset_clears_the_cross_references() {
        xref.on(new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, erp("V-1", 1), SupplierAttributes.named("Acme"),
                ERP_CLIENT));
        xref.reset();
        assertThat(resolve(SourceSystem.ERP, "V-1", null)).isEmpty();
    }
}
