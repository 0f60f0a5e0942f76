package io.mdg.benchmark;

import static io.mdg.demo.data.DemoNetwork.json;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;

import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;

import io.mdg.demo.data.DemoNetwork.Sequence;
import io.mdg.postgres.EmbeddedPostgresServer;

/**
 * Figure 1, the event store's ceiling on this machine in this run: raw batched JDBC inserts of event-sized rows into
 * Axon's event table ({@link PostgresEventTableFactory}'s, as the service creates it: bytea payloads) in an embedded
 * PostgreSQL with the service's durable settings ({@link EmbeddedPostgresServer}: fsync, synchronous_commit and
 * full_page_writes on), PgJDBC with {@code reWriteBatchedInserts=true}, a fixed number of rows per commit, from one
 * connection and from several. Whatever the service does per submission can only be slower.
 */
final class StoreCeilings {

    /** Rows per second, and what was written: rows of {@code bytesPerItem} bytes, {@code batch} per commit. */
    record Ceiling(double perSecond, int count, int batch, int connections, int bytesPerItem) {
    }

    /** The server the rows were written to, as read back from it ({@code SHOW}). */
    record Server(String version, String fsync, String synchronousCommit, String fullPageWrites,
                  String sharedBuffers) {

        String describe() {
            return String.format("PostgreSQL %s (embedded, fsync %s, synchronous_commit %s, full_page_writes %s, "
                    + "shared_buffers %s)", version, fsync, synchronousCommit, fullPageWrites, sharedBuffers);
        }
    }

    /** The measurements of one figure 1 run. */
    record PostgresCeilings(Server server, List<Ceiling> ceilings) {

        /** The highest rate measured: what figure 2's ratio divides by. */
        Ceiling best() {
            return ceilings.stream().max(java.util.Comparator.comparingDouble(Ceiling::perSecond)).orElseThrow();
        }
    }

    private static final EventSchema SCHEMA = EventSchema.builder().build(); // Axon's default names, as the service

    private StoreCeilings() {
    }

    /** An event-like payload of about 1 KB: a realistic supplier as JSON, padded to 1,024 bytes. */
    static byte[] eventPayload(long i) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("recordId", UUID.nameUUIDFromBytes(("r" + i).getBytes(StandardCharsets.UTF_8)).toString());
        event.put("source", Map.of("system", "ERP", "sourceId", "V" + i, "sourceVersion", 1));
        event.put("attributes", Sequence.supplier(i).input());
        byte[] json = json(event);
        if (json.length >= 1024) {
            return json;
        }
        event.put("padding", "x".repeat(1024 - json.length - 13));
        return json(event);
    }

    /**
     * Starts an embedded PostgreSQL on {@code dir} and measures, for each number of connections, {@code rows} raw
     * event-row inserts on a fresh event table (after a warm-up of a fifth of them, at most 10,000, on that table),
     * {@code batch} rows per JDBC batch and commit; the rows are shared out evenly between the connections.
     */
    static PostgresCeilings postgresEventRows(Path dir, int rows, int batch, List<Integer> connections)
            throws Exception {
        byte[] meta = json(Map.of("correlationId", UUID.randomUUID().toString(), "traceId",
                UUID.randomUUID().toString(), "actor", "CLIENT:erp", "causationId", UUID.randomUUID().toString()));
        byte[] payload = eventPayload(1);
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir)) {
            Server settings;
            try (Connection connection = connect(server); Statement statement = connection.createStatement()) {
                settings = new Server(show(statement, "server_version"), show(statement, "fsync"),
                        show(statement, "synchronous_commit"), show(statement, "full_page_writes"),
                        show(statement, "shared_buffers"));
            }
            if (!"on".equals(settings.fsync()) || !"on".equals(settings.synchronousCommit())) {
                throw new IllegalStateException("the embedded PostgreSQL is not durable: " + settings.describe());
            }
            List<Ceiling> ceilings = new ArrayList<>();
            for (int n : connections) {
                try (Connection connection = connect(server); Statement statement = connection.createStatement()) {
                    statement.execute("DROP TABLE IF EXISTS " + SCHEMA.domainEventTable());
                    PostgresEventTableFactory.INSTANCE.createDomainEventTable(connection, SCHEMA).execute();
                }
                int warmup = Math.min(rows / 5, 10_000);
                insertConcurrently(server, n, warmup, batch, payload, meta);
                long start = System.nanoTime();
                insertConcurrently(server, n, rows, batch, payload, meta);
                double seconds = (System.nanoTime() - start) / 1e9;
                ceilings.add(new Ceiling(rows / seconds, rows, batch, n, payload.length + meta.length));
            }
            return new PostgresCeilings(settings, List.copyOf(ceilings));
        }
    }

    private static Connection connect(EmbeddedPostgresServer server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(), server.user(), "");
    }

    private static String show(Statement statement, String setting) throws SQLException {
        try (ResultSet result = statement.executeQuery("SHOW " + setting)) {
            result.next();
            return result.getString(1);
        }
    }

    /** {@code rows} inserts from {@code connections} connections at once (each its share), started together. */
    private static void insertConcurrently(EmbeddedPostgresServer server, int connections, int rows, int batch,
                                           byte[] payload, byte[] meta) throws Exception {
        CountDownLatch ready = new CountDownLatch(connections);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int share = rows / connections + (c < rows % connections ? 1 : 0);
            writers.add(CompletableFuture.runAsync(() -> {
                try (Connection connection = connect(server)) {
                    connection.setAutoCommit(false);
                    ready.countDown();
                    go.await();
                    insertRows(connection, share, batch, payload, meta);
                } catch (SQLException e) {
                    throw new CompletionException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CompletionException(e);
                }
            }, runnable -> {
                Thread thread = new Thread(runnable, "store-ceiling-writer");
                thread.setDaemon(true);
                thread.start();
            }));
        }
        ready.await();
        go.countDown();
        try {
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** {@code count} new events (each of a new aggregate), {@code batch} per JDBC batch and commit. */
    private static void insertRows(Connection connection, int count, int batch, byte[] payload, byte[] meta)
            throws SQLException {
        String sql = "INSERT INTO " + SCHEMA.domainEventTable() + " (" + String.join(", ",
                SCHEMA.eventIdentifierColumn(), SCHEMA.aggregateIdentifierColumn(), SCHEMA.sequenceNumberColumn(),
                SCHEMA.typeColumn(), SCHEMA.timestampColumn(), SCHEMA.payloadTypeColumn(),
                SCHEMA.payloadRevisionColumn(), SCHEMA.payloadColumn(), SCHEMA.metaDataColumn())
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (int i = 0; i < count; i++) {
                insert.setString(1, UUID.randomUUID().toString());
                insert.setString(2, UUID.randomUUID().toString());
                insert.setLong(3, 0);
                insert.setString(4, "Supplier");
                insert.setString(5, Instant.now().toString());
                insert.setString(6, "io.mdg.api.record.RecordRegisteredEvent");
                insert.setString(7, null);
                insert.setBytes(8, payload);
                insert.setBytes(9, meta);
                insert.addBatch();
                if ((i + 1) % batch == 0 || i == count - 1) {
                    insert.executeBatch();
                    connection.commit();
                }
            }
        }
    }
}
