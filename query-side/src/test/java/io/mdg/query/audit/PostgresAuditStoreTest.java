package io.mdg.query.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.support.JdbcTransactionManager;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.audit.AuditEntry;
import io.mdg.api.audit.AuditFilter;
import io.mdg.api.audit.AuditTrailQuery;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.LifecycleChangedEvent;
import io.mdg.api.record.RecordChangedEvent;
import io.mdg.postgres.PostgresPerClass;
import io.mdg.query.crypto.ReadModelCipher;
import io.mdg.query.support.Events;
import io.mdg.query.support.TestCipher;

/** The audit-trail contract on the PostgreSQL adapter (a real server, the embedded default's). */
class PostgresAuditStoreTest extends AuditStoreContract {

    @RegisterExtension
    static final PostgresPerClass postgres = new PostgresPerClass();

    @Override
    AuditStore newStore(ReadModelCipher cipher) {
        postgres.dropTables(List.of(PostgresAuditStore.ENTRIES, PostgresAuditStore.REQUESTS));
        return new PostgresAuditStore(postgres.dataSource(), cipher);
    }

    @Override
    long storedEntries() {
        return postgres.jdbc().queryForObject("SELECT count(*) FROM " + PostgresAuditStore.ENTRIES, Long.class);
    }

    @Override
    long storedRequests() {
        return postgres.jdbc().queryForObject("SELECT count(*) FROM " + PostgresAuditStore.REQUESTS, Long.class);
    }

    @Override
    String everythingStored() {
        StringBuilder all = new StringBuilder();
        for (String table : List.of(PostgresAuditStore.ENTRIES, PostgresAuditStore.REQUESTS)) {
            postgres.jdbc().query("SELECT * FROM " + table, rs -> {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    all.append(value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1)
                            : String.valueOf(value)).append('\n');
                }
            });
        }
        return all.toString();
    }

    @Test
    void the_tables_and_indexes_are_created_once_and_kept_at_the_next_start() {
        AuditStore first = newStore(new TestCipher());
        first.save(entry("e-1#0", Instant.parse("2026-03-01T10:00:00.123456789Z")), 1, 0);

        new PostgresAuditStore(postgres.dataSource(), new TestCipher()); // a restart: CREATE ... IF NOT EXISTS

        assertThat(storedEntries()).isEqualTo(1);
        assertThat(postgres.jdbc().queryForList("SELECT indexname FROM pg_indexes WHERE tablename = ?", String.class,
                PostgresAuditStore.ENTRIES)).containsExactlyInAnyOrder("audit_entries_pkey", "audit_entries_order",
                "audit_entries_record", "audit_entries_actor", "audit_entries_source",
                "audit_entries_change_request", "audit_entries_correlation");
    }

    @Test
    void a_page_of_one_record_is_an_index_range_scan_not_a_scan_of_the_trail() {
        AuditStore store = newStore(new TestCipher());
        List<String> plans = new ArrayList<>();
        postgres.jdbc().execute("SET enable_seqscan = off"); // a tiny table: ask what the planner would do at scale
        for (String condition : List.of("record_id = 's-1'", "actor_name = 'sam'", "source_system = 'ERP'",
                "change_request_id = 'cr-1'", "correlation_id = 'c-1'")) {
            plans.add(String.join("\n", postgres.jdbc().queryForList("EXPLAIN SELECT entry FROM "
                    + PostgresAuditStore.ENTRIES + " WHERE " + condition + " AND (at, position, publication_order, id)"
                    + " > (now(), 0, 0, 'x') ORDER BY at, position, publication_order, id LIMIT 51", String.class)));
        }
        assertThat(plans).allSatisfy(plan -> assertThat(plan).contains("Index Scan").doesNotContain("Sort"));
        assertThat(store.page(new AuditTrailQuery(AuditFilter.ofRecord("s-1"), null, 50)).edges()).isEmpty();
    }

    @Test
    void a_batch_writes_in_the_processors_transaction_and_rolls_back_with_it() {
        AuditStore store = newStore(new TestCipher());
        AuditProjection projection = new AuditProjection(store);
        List<EventMessage<?>> events = List.of(lifecycle(1), lifecycle(2));
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(events);
        batch.attachTransaction(new SpringTransactionManager(new JdbcTransactionManager(postgres.dataSource())));

        Throwable failure = batch.executeWithResult(() -> {
            EventMessage<?> message = (EventMessage<?>) batch.getMessage();
            projection.on((LifecycleChangedEvent) message.getPayload(), message);
            if (message == events.get(1)) {
                // after the entries' prepare-commit: e.g. storing the token fails
                batch.onPrepareCommit(u -> {
                    throw new IllegalStateException("the token could not be stored");
                });
            }
            return null;
        }).optionalExceptionResult().orElse(null);

        assertThat(failure).hasMessageContaining("the token");
        assertThat(storedEntries()).isZero();
    }

    @Test
    void a_filter_value_postgresql_cannot_store_is_refused_in_the_handler_so_that_only_its_event_is_parked() {
        AuditStore store = newStore(new TestCipher());
        assertThatThrownBy(() -> store.save(new AuditEntry("e#0", Events.T1, io.mdg.api.audit.AuditAction.MERGED,
                EntityType.SUPPLIER, "s-\u00001", List.of(), Events.STEWARD, null, null, null, null, null, null,
                List.of()), 1, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
    }

    /**
     * The write rate of processor batches (100 events each, one transaction per batch as the processor commits
     * them, fsync on), against the raw ceiling measured in the same run (rows of the same shape and size written
     * without mapping or encryption): printed for BENCHMARKS.md, not a timed assertion. Alternated in rounds, so
     * that both see the same load of the machine.
     */
    @Test
    void batched_writes_of_a_growing_trail() {
        AuditStore store = newStore(new TestCipher());
        AuditProjection projection = new AuditProjection(store);
        JdbcTransactionManager transactions = new JdbcTransactionManager(postgres.dataSource());
        BankAccount account = new BankAccount("Acme", "First Bank", "021000021", "123456789", null, "USD");
        runBatches(projection, transactions, account, 20, 0); // warm-up
        int rounds = 4;
        int batches = 50;
        double adapterSeconds = 0;
        double rawRate = 0;
        long position = 20 * 100;
        int size = postgres.jdbc().queryForObject("SELECT avg(octet_length(entry))::int FROM "
                + PostgresAuditStore.ENTRIES, Integer.class);
        byte[] body = new byte[size];
        for (int round = 0; round < rounds; round++) {
            long started = System.nanoTime();
            runBatches(projection, transactions, account, batches, position);
            adapterSeconds += (System.nanoTime() - started) / 1e9;
            position += batches * 100L;
            rawRate += postgres.rawInsertRate("raw_entries", List.of("CREATE TABLE raw_entries (id text COLLATE \"C\" "
                    + "NOT NULL PRIMARY KEY, at timestamptz NOT NULL, position bigint NOT NULL, publication_order bigint "
                    + "NOT NULL, action text NOT NULL, record_type text, record_id text, actor_name text, source_system "
                    + "text, change_request_id text, correlation_id text, entry bytea NOT NULL)",
                    "CREATE INDEX ON raw_entries (at, position, publication_order, id)",
                    "CREATE INDEX ON raw_entries (record_id, at, position, publication_order, id)",
                    "CREATE INDEX ON raw_entries (actor_name, at, position, publication_order, id)",
                    "CREATE INDEX ON raw_entries (source_system, at, position, publication_order, id)",
                    "CREATE INDEX ON raw_entries (change_request_id, at, position, publication_order, id) "
                            + "WHERE change_request_id IS NOT NULL",
                    "CREATE INDEX ON raw_entries (correlation_id, at, position, publication_order, id) "
                            + "WHERE correlation_id IS NOT NULL"),
                    "INSERT INTO raw_entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                    batches, 100, n -> new Object[] {new UUID(1, n) + "#0",
                            java.time.OffsetDateTime.ofInstant(Events.T1.plusMillis(n), java.time.ZoneOffset.UTC), n,
                            0L, "SUBMISSION_APPLIED", "SUPPLIER", "s-" + n % 5_000, "erp", "ERP", null,
                            "corr-" + n / 100, body}) / rounds;
        }
        double adapterRate = rounds * batches * 100 / adapterSeconds;
        System.out.printf("audit trail: %d entries in batches of 100 (one transaction each, fsync on): %.0f rows/s; "
                        + "raw inserts of the same rows into the same table and indexes in the same run: %.0f rows/s (%.0f%%); "
                        + "%d bytes per sealed entry%n", rounds * batches * 100, adapterRate, rawRate,
                100 * adapterRate / rawRate, size);
        long rows = storedEntries();
        assertThat(rows).isEqualTo((rounds * batches + 20) * 100L);

        // a replay of the same events: nothing is added
        long replayStarted = System.nanoTime();
        runBatches(projection, transactions, account, rounds * batches, 20 * 100);
        double replaySeconds = (System.nanoTime() - replayStarted) / 1e9;
        System.out.printf("audit trail: the same %d events again (every entry exists): %.0f events/s%n",
                rounds * batches * 100, rounds * batches * 100 / replaySeconds);
        assertThat(storedEntries()).isEqualTo(rows);
    }

    private static void runBatches(AuditProjection projection, JdbcTransactionManager transactions,
                                   BankAccount account, int batches, long firstPosition) {
        long position = firstPosition;
        for (int b = 0; b < batches; b++) {
            List<EventMessage<?>> events = new ArrayList<>(100);
            for (int i = 0; i < 100; i++) {
                position++;
                String id = "s-" + (position % 5_000);
                SupplierAttributes values = new SupplierAttributes("Acme " + position, null, null, null, null, null,
                        null, account, null, null);
                events.add(new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(position),
                        new GenericEventMessage<>(new UUID(0, position).toString(), new RecordChangedEvent(id,
                                EntityType.SUPPLIER, Events.erp("V-" + id, position), List.of("legalName",
                                "bankAccount"), values, values, Events.ERP_CLIENT, null),
                                MetaData.with("correlationId", "corr-" + b), Events.T1.plusMillis(position))));
            }
            BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(events);
            batch.attachTransaction(new SpringTransactionManager(transactions));
            Throwable failure = batch.executeWithResult(() -> {
                EventMessage<?> message = (EventMessage<?>) batch.getMessage();
                projection.on((RecordChangedEvent) message.getPayload(), message);
                return null;
            }).optionalExceptionResult().orElse(null);
            assertThat(failure).isNull();
        }
    }

    private static EventMessage<?> lifecycle(long position) {
        return new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(position), new GenericEventMessage<>(
                new LifecycleChangedEvent("s-1", EntityType.SUPPLIER, LifecycleStatus.ACTIVE,
                        LifecycleStatus.SUSPENDED, "review", Actor.user("sam")), MetaData.emptyInstance()));
    }

    private static AuditEntry entry(String id, Instant at) {
        return new AuditEntry(id, at, io.mdg.api.audit.AuditAction.MERGED, EntityType.SUPPLIER, "s-1", List.of(),
                Events.STEWARD, null, null, null, null, null, null, List.of());
    }
}
