package io.mdg.query.history;

import static io.mdg.query.support.Events.T1;
import static io.mdg.query.support.Events.T2;
import static io.mdg.query.support.Events.T3;
import static io.mdg.query.support.Events.T4;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceSystem;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.Contact;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.AttributeLineage;
import io.mdg.api.record.PendingChangeView;
import io.mdg.api.record.RecordView;
import io.mdg.api.xref.SourceRefView;
import io.mdg.query.crypto.ReadModelCipher;
import io.mdg.query.support.TestCipher;

/**
 * The record history's contract, which every {@link RecordVersions} adapter passes: as-of reads across versions,
 * whole versions back exactly as kept, idempotent, cleared, written with a processor's batch, never a bank account
 * in clear, and a record with hundreds of versions among many others read as of any instant.
 */
abstract class RecordVersionsContract {

    static final BankAccount BANK = new BankAccount("Acme", "First Bank", "021000021", "123456789", null, "USD");

    /** A new, empty store of the adapter under test. */
    abstract RecordVersions newVersions(ReadModelCipher cipher);

    /** How many versions the adapter holds (rows or documents). */
    abstract long storedVersions();

    /** Everything the adapter stored, every byte of every value as ISO-8859-1 text. */
    abstract String everythingStored();

    RecordVersions versions;

    @BeforeEach
    void start() {
        versions = newVersions(new TestCipher());
    }

    /** Version {@code version} of supplier {@code id}, changed at {@code at}. */
    static RecordView supplier(String id, long version, Instant at, String legalName) {
        return new RecordView(id, EntityType.SUPPLIER, version, LifecycleStatus.ACTIVE, T1, at,
                new SupplierAttributes(legalName, null, null, null, null, null, null, BANK,
                        List.of(new Contact("Kim", "sales", "kim@acme.test", null)), null),
                List.of(new SourceRefView(SourceSystem.ERP, "V-" + id, version, at)),
                List.of(new AttributeLineage("legalName", SourceSystem.ERP, "V-" + id, at, "cr-" + version)),
                List.of(new PendingChangeView(List.of("bankAccount"), SourceSystem.ERP, "V-" + id, at, 2)), null);
    }

    private Optional<RecordView> asOf(String id, Instant at, long latest) {
        return versions.asOf(EntityType.SUPPLIER, id, at, latest);
    }

    @Test
    void an_as_of_read_answers_the_version_in_force_at_that_instant_and_nothing_before_the_first() {
        versions.add(supplier("s-1", 1, T1, "one"), T1);
        versions.add(supplier("s-1", 2, T2, "two"), T2);
        versions.add(supplier("s-1", 3, T3, "three"), T3);

        assertThat(asOf("s-1", T1.minusMillis(1), 3)).isEmpty();
        assertThat(asOf("s-1", T1, 3)).contains(supplier("s-1", 1, T1, "one"));
        assertThat(asOf("s-1", T2.minusNanos(1), 3)).map(RecordView::version).contains(1L);
        assertThat(asOf("s-1", T2, 3)).contains(supplier("s-1", 2, T2, "two"));
        assertThat(asOf("s-1", T4, 3)).map(RecordView::version).contains(3L);
        // only the versions up to the latest asked for
        assertThat(asOf("s-1", T4, 2)).map(RecordView::version).contains(2L);
        assertThat(asOf("s-2", T4, 3)).isEmpty();
        assertThat(versions.asOf(EntityType.ITEM, "s-1", T4, 3)).isEmpty();
    }

    @Test
    void the_versions_asked_for_by_record_and_number_come_back_and_those_not_kept_are_missing() {
        versions.add(supplier("s-1", 1, T1, "one"), T1);
        versions.add(supplier("s-1", 2, T2, "two"), T2);
        versions.add(supplier("s-2", 1, T2, "other"), T2);

        Map<RecordVersions.Key, RecordView> found = versions.versions(List.of(
                new RecordVersions.Key(EntityType.SUPPLIER, "s-1", 2), new RecordVersions.Key(EntityType.SUPPLIER,
                        "s-2", 1), new RecordVersions.Key(EntityType.SUPPLIER, "s-1", 3),
                new RecordVersions.Key(EntityType.ITEM, "s-1", 1)));

        assertThat(found).containsOnly(
                Map.entry(new RecordVersions.Key(EntityType.SUPPLIER, "s-1", 2), supplier("s-1", 2, T2, "two")),
                Map.entry(new RecordVersions.Key(EntityType.SUPPLIER, "s-2", 1), supplier("s-2", 1, T2, "other")));
        assertThat(versions.versions(List.of())).isEmpty();
    }

    @Test
    void a_version_comes_back_exactly_as_kept_to_the_nanosecond() {
        Instant at = Instant.parse("2026-03-01T10:00:00.123456789Z");
        RecordView kept = supplier("s-1", 1, at, "Acme");
        versions.add(kept, at);

        assertThat(asOf("s-1", at, 1)).contains(kept);
        assertThat(asOf("s-1", at.minusSeconds(1), 1)).isEmpty();
    }

    @Test
    void a_version_added_again_stays_one_version_and_clearing_removes_every_version() {
        versions.add(supplier("s-1", 1, T1, "one"), T1);
        versions.add(supplier("s-1", 2, T2, "two"), T2);
        versions.add(supplier("s-1", 2, T2, "two"), T2); // a redelivered event

        assertThat(storedVersions()).isEqualTo(2);
        assertThat(asOf("s-1", T2, 2)).contains(supplier("s-1", 2, T2, "two"));

        versions.clear();
        assertThat(storedVersions()).isZero();
        assertThat(asOf("s-1", T2, 2)).isEmpty();
        versions.add(supplier("s-1", 1, T1, "one"), T1);
        assertThat(storedVersions()).isEqualTo(1);
    }

    @Test
    void bank_details_and_contacts_are_stored_encrypted() {
        versions.add(supplier("s-1", 1, T1, "Acme"), T1);

        String stored = everythingStored();
        assertThat(stored).isNotEmpty();
        for (String secret : List.of("123456789", "021000021", "First Bank", "kim@acme.test")) {
            assertThat(stored).as("stored in clear: " + secret).doesNotContain(secret);
        }
        assertThat(asOf("s-1", T1, 1).orElseThrow().attributes()).isInstanceOfSatisfying(SupplierAttributes.class,
                a -> assertThat(a.bankAccount()).isEqualTo(BANK));
    }

    @Test
    void a_processor_batch_writes_its_versions_when_it_commits_and_nothing_when_it_rolls_back() {
        List<Long> storedBeforeCommit = new ArrayList<>();
        Throwable committed = inBatch(() -> {
            for (int v = 1; v <= 50; v++) {
                versions.add(supplier("s-1", v, T1.plusSeconds(v), "v" + v), T1.plusSeconds(v));
            }
            storedBeforeCommit.add(storedVersions());
        });
        assertThat(committed).isNull();
        assertThat(storedBeforeCommit).containsExactly(0L);
        assertThat(storedVersions()).isEqualTo(50);

        Throwable failed = inBatch(() -> {
            versions.add(supplier("s-2", 1, T1, "lost"), T1);
            throw new IllegalStateException("the batch fails");
        });
        assertThat(failed).hasMessageContaining("the batch fails");
        assertThat(storedVersions()).isEqualTo(50);
        assertThat(asOf("s-2", T4, 1)).isEmpty();
    }

    private static Throwable inBatch(Runnable work) {
        return new BatchingUnitOfWork<>(List.of(GenericEventMessage.asEventMessage("batch"))).executeWithResult(() -> {
            work.run();
            return null;
        }).optionalExceptionResult().orElse(null);
    }

    @Test
    void versions_missing_between_sequence_numbers_do_not_disturb_the_search() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        versions.add(supplier("s-1", 1, start, "v0"), start);
        // versions only at every 37th sequence number up to 3,700: long runs of numbers with nothing stored
        for (int i = 1; i <= 100; i++) {
            Instant at = start.plus(Duration.ofHours(i));
            versions.add(supplier("s-1", i * 37L + 1, at, "v" + i * 37), at);
        }

        assertThat(legalName(asOf("s-1", start.plus(Duration.ofMinutes(30)), 3701))).isEqualTo("v0");
        assertThat(legalName(asOf("s-1", start.plus(Duration.ofHours(1)), 3701))).isEqualTo("v37");
        assertThat(legalName(asOf("s-1", start.plus(Duration.ofMinutes(61 * 60 - 1)), 3701))).isEqualTo("v2220");
        assertThat(legalName(asOf("s-1", start.plus(Duration.ofHours(99)).plusSeconds(1), 3701))).isEqualTo("v3663");
        assertThat(legalName(asOf("s-1", start.plus(Duration.ofDays(30)), 3701))).isEqualTo("v3700");
    }

    @Test
    void a_record_with_500_versions_among_50000_others_is_read_as_of_any_instant() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        inBatch(() -> {
            for (int r = 0; r < 5_000; r++) {
                for (int v = 1; v <= 10; v++) {
                    versions.add(supplier("other-" + r, v, start.plusSeconds(v), "o"), start.plusSeconds(v));
                }
            }
        });
        for (int v = 1; v <= 500; v++) {
            Instant at = start.plus(Duration.ofMinutes(v - 1));
            versions.add(supplier("s-1", v, at, "v" + (v - 1)), at);
        }

        Random random = new Random(7);
        int lookups = 200;
        long started = System.nanoTime();
        for (int i = 0; i < lookups; i++) {
            int minute = random.nextInt(500);
            RecordView view = asOf("s-1", start.plus(Duration.ofMinutes(minute)).plusSeconds(30), 500).orElseThrow();
            assertThat(view.version()).isEqualTo(minute + 1);
            assertThat(legalName(Optional.of(view))).isEqualTo("v" + minute);
        }
        System.out.printf("%s: as-of read of a record with 500 versions among %d: %.2f ms per read%n",
                getClass().getSimpleName(), storedVersions(), (System.nanoTime() - started) / 1e6 / lookups);
    }

    static String legalName(Optional<RecordView> view) {
        return ((SupplierAttributes) view.orElseThrow().attributes()).legalName();
    }
}
