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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.mdg.rules.InForce;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.model.Address;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.Contact;
import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.ContractLine;
import io.mdg.api.model.ContractType;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.ItemClass;
import io.mdg.api.model.LocationAttributes;
import io.mdg.api.model.LocationType;
import io.mdg.api.model.MriSafety;
import io.mdg.api.model.PackagingLevel;
import io.mdg.api.model.Ref;
import io.mdg.api.model.ReplenishmentMethod;
import io.mdg.api.model.ScreeningStatus;
import io.mdg.api.model.StorageCondition;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.model.UdiAgency;
import io.mdg.api.record.AttributeLineage;
import io.mdg.api.record.ChangeHeldForApprovalEvent;
import io.mdg.api.record.CountRecordsQuery;
import io.mdg.api.record.FindRecordQuery;
import io.mdg.api.record.HeldAttribute;
import io.mdg.api.record.LifecycleChangedEvent;
import io.mdg.api.record.ListRecordsQuery;
import io.mdg.api.record.PendingChangeView;
import io.mdg.api.record.RecordChangedEvent;
import io.mdg.api.record.RecordMergedEvent;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.api.record.RecordView;
import io.mdg.api.record.SourceRecordLinkedEvent;
import io.mdg.api.record.SourceRecordsMovedEvent;
import io.mdg.api.xref.SourceRefView;
import io.mdg.query.support.ReadModels;
import io.mdg.rules.file.RulesFile;

/**
 * The golden-record projection and queries on a {@link RecordReadModel}: the contract every adapter passes
 * ({@link MemoryRecordProjectionTest}, {@link MongoRecordProjectionTest}).
 */
abstract class RecordProjectionContract {

    private static final Address BOSTON = new Address("1 Main St", null, "Boston", "MA", "02139", "US");
    private static final SupplierAttributes ACME = new SupplierAttributes("Acme Medical Inc.", List.of("Acme Med"),
            "12-3456789", "123456789", "8904000210037", BOSTON, BOSTON,
            new BankAccount("Acme Medical Inc.", "First Bank", "021000021", "123456789", null, "USD"),
            List.of(new Contact("Ann", "sales", "ann@acme.test", "+1 555 0100")), ScreeningStatus.CLEAR);

    ReadModels models;
    RecordProjection projection;
    private RecordQueries queries;

    /** The read models under test. */
    abstract ReadModels start();

    @BeforeEach
    void startStore() {
        models = start();
        projection = new RecordProjection(models.records(), List.of(), List.of());
        queries = new RecordQueries(models.records(), InForce.always(RulesFile.loadDefault().limits()));
    }

    @AfterEach
    void stopStore() {
        models.close();
    }

    RecordView find(EntityType type, String id) {
        return queries.handle(new FindRecordQuery(type, id)).orElseThrow();
    }

    @Test
    void a_registered_supplier_is_served_with_all_its_attributes_lineage_and_source_ref() {
        projection.on(new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, erp("V-1", 1), ACME, ERP_CLIENT), 0, T1);

        RecordView view = find(EntityType.SUPPLIER, "s-1");
        assertThat(view.id()).isEqualTo("s-1");
        assertThat(view.type()).isEqualTo(EntityType.SUPPLIER);
        assertThat(view.version()).isEqualTo(1);
        assertThat(view.status()).isEqualTo(LifecycleStatus.ACTIVE);
        assertThat(view.createdAt()).isEqualTo(T1);
        assertThat(view.updatedAt()).isEqualTo(T1);
        assertThat(view.attributes()).isEqualTo(ACME);
        assertThat(view.sourceRefs()).containsExactly(new SourceRefView(SourceSystem.ERP, "V-1", 1L, T1));
        assertThat(view.lineage()).extracting(AttributeLineage::attribute).containsExactly("legalName",
                "tradingNames", "taxId", "duns", "gln", "orderingAddress", "remitToAddress", "bankAccount",
                "contacts", "screeningStatus");
        assertThat(view.lineage()).allMatch(l -> l.system() == SourceSystem.ERP && l.sourceId().equals("V-1")
                && l.at().equals(T1));
        assertThat(view.pendingChanges()).isEmpty();
        assertThat(view.mergedInto()).isNull();
    }

    @Test
    void items_contracts_and_locations_are_kept_by_type_with_exact_values() {
        ItemAttributes glove = new ItemAttributes("Glove nitrile M", Ref.to("s-1"), "G-100", "00012345678905",
                UdiAgency.GS1, null, "42132203", ItemClass.MED_SURG,
                List.of(new PackagingLevel("EA", null, null, "00012345678905"), new PackagingLevel("BX", 100, "EA", null)),
                true, false, false, MriSafety.MR_SAFE);
        ContractAttributes contract = new ContractAttributes("C-1", Ref.to("s-1"), ContractType.GPO, "TIER-2",
                LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), List.of(
                new ContractLine(Ref.to("i-1"), "BX", new BigDecimal("12.50"), "USD", null, null, null),
                new ContractLine(Ref.to("i-2"), "EA", new BigDecimal("0.000123456789012345678901234567"), "USD",
                        "TIER-1", LocalDate.of(2026, 2, 1), null)));
        LocationAttributes storeroom = new LocationAttributes("Main storeroom", LocationType.STOREROOM, Ref.to("l-1"),
                "8904000210037", "ABCDEFG01", BOSTON, "CC-100", StorageCondition.AMBIENT, ReplenishmentMethod.PAR_LEVEL);

        projection.on(new RecordRegisteredEvent("i-1", EntityType.ITEM, erp("I-1", 1), glove, ERP_CLIENT), 0, T1);
        projection.on(new RecordRegisteredEvent("c-1", EntityType.CONTRACT, erp("C-1", 1), contract, ERP_CLIENT), 0, T1);
        projection.on(new RecordRegisteredEvent("l-1", EntityType.LOCATION, erp("L-1", 1), storeroom, ERP_CLIENT), 0, T1);

        assertThat(find(EntityType.ITEM, "i-1").attributes()).isEqualTo(glove);
        assertThat(find(EntityType.CONTRACT, "c-1").attributes()).isEqualTo(contract);
        assertThat(((ContractAttributes) find(EntityType.CONTRACT, "c-1").attributes()).lines().get(1).price())
                .isEqualByComparingTo("0.000123456789012345678901234567");
        assertThat(find(EntityType.LOCATION, "l-1").attributes()).isEqualTo(storeroom);
        assertThat(queries.handle(new FindRecordQuery(null, "c-1"))).map(RecordView::type).contains(EntityType.CONTRACT);
        assertThat(queries.handle(new FindRecordQuery(EntityType.ITEM, "c-1"))).isEmpty();
        assertThat(queries.handle(new CountRecordsQuery(EntityType.SUPPLIER, null))).isZero();
        assertThat(queries.handle(new CountRecordsQuery(null, null))).isEqualTo(3);
    }

    @Test
    void a_change_sets_exactly_the_named_attributes_and_their_lineage() {
        projection.on(new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, erp("V-1", 1), ACME, ERP_CLIENT), 0, T1);
        SupplierAttributes values = new SupplierAttributes("Acme Medical LLC", null, null, null, null, null, null,
                null, null, null);
        SupplierAttributes previous = new SupplierAttributes("Acme Medical Inc.", List.of("Acme Med"), null, null,
                null, null, null, null, null, null);
        projection.on(new RecordChangedEvent("s-1", EntityType.SUPPLIER, portal("P-7", 3),
                List.of("legalName", "tradingNames"), values, previous, ERP_CLIENT), 1, T2);

        RecordView view = find(EntityType.SUPPLIER, "s-1");
        SupplierAttributes attributes = (SupplierAttributes) view.attributes();
        assertThat(attributes.legalName()).isEqualTo("Acme Medical LLC");
        assertThat(attributes.tradingNames()).as("cleared: named with no new value").isNull();
        assertThat(attributes.taxId()).isEqualTo("12-3456789");
        assertThat(view.version()).isEqualTo(2);
        assertThat(view.createdAt()).isEqualTo(T1);
        assertThat(view.updatedAt()).isEqualTo(T2);
        assertThat(view.lineage()).filteredOn(l -> l.attribute().equals("legalName"))
                .containsExactly(new AttributeLineage("legalName", SourceSystem.SUPPLIER_PORTAL, "P-7", T2));
        assertThat(view.lineage()).extracting(AttributeLineage::attribute).doesNotContain("tradingNames");
        assertThat(view.lineage()).filteredOn(l -> l.attribute().equals("taxId"))
                .containsExactly(new AttributeLineage("taxId", SourceSystem.ERP, "V-1", T1));
        assertThat(view.sourceRefs()).containsExactly(new SourceRefView(SourceSystem.ERP, "V-1", 1L, T1),
                new SourceRefView(SourceSystem.SUPPLIER_PORTAL, "P-7", 3L, T2));
    }

    @Test
    void a_change_from_the_same_source_updates_its_version_and_a_steward_edit_adds_no_source_ref() {
        projection.on(new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, erp("V-1", 1), ACME, ERP_CLIENT), 0, T1);
        projection.on(new RecordChangedEvent("s-1", EntityType.SUPPLIER, erp("V-1", 5), List.of("duns"),
                new SupplierAttributes(null, null, null, "987654321", null, null, null, null, null, null),
                null, ERP_CLIENT), 1, T2);
        projection.on(new RecordChangedEvent("s-1", EntityType.SUPPLIER,
                new SourceRef(SourceSystem.STEWARD, "sam.supplier", null), List.of("screeningStatus"),
                new SupplierAttributes(null, null, null, null, null, null, null, null, null, ScreeningStatus.EXCLUDED),
                null, STEWARD), 2, T3);

        RecordView view = find(EntityType.SUPPLIER, "s-1");
        assertThat(view.sourceRefs()).containsExactly(new SourceRefView(SourceSystem.ERP, "V-1", 5L, T2));
        assertThat(view.lineage()).filteredOn(l -> l.attribute().equals("screeningStatus"))
                .containsExactly(new AttributeLineage("screeningStatus", SourceSystem.STEWARD, "sam.supplier", T3));
        assertThat(((SupplierAttributes) view.attributes()).duns()).isEqualTo("987654321");
        assertThat(view.version()).isEqualTo(3);
    }

    @Test
    void redelivered_events_change_nothing() {
        var registered = new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, erp("V-1", 1), ACME, ERP_CLIENT);
        var changed = new RecordChangedEvent("s-1", EntityType.SUPPLIER, erp("V-1", 2), List.of("legalName"),
                SupplierAttributes.named("Acme Medical LLC"), SupplierAttributes.named("Acme Medical Inc."), ERP_CLIENT);
        var suspended = new LifecycleChangedEvent("s-1", EntityType.SUPPLIER, LifecycleStatus.ACTIVE,
                LifecycleStatus.SUSPENDED, "screening", STEWARD);
        projection.on(registered, 0, T1);
        projection.on(changed, 1, T2);
        projection.on(suspended, 2, T3);
        RecordView once = find(EntityType.SUPPLIER, "s-1");

        projection.on(registered, 0, T1);
        projection.on(changed, 1, T2);
        projection.on(suspended, 2, T3);
        projection.on(changed, 1, T2);

        assertThat(find(EntityType.SUPPLIER, "s-1")).isEqualTo(once);
        assertThat(once.version()).isEqualTo(3);
        assertThat(once.status()).isEqualTo(LifecycleStatus.SUSPENDED);
        assertThat(((SupplierAttributes) once.attributes()).legalName()).isEqualTo("Acme Medical LLC");
    }

    @Test
    void a_held_change_is_pending_until_the_same_source_record_applies_it() {
        projection.on(new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, erp("V-1", 1), ACME, ERP_CLIENT), 0, T1);
        BankAccount newAccount = new BankAccount("Acme Medical Inc.", "Other Bank", "011000015", "99999999", null, "USD");
        SupplierAttributes proposed = new SupplierAttributes(null, null, null, null, null, null, null, newAccount,
                null, null);
        projection.on(new ChangeHeldForApprovalEvent("s-1", EntityType.SUPPLIER, erp("V-1", 2),
                List.of(new HeldAttribute("bankAccount", "payment", 2, true)), proposed,
                new SupplierAttributes(null, null, null, null, null, null, null, ACME.bankAccount(), null, null),
                ERP_CLIENT), 1, T2);

        RecordView held = find(EntityType.SUPPLIER, "s-1");
        assertThat(held.pendingChanges()).containsExactly(
                new PendingChangeView(List.of("bankAccount"), SourceSystem.ERP, "V-1", T2, 2));
        assertThat(((SupplierAttributes) held.attributes()).bankAccount()).as("not applied")
                .isEqualTo(ACME.bankAccount());
        assertThat(held.version()).isEqualTo(2);
        assertThat(held.sourceRefs()).containsExactly(new SourceRefView(SourceSystem.ERP, "V-1", 2L, T2));

        projection.on(new ChangeHeldForApprovalEvent("s-1", EntityType.SUPPLIER, portal("P-1", 1),
                List.of(new HeldAttribute("remitToAddress", "payment", 1, false)),
                new SupplierAttributes(null, null, null, null, null, null, BOSTON, null, null, null), null,
                ERP_CLIENT), 2, T3);
        projection.on(new RecordChangedEvent("s-1", EntityType.SUPPLIER, erp("V-1", 2), List.of("bankAccount"),
                proposed, null, STEWARD), 3, T4);

        RecordView applied = find(EntityType.SUPPLIER, "s-1");
        assertThat(((SupplierAttributes) applied.attributes()).bankAccount()).isEqualTo(newAccount);
        assertThat(applied.pendingChanges()).containsExactly(
                new PendingChangeView(List.of("remitToAddress"), SourceSystem.SUPPLIER_PORTAL, "P-1", T3, 1));
    }

    @Test
    void a_newer_held_change_of_the_same_source_replaces_the_older_one() {
        projection.on(new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, erp("V-1", 1), ACME, ERP_CLIENT), 0, T1);
        var held = List.of(new HeldAttribute("bankAccount", "payment", 2, true));
        projection.on(new ChangeHeldForApprovalEvent("s-1", EntityType.SUPPLIER, erp("V-1", 2), held,
                ACME, ACME, ERP_CLIENT), 1, T2);
        projection.on(new ChangeHeldForApprovalEvent("s-1", EntityType.SUPPLIER, erp("V-1", 3), held,
                ACME, ACME, ERP_CLIENT), 2, T3);

        assertThat(find(EntityType.SUPPLIER, "s-1").pendingChanges()).containsExactly(
                new PendingChangeView(List.of("bankAccount"), SourceSystem.ERP, "V-1", T3, 2));
    }

    @Test
    void a_pending_change_leaves_when_its_change_request_is_applied_or_released() {
        projection.on(new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, erp("V-1", 1), ACME, ERP_CLIENT), 0, T1);
        BankAccount newAccount = new BankAccount("Acme Medical Inc.", "Other Bank", "011000015", "99999999", null, "USD");
        SupplierAttributes proposed = new SupplierAttributes(null, null, null, null, null, null, null, newAccount,
                null, null);
        projection.on(new ChangeHeldForApprovalEvent("s-1", EntityType.SUPPLIER, erp("V-1", 2),
                List.of(new HeldAttribute("bankAccount", "payment", 2, true)), proposed, null, ERP_CLIENT, "cr-1"),
                1, T2);
        projection.on(new ChangeHeldForApprovalEvent("s-1", EntityType.SUPPLIER, portal("P-1", 1),
                List.of(new HeldAttribute("remitToAddress", "payment", 1, false)),
                new SupplierAttributes(null, null, null, null, null, null, BOSTON, null, null, null), null,
                ERP_CLIENT, "cr-2"), 2, T2);
        assertThat(models.records().load(EntityType.SUPPLIER, "s-1").orElseThrow().pendingRequests())
                .containsExactly("cr-1", "cr-2");

        projection.on(new io.mdg.api.changerequest.PendingChangeReleasedEvent("s-1", EntityType.SUPPLIER, "cr-2",
                List.of("remitToAddress"), io.mdg.api.changerequest.ChangeRequestStatus.REJECTED), 3, T3);
        assertThat(find(EntityType.SUPPLIER, "s-1").pendingChanges()).containsExactly(
                new PendingChangeView(List.of("bankAccount"), SourceSystem.ERP, "V-1", T2, 2));
        assertThat(find(EntityType.SUPPLIER, "s-1").version()).isEqualTo(4);

        // The approved change is applied by the approving steward (a steward pseudo-source), not by ERP V-1.
        projection.on(new RecordChangedEvent("s-1", EntityType.SUPPLIER,
                new SourceRef(SourceSystem.STEWARD, "cr-1", null), List.of("bankAccount"), proposed, null, STEWARD,
                "cr-1"), 4, T4);
        RecordView applied = find(EntityType.SUPPLIER, "s-1");
        assertThat(applied.pendingChanges()).isEmpty();
        assertThat(((SupplierAttributes) applied.attributes()).bankAccount()).isEqualTo(newAccount);
        assertThat(applied.lineage()).filteredOn(l -> l.attribute().equals("bankAccount"))
                .extracting(AttributeLineage::changeRequestId).containsExactly("cr-1");

        // Redelivery changes nothing.
        projection.on(new io.mdg.api.changerequest.PendingChangeReleasedEvent("s-1", EntityType.SUPPLIER, "cr-1",
                List.of("bankAccount"), io.mdg.api.changerequest.ChangeRequestStatus.EXPIRED), 3, T3);
        assertThat(find(EntityType.SUPPLIER, "s-1")).isEqualTo(applied);
    }

    @Test
    void a_linked_source_record_is_listed_with_the_record() {
        projection.on(new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, erp("V-1", 1), ACME, ERP_CLIENT), 0, T1);
        projection.on(new SourceRecordLinkedEvent("s-1", EntityType.SUPPLIER, portal("P-1", 4), "TAX_ID", ERP_CLIENT),
                1, T2);

        RecordView view = find(EntityType.SUPPLIER, "s-1");
        assertThat(view.sourceRefs()).containsExactly(new SourceRefView(SourceSystem.ERP, "V-1", 1L, T1),
                new SourceRefView(SourceSystem.SUPPLIER_PORTAL, "P-1", 4L, T2));
        assertThat(view.version()).isEqualTo(2);
    }

    @Test
    void a_merge_retires_the_loser_and_moves_its_source_records_to_the_survivor() {
        projection.on(new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, erp("V-1", 1), ACME, ERP_CLIENT), 0, T1);
        projection.on(new RecordRegisteredEvent("s-2", EntityType.SUPPLIER, portal("P-1", 1),
                SupplierAttributes.named("ACME Medical"), ERP_CLIENT), 0, T1);
        var moved = new SourceRecordsMovedEvent("s-1", EntityType.SUPPLIER, "s-2", List.of(portal("P-1", 1)), STEWARD);
        var merged = new RecordMergedEvent("s-2", EntityType.SUPPLIER, "s-1", List.of(portal("P-1", 1)), "same tax id",
                STEWARD);
        projection.on(moved, 1, T2);
        projection.on(merged, 1, T2);
        projection.on(moved, 1, T2);
        projection.on(merged, 1, T2);

        RecordView survivor = find(EntityType.SUPPLIER, "s-1");
        assertThat(survivor.sourceRefs()).containsExactly(new SourceRefView(SourceSystem.ERP, "V-1", 1L, T1),
                new SourceRefView(SourceSystem.SUPPLIER_PORTAL, "P-1", 1L, null));
        assertThat(survivor.status()).isEqualTo(LifecycleStatus.ACTIVE);
        RecordView loser = find(EntityType.SUPPLIER, "s-2");
        assertThat(loser.status()).isEqualTo(LifecycleStatus.RETIRED);
        assertThat(loser.mergedInto()).isEqualTo("s-1");
        assertThat(loser.sourceRefs()).isEmpty();
        assertThat(loser.version()).isEqualTo(2);
    }

    @Test
    void records_are_listed_in_id_order_by_page_and_counted_by_status() {
        for (int i = 1; i <= 7; i++) {
            projection.on(new RecordRegisteredEvent("s-" + i, EntityType.SUPPLIER, erp("V-" + i, 1),
                    SupplierAttributes.named("Supplier " + i), ERP_CLIENT), 0, T1);
        }
        projection.on(new LifecycleChangedEvent("s-3", EntityType.SUPPLIER, LifecycleStatus.ACTIVE,
                LifecycleStatus.SUSPENDED, "review", STEWARD), 1, T2);

        assertThat(queries.handle(new ListRecordsQuery(EntityType.SUPPLIER, null, null, 3)))
                .extracting(RecordView::id).containsExactly("s-1", "s-2", "s-3");
        assertThat(queries.handle(new ListRecordsQuery(EntityType.SUPPLIER, null, "s-3", 3)))
                .extracting(RecordView::id).containsExactly("s-4", "s-5", "s-6");
        assertThat(queries.handle(new ListRecordsQuery(EntityType.SUPPLIER, LifecycleStatus.ACTIVE, "s-2", 10_000)))
                .extracting(RecordView::id).containsExactly("s-4", "s-5", "s-6", "s-7");
        assertThat(queries.handle(new ListRecordsQuery(EntityType.ITEM, null, null, 10))).isEmpty();
        assertThat(queries.handle(new CountRecordsQuery(EntityType.SUPPLIER, null))).isEqualTo(7);
        assertThat(queries.handle(new CountRecordsQuery(EntityType.SUPPLIER, LifecycleStatus.SUSPENDED))).isEqualTo(1);
        assertThat(queries.handle(new CountRecordsQuery(EntityType.SUPPLIER, LifecycleStatus.RETIRED))).isZero();
    }

    @Test
    void a_page_holds_at_most_500_records() {
        for (int i = 0; i < 510; i++) {
            projection.on(new RecordRegisteredEvent(String.format("i-%04d", i), EntityType.ITEM, erp("I-" + i, 1),
                    ItemAttributes.described("Item " + i), ERP_CLIENT), 0, T1);
        }
        List<RecordView> page = queries.handle(new ListRecordsQuery(EntityType.ITEM, null, null, 1000));
        assertThat(page).hasSize(RulesFile.loadDefault().limits().pageSize());
        assertThat(page.get(499).id()).isEqualTo("i-0499");
    }

    @Test
    void an_event_of_an_unknown_record_is_an_error_and_a_reset_clears_everything() {
        assertThat(queries.handle(new FindRecordQuery(null, "nope"))).isEmpty();
        assertThatThrownBy(() -> projection.on(new LifecycleChangedEvent("nope", EntityType.ITEM,
                LifecycleStatus.ACTIVE, LifecycleStatus.RETIRED, "x", STEWARD), 1, T2))
                .isInstanceOf(IllegalStateException.class);

        projection.on(new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, erp("V-1", 1), ACME, ERP_CLIENT), 0, T1);
        projection.reset();

        assertThat(queries.handle(new FindRecordQuery(EntityType.SUPPLIER, "s-1"))).isEmpty();
        assertThat(queries.handle(new CountRecordsQuery(null, null))).isZero();
        projection.on(new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, erp("V-1", 1), ACME, ERP_CLIENT), 0, T1);
        assertThat(find(EntityType.SUPPLIER, "s-1").version()).as("replayed after the reset").isEqualTo(1);
    }
}
