package io.mdg.query.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.support.JdbcTransactionManager;

import io.mdg.postgres.PostgresPerClass;
import io.mdg.query.crypto.ReadModelCipher;
import io.mdg.query.support.TestCipher;

/** The record-history contract on the PostgreSQL adapter (a real server, the embedded default's). */
class PostgresRecordVersionsTest extends RecordVersionsContract {

    @RegisterExtension
    static final PostgresPerClass postgres = new PostgresPerClass();

    @Override
    RecordVersions newVersions(ReadModelCipher cipher) {
        postgres.dropTables(List.of(PostgresRecordVersions.TABLE));
        return new PostgresRecordVersions(postgres.dataSource(), cipher);
    }

    @Override
    long storedVersions() {
        return postgres.jdbc().queryForObject("SELECT count(*) FROM " + PostgresRecordVersions.TABLE, Long.class);
    }

    @Override
    String everythingStored() {
        StringBuilder all = new StringBuilder();
        postgres.jdbc().query("SELECT * FROM " + PostgresRecordVersions.TABLE, rs -> {
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                Object value = rs.getObject(i);
                all.append(value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1)
                        : String.valueOf(value)).append('\n');
            }
        });
        return all.toString();
    }

    @Test
    void an_as_of_read_is_one_backward_index_scan() {
        versions.add(supplier("s-1", 1, Instant.parse("2026-01-01T00:00:00Z"), "v0"), Instant.parse("2026-01-01T00:00:00Z"));
        postgres.jdbc().execute("SET enable_seqscan = off"); // a tiny table: ask what the planner would do at scale
        // the adapter's own statement, with its parameters bound as it binds them
        String plan = String.join("\n", postgres.jdbc().queryForList("EXPLAIN " + PostgresRecordVersions.AS_OF,
                String.class, "s-1", "SUPPLIER", java.time.OffsetDateTime.now(), 10L));
        assertThat(plan).contains("Index Scan Backward").doesNotContain("Sort");
    }

    /**
     * The write rate of processor batches (100 versions each, one transaction per batch as the processor commits
     * them, fsync on), against the raw ceiling measured in the same run (rows of the same shape and size written
     * without mapping or encryption): printed for BENCHMARKS.md, not a timed assertion. Alternated in rounds, so
     * that both see the same load of the machine.
     */
    @Test
    void batched_writes_of_a_growing_history() {
        JdbcTransactionManager transactions = new JdbcTransactionManager(postgres.dataSource());
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        byte[] body = new TestCipher().encrypt(new byte[930]); // the size of a sealed version of these records
        writeBatches(transactions, start, 0, 20); // warm-up
        int rounds = 4;
        int batches = 50;
        double adapterSeconds = 0;
        double rawRate = 0;
        for (int round = 0; round < rounds; round++) {
            long started = System.nanoTime();
            writeBatches(transactions, start, 20 + round * batches, batches);
            adapterSeconds += (System.nanoTime() - started) / 1e9;
            rawRate += postgres.rawInsertRate("raw_versions", List.of("CREATE TABLE raw_versions (record_id text COLLATE \"C\" "
                    + "NOT NULL, record_type text NOT NULL, at timestamptz NOT NULL, version bigint NOT NULL, "
                    + "record bytea NOT NULL, PRIMARY KEY (record_id, record_type, at, version))"),
                    "INSERT INTO raw_versions VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", batches, 100,
                    n -> new Object[] {"s-" + n % 5_000, "SUPPLIER",
                            java.time.OffsetDateTime.ofInstant(start.plusMillis(n), java.time.ZoneOffset.UTC),
                            n / 5_000 + 1, body}) / rounds;
        }
        double adapterRate = rounds * batches * 100 / adapterSeconds;
        System.out.printf("record history: %d versions in batches of 100 (one transaction each, fsync on): %.0f rows/s;"
                        + " raw inserts of the same rows in the same run: %.0f rows/s (%.0f%%); %d bytes per version "
                        + "stored%n", rounds * batches * 100, adapterRate, rawRate, 100 * adapterRate / rawRate,
                postgres.jdbc().queryForObject("SELECT avg(octet_length(record))::bigint FROM "
                        + PostgresRecordVersions.TABLE, Long.class));
        assertThat(storedVersions()).isEqualTo((rounds * batches + 20) * 100L);

        long replayStarted = System.nanoTime();
        writeBatches(transactions, start, 20, rounds * batches);
        double replaySeconds = (System.nanoTime() - replayStarted) / 1e9;
        System.out.printf("record history: the same %d versions again (every one exists): %.0f versions/s%n",
                rounds * batches * 100, rounds * batches * 100 / replaySeconds);
        assertThat(storedVersions()).isEqualTo((rounds * batches + 20) * 100L);
    }

    @Test
    void versions_kept_before_a_restart_are_neither_sealed_nor_written_again_when_the_events_are_replayed() {
        JdbcTransactionManager transactions = new JdbcTransactionManager(postgres.dataSource());
        Instant start = Instant.parse("2026-03-01T00:00:00Z");
        writeBatches(transactions, start, 0, 3);
        AtomicInteger sealed = new AtomicInteger();
        TestCipher cipher = new TestCipher();
        versions = new PostgresRecordVersions(postgres.dataSource(), new ReadModelCipher() {
            @Override
            public byte[] encrypt(byte[] plain) {
                sealed.incrementAndGet();
                return cipher.encrypt(plain);
            }

            @Override
            public byte[] decrypt(byte[] value) {
                return cipher.decrypt(value);
            }
        });

        writeBatches(transactions, start, 0, 3); // the memory read model's rebuild at start replays every event
        assertThat(sealed).as("kept versions sealed again").hasValue(0);
        writeBatches(transactions, start, 3, 1); // then the events after the restart

        assertThat(sealed).hasValue(100);
        assertThat(storedVersions()).isEqualTo(400);
        assertThat(versions.asOf(io.mdg.api.EntityType.SUPPLIER, "s-301", start.plusSeconds(3600), 1))
                .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(1));
    }

    private void writeBatches(JdbcTransactionManager transactions, Instant start, int from, int batches) {
        for (int b = from; b < from + batches; b++) {
            int batch = b;
            BatchingUnitOfWork<?> unitOfWork = new BatchingUnitOfWork<>(List.of(
                    GenericEventMessage.asEventMessage("batch")));
            unitOfWork.attachTransaction(new SpringTransactionManager(transactions));
            Throwable failure = unitOfWork.executeWithResult(() -> {
                for (int i = 0; i < 100; i++) {
                    long n = batch * 100L + i;
                    Instant at = start.plusMillis(n);
                    versions.add(supplier("s-" + n % 5_000, n / 5_000 + 1, at, "Acme " + n), at);
                }
                return null;
            }).optionalExceptionResult().orElse(null);
            assertThat(failure).isNull();
        }
    }
}
