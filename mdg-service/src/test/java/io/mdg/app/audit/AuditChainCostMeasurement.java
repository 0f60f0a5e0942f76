package io.mdg.app.audit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.UUID;

import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.mdg.postgres.EmbeddedPostgresServer;

/**
 * What the audit chain adds to an append, measured rather than asserted (run by hand:
 * {@code -Dtest=AuditChainCostMeasurement -Dmdg.measure=true}): the same multi-row inserts of typical event rows
 * (12 rows per statement and transaction, as a group commit writes them; half new aggregates, half the next event of
 * an existing one) into Axon's event table on the embedded PostgreSQL without and with the chain's trigger, best of
 * three rounds; and the Java recomputation the verification does per row.
 */
@EnabledIfSystemProperty(named = "mdg.measure", matches = "true")
class AuditChainCostMeasurement {

    private static final int ROWS = 24_000;
    private static final int PER_STATEMENT = 12;
    /** Statements per transaction: a commit's fsync (milliseconds, shared disk) would hide the CPU added per row. */
    private static final int COMMIT_EVERY = Integer.getInteger("mdg.measure.statements-per-commit", 50);
    private static final byte[] PAYLOAD = ("{\"source\":{\"system\":\"ERP\",\"sourceId\":\"V100001\",\"version\":3},"
            + "\"values\":{\"@type\":\"SUPPLIER\",\"legalName\":\"Acme Medical Supplies Inc.\",\"aliases\":[\"Acme Med\"],"
            + "\"taxId\":\"12-3456789\",\"duns\":\"123456789\",\"address\":{\"line1\":\"1 Main Street\",\"city\":\"Springfield\","
            + "\"region\":\"IL\",\"postalCode\":\"62701\",\"country\":\"US\"},\"bankAccount\":null},\"changes\":[\"legalName\","
            + "\"aliases\",\"address\"],\"actor\":{\"kind\":\"CLIENT\",\"name\":\"erp\"},\"at\":\"2026-12-07T10:00:00Z\"}")
            .repeat(2).getBytes(StandardCharsets.UTF_8);
    private static final byte[] META = ("{\"correlationId\":\"" + UUID.randomUUID() + "\",\"traceId\":\""
            + UUID.randomUUID() + "\",\"actor\":\"erp\"}").getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void measure() throws Exception {
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir.resolve("pg"));
             Connection c = DriverManager.getConnection(postgres.jdbcUrl() + "&reWriteBatchedInserts=true",
                     postgres.user(), "")) {
            PostgresEventTableFactory.INSTANCE.createDomainEventTable(c, EventSchema.builder().build()).execute();
            AuditChainSchema.install(new SingleConnectionDataSource(c, true));
            try (Statement s = c.createStatement()) {
                // only unchained rows are in it: those of the rounds without the trigger, which it would slow down
                s.execute("DROP INDEX domainevententry_unchained");
            }
            // alternating, so that both see the same warm-up and the same neighbours on the machine
            double without = Double.MAX_VALUE;
            double with = Double.MAX_VALUE;
            for (int round = 0; round < 4; round++) {
                try (Statement s = c.createStatement()) {
                    s.execute("ALTER TABLE domainevententry DISABLE TRIGGER mdg_audit_chain");
                }
                without = Math.min(without, round(c, "without the trigger", round));
                try (Statement s = c.createStatement()) {
                    s.execute("ALTER TABLE domainevententry ENABLE TRIGGER mdg_audit_chain");
                }
                with = Math.min(with, round(c, "with the trigger", round));
            }
            System.out.printf("audit chain: best %.1f us per appended row without the trigger, %.1f us with it: "
                    + "%+.1f us (%d-byte payload, %d rows per statement, %d statements per commit)%n", without, with,
                    with - without, PAYLOAD.length, PER_STATEMENT, COMMIT_EVERY);
            long start = System.nanoTime();
            byte[] previous = AuditHashes.GENESIS;
            for (int i = 0; i < ROWS; i++) {
                previous = AuditHashes.link(previous, "agg-" + i, "GovernedRecord", i, "e-" + i,
                        "2026-12-07T10:00:00Z", "io.mdg.api.record.RecordChangedEvent", null, PAYLOAD, META);
            }
            System.out.printf("audit chain: the verification's Java recomputation %.1f us per row%n",
                    (System.nanoTime() - start) / 1000.0 / ROWS);
        }
    }

    private static double round(Connection c, String label, int round) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("TRUNCATE domainevententry");
        }
        String prefix = label.replace(' ', '-') + round + "-";
        long start = System.nanoTime();
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO domainevententry (eventidentifier, "
                + "aggregateidentifier, sequencenumber, type, timestamp, payload, payloadtype, payloadrevision, "
                + "metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < ROWS; i++) {
                // the first half creates aggregates, the second appends the next event to each of them
                int aggregate = i % (ROWS / 2);
                insert.setString(1, UUID.randomUUID().toString());
                insert.setString(2, prefix + aggregate);
                insert.setLong(3, i < ROWS / 2 ? 0 : 1);
                insert.setString(4, "GovernedRecord");
                insert.setString(5, "2026-12-07T10:00:00.000Z");
                insert.setBytes(6, PAYLOAD);
                insert.setString(7, "io.mdg.api.record.RecordChangedEvent");
                insert.setString(8, null);
                insert.setBytes(9, META);
                insert.addBatch();
                if ((i + 1) % PER_STATEMENT == 0) {
                    insert.executeBatch();
                    if ((i + 1) % (PER_STATEMENT * COMMIT_EVERY) == 0) {
                        c.commit();
                    }
                }
            }
        }
        c.setAutoCommit(true);
        double perRow = (System.nanoTime() - start) / 1000.0 / ROWS;
        System.out.printf("audit chain: %s, round %d: %.1f us per row%n", label, round, perRow);
        return perRow;
    }
}
