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
import java.util.Random;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.Contact;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.AttributeLineage;
import io.mdg.api.record.ChangeHeldForApprovalEvent;
import io.mdg.api.record.FindRecordAsOfQuery;
import io.mdg.api.record.HeldAttribute;
import io.mdg.api.record.LifecycleChangedEvent;
import io.mdg.api.record.RecordChangedEvent;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.api.record.RecordView;

/** The version history: as-of reads across versions, only approved values, idempotent, rebuilt, and cheap. */
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
        history = new RecordHistory(store, readStore.database());
        projection = new RecordProjection(store, List.of(), List.of(history));
    }

    @AfterEach
    void stop() {
        readStore.close();
    }

    private Optional<RecordView> asOf(String id, Instant at) {
        return history.handle(new FindRecordAsOfQuery(EntityType.SUPPLIER, id, at));
    }

    private static String legalName(Optional<RecordView> view) {
        return ((SupplierAttributes) view.orElseThrow().attributes()).legalName();
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
        var versions = readStore.database().getCollection(RecordHistory.COLLECTION);
        assertThat(versions.countDocuments()).isEqualTo(4);
        Document stored = io.mdg.query.store.Blobs.decode(versions.find(Filters.eq("_id", "SUPPLIER:s-1:0000000001"))
                .first().get(RecordHistory.RECORD));

        history.stored(EntityType.SUPPLIER, MongoRecordDocuments.toView(stored), null, 1, T2);
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

    @Test
    void sequence_numbers_without_a_version_do_not_disturb_the_search() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        projection.on(new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, erp("V-1", 1), named("v0"), ERP_CLIENT),
                0, start);
        // versions only at every 37th sequence number up to 3,700: long runs of numbers with nothing stored
        for (int i = 1; i <= 100; i++) {
            projection.on(rename("v" + i * 37), i * 37L, start.plus(Duration.ofHours(i)));
        }

        assertThat(legalName(asOf("s-1", start.plus(Duration.ofMinutes(30))))).isEqualTo("v0");
        assertThat(legalName(asOf("s-1", start.plus(Duration.ofHours(1))))).isEqualTo("v37");
        assertThat(legalName(asOf("s-1", start.plus(Duration.ofMinutes(61 * 60 - 1))))).isEqualTo("v2220");
        assertThat(legalName(asOf("s-1", start.plus(Duration.ofHours(99)).plusSeconds(1)))).isEqualTo("v3663");
    }

    @Test
    void a_record_with_500_versions_is_read_as_of_any_instant_in_four_id_lookups() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        // 50,000 versions of other records in the same collection, as in a real store
        var versions = readStore.database().getCollection(RecordHistory.COLLECTION);
        for (int r = 0; r < 5_000; r++) {
            List<Document> others = new java.util.ArrayList<>();
            for (int v = 0; v < 10; v++) {
                others.add(new Document("_id", RecordHistory.key(EntityType.SUPPLIER, "other-" + r, v))
                        .append("at", java.util.Date.from(start.plusSeconds(v)))
                        .append("record", new Document("_id", "other-" + r)));
            }
            versions.insertMany(others);
        }
        projection.on(new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, erp("V-1", 1), named("v0"), ERP_CLIENT),
                0, start);
        for (int v = 1; v < 500; v++) {
            projection.on(rename("v" + v), v, start.plus(Duration.ofMinutes(v)));
        }
        projection.on(new LifecycleChangedEvent("s-1", EntityType.SUPPLIER, LifecycleStatus.ACTIVE,
                LifecycleStatus.SUSPENDED, "screening", STEWARD), 500, start.plus(Duration.ofMinutes(500)));

        Random random = new Random(7);
        int lookups = 200;
        int maxCommands = 0;
        long started = System.nanoTime();
        for (int i = 0; i < lookups; i++) {
            int minute = random.nextInt(500);
            readStore.resetCount();
            RecordView view = asOf("s-1", start.plus(Duration.ofMinutes(minute)).plusSeconds(30)).orElseThrow();
            maxCommands = Math.max(maxCommands, readStore.commands().size());
            assertThat(view.version()).isEqualTo(minute + 1);
            assertThat(((SupplierAttributes) view.attributes()).legalName()).isEqualTo("v" + minute);
            assertThat(view.status()).isEqualTo(LifecycleStatus.ACTIVE);
        }
        double perLookup = (System.nanoTime() - started) / 1e6 / lookups;
        assertThat(maxCommands).as("round trips per as-of read").isLessThanOrEqualTo(4);

        // for comparison (the README figure): the same answer by an _id range query, which the store scans
        long rangeStarted = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            int minute = random.nextInt(500);
            Document found = versions.find(Filters.and(
                            Filters.gte("_id", RecordHistory.key(EntityType.SUPPLIER, "s-1", 0)),
                            Filters.lte("_id", RecordHistory.key(EntityType.SUPPLIER, "s-1", minute))))
                    .sort(Sorts.descending("_id")).limit(1).first();
            assertThat(found.getString("_id")).endsWith(String.format("%010d", minute));
        }
        double perRangeQuery = (System.nanoTime() - rangeStarted) / 1e6 / 20;
        System.out.printf("as-of read of a record with 501 versions among %d: %.2f ms per read (%d round trips at "
                        + "most); an _id range query instead: %.2f ms%n", versions.countDocuments(), perLookup,
                maxCommands, perRangeQuery);
    }

    private static RecordChangedEvent rename(String legalName) {
        return renameOf("s-1", legalName);
    }

    private static RecordChangedEvent renameOf(String id, String legalName) {
        return new RecordChangedEvent(id, EntityType.SUPPLIER, new SourceRef(SourceSystem.ERP, "V-" + id, null),
                List.of("legalName"), named(legalName), null, ERP_CLIENT);
    }
}
