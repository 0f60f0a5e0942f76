package io.mdg.query.record;

import static io.mdg.query.support.Events.ERP_CLIENT;
import static io.mdg.query.support.Events.STEWARD;
import static io.mdg.query.support.Events.T1;
import static io.mdg.query.support.Events.T2;
import static io.mdg.query.support.Events.T3;
import static io.mdg.query.support.Events.T4;
import static io.mdg.query.support.Events.erp;
import static io.mdg.query.support.Events.portal;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.mdg.api.EntityType;
import io.mdg.api.SourceSystem;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.Contact;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.AttributeLineage;
import io.mdg.api.record.ChangeHeldForApprovalEvent;
import io.mdg.api.record.FindRecordAsOfQuery;
import io.mdg.api.record.HeldAttribute;
import io.mdg.api.record.RecordChangedEvent;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.api.record.RecordView;
import io.mdg.query.history.MongoRecordVersions;
import io.mdg.query.support.TestCipher;

/**
 * The version history as the golden-record projection feeds it: as-of reads across versions, only approved values,
 * lineage as it stood, idempotent, rebuilt. (The stores' own contract: {@code io.mdg.query.history}.)
 */
class RecordHistoryTest {

    private static final BankAccount NEW_BANK = new BankAccount("Acme", "Second Bank", "021000021", "987654321",
            null, "USD");

    private CountingReadStore readStore;
    private MongoRecordReadModel store;
    private RecordHistory history;
    private RecordProjection projection;

    @BeforeEach
    void start() {
        readStore = new CountingReadStore();
        store = new MongoRecordReadModel(readStore.database());
        history = new RecordHistory(store, new MongoRecordVersions(readStore.database(), new TestCipher()));
        projection = new RecordProjection(store, List.of(), List.of(history));
    }

    @AfterEach
    void stop() {
        readStore.close();
    }

    private Optional<RecordView> asOf(String id, Instant at) {
        return history.handle(new FindRecordAsOfQuery(EntityType.SUPPLIER, id, at));
    }

    private static SupplierAttributes named(String legalName) {
        return SupplierAttributes.named(legalName);
    }

    /** Registered at T1 by ERP, contacts from the portal at T2, a bank change held at T3 and approved at T4. */
    private void supplierWithFourVersions() {
        projection.on(new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, erp("V-1", 1), named("Acme Medical Inc."),
                ERP_CLIENT), 0, T1);
        projection.on(new RecordChangedEvent("s-1", EntityType.SUPPLIER, portal("P-1", 1), List.of("contacts"),
                new SupplierAttributes(null, null, null, null, null, null, null, null,
                        List.of(new Contact("Kim", "sales", "kim@acme.test", null)), null), null, ERP_CLIENT), 1, T2);
        projection.on(new ChangeHeldForApprovalEvent("s-1", EntityType.SUPPLIER, erp("V-1", 2),
                List.of(new HeldAttribute("bankAccount", "banking", 2, true)),
                new SupplierAttributes(null, null, null, null, null, null, null, NEW_BANK, null, null),
                named("Acme Medical Inc."), ERP_CLIENT, "cr-1"), 2, T3);
        projection.on(new RecordChangedEvent("s-1", EntityType.SUPPLIER, erp("V-1", 2), List.of("bankAccount"),
                new SupplierAttributes(null, null, null, null, null, null, null, NEW_BANK, null, null), null,
                STEWARD, "cr-1"), 3, T4);
    }

    @Test
    void an_as_of_read_answers_the_version_in_force_at_that_instant_and_null_before_creation() {
        supplierWithFourVersions();

        assertThat(asOf("s-1", T1.minusMillis(1))).isEmpty();
        assertThat(asOf("s-1", T1).orElseThrow().version()).isEqualTo(1);
        assertThat(asOf("s-1", T2.minusMillis(1)).orElseThrow().version()).isEqualTo(1);
        RecordView second = asOf("s-1", T2.plusSeconds(60)).orElseThrow();
        assertThat(second.version()).isEqualTo(2);
        assertThat(((SupplierAttributes) second.attributes()).contacts()).extracting(Contact::name).containsExactly("Kim");
        assertThat(second.updatedAt()).isEqualTo(T2);
        assertThat(second.sourceRefs()).extracting(r -> r.system()).containsExactly(SourceSystem.ERP,
                SourceSystem.SUPPLIER_PORTAL);
        assertThat(asOf("s-1", T4).orElseThrow().version()).isEqualTo(4);
        assertThat(asOf("s-1", T4.plus(Duration.ofDays(400))).orElseThrow())
                .isEqualTo(store.find(EntityType.SUPPLIER, "s-1").orElseThrow());
        assertThat(history.handle(new FindRecordAsOfQuery(null, "s-1", T2))).map(RecordView::version).contains(2L);
        assertThat(asOf("nope", T4)).isEmpty();
        assertThat(history.handle(new FindRecordAsOfQuery(EntityType.ITEM, "s-1", T4))).isEmpty();
    }

    @Test
    void a_held_change_never_shows_its_values_as_of_any_instant_only_once_approved() {
        supplierWithFourVersions();

        RecordView held = asOf("s-1", T3).orElseThrow();
        assertThat(held.version()).isEqualTo(3);
        assertThat(((SupplierAttributes) held.attributes()).bankAccount()).isNull();
        assertThat(held.pendingChanges()).singleElement()
                .satisfies(p -> assertThat(p.attributes()).containsExactly("bankAccount"));

        RecordView approved = asOf("s-1", T4).orElseThrow();
        assertThat(((SupplierAttributes) approved.attributes()).bankAccount()).isEqualTo(NEW_BANK);
        assertThat(approved.pendingChanges()).isEmpty();
    }

    @Test
    void lineage_names_each_source_and_the_change_request_a_value_came_through_as_it_stood_then() {
        supplierWithFourVersions();

        RecordView then = asOf("s-1", T2).orElseThrow();
        assertThat(then.lineage()).containsExactly(
                new AttributeLineage("legalName", SourceSystem.ERP, "V-1", T1),
                new AttributeLineage("contacts", SourceSystem.SUPPLIER_PORTAL, "P-1", T2));
        RecordView now = store.find(EntityType.SUPPLIER, "s-1").orElseThrow();
        assertThat(now.lineage()).containsExactly(
                new AttributeLineage("legalName", SourceSystem.ERP, "V-1", T1),
                new AttributeLineage("bankAccount", SourceSystem.ERP, "V-1", T4, "cr-1"),
                new AttributeLineage("contacts", SourceSystem.SUPPLIER_PORTAL, "P-1", T2));
    }

    @Test
    void a_redelivered_version_is_stored_once_and_a_reset_drops_the_history() {
        supplierWithFourVersions();
        var versions = readStore.database().getCollection(MongoRecordVersions.COLLECTION);
        assertThat(versions.countDocuments()).isEqualTo(4);

        history.stored(EntityType.SUPPLIER, store.find(EntityType.SUPPLIER, "s-1").orElseThrow(), null, 3, T4);
        projection.on(new RecordChangedEvent("s-1", EntityType.SUPPLIER, portal("P-1", 1), List.of("contacts"),
                named("ignored"), null, ERP_CLIENT), 1, T2);

        assertThat(versions.countDocuments()).isEqualTo(4);
        assertThat(asOf("s-1", T2).orElseThrow().version()).isEqualTo(2);

        projection.reset();
        assertThat(versions.countDocuments()).isZero();
        projection.on(new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, erp("V-1", 1), named("Acme Medical Inc."),
                ERP_CLIENT), 0, T1);
        assertThat(versions.countDocuments()).isEqualTo(1);
    }
}
