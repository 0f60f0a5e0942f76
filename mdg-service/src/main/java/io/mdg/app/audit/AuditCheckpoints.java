package io.mdg.app.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Writes the signed checkpoints of the audit chain ({@link AuditCheckpoint}) into {@code mdg_audit_checkpoint} every
 * {@code interval}, each over the next committed range of the global order, and appends every checkpoint (also the
 * other nodes') to the export file, a JSON line each, which the auditor keeps outside the database.
 *
 * <p><b>Only committed ranges.</b> A global index is taken from a sequence when a row is inserted, so a transaction
 * still in flight may hold an index below rows already visible, and commit later. A checkpoint therefore covers the
 * indexes up to {@code G}, the sequence's value read at a time {@code t0}, only once every transaction that can hold
 * such an index has ended: at {@code t0 + settle} the writer takes a snapshot of the running transactions (by then
 * every transaction that took an index before {@code t0} has its transaction id: it gets one in the statement that
 * took the index) and waits until each of them has committed or rolled back. Indexes of rolled-back transactions are
 * simply absent (gaps are not entries).
 *
 * <p><b>Several nodes.</b> Every node runs a writer; the one holding the advisory lock writes (the others skip that
 * round), the next number and range follow from the last checkpoint in the table, and the number is the key. Every
 * node exports every checkpoint to its own file, after checking its signature and that it continues the file's last
 * one (a row changed in the database is refused, and logged, not exported).
 */
public final class AuditCheckpoints implements SmartLifecycle {

    static final String TABLE = "mdg_audit_checkpoint";
    /** The most entries one checkpoint covers (a first checkpoint after a large backfill is cut into several). */
    static final int MAX_ENTRIES = 100_000;
    private static final long WRITE_LOCK = 0x6d64672d61756432L;
    private static final Logger log = LoggerFactory.getLogger(AuditCheckpoints.class);

    private final DataSource dataSource;
    private final AuditSigningKeys keys;
    private final Duration interval;
    private final Duration settle;
    private final Path export;
    private final Clock clock = Clock.systemUTC();
    private String sequence;
    private volatile ScheduledExecutorService scheduler;
    private Instant nextRound = Instant.MIN;
    private Candidate candidate;
    private AuditCheckpoint lastExported;
    private boolean exportRead;
    private String exportRefusal;

    /** The end of a range to checkpoint: the sequence value at a time, then the transactions running after it. */
    private record Candidate(long upTo, Instant seenAt, String snapshot) {
    }

    public AuditCheckpoints(DataSource dataSource, AuditSigningKeys keys, Duration interval, Path export) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("mdg.audit.checkpoint-interval must be positive, not " + interval);
        }
        this.dataSource = dataSource;
        this.keys = keys;
        this.interval = interval;
        this.settle = interval.compareTo(Duration.ofSeconds(1)) < 0 ? interval : Duration.ofSeconds(1);
        this.export = export.toAbsolutePath().normalize();
        createSchema(dataSource);
    }

    static void createSchema(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (number bigint PRIMARY KEY, from_index bigint NOT NULL, "
                    + "to_index bigint NOT NULL, entries bigint NOT NULL, merkle_root bytea NOT NULL, "
                    + "previous_hash bytea NOT NULL, created_at timestamptz NOT NULL, hash bytea NOT NULL, "
                    + "key_id text NOT NULL, signature bytea NOT NULL)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create " + TABLE + ": " + e.getMessage(), e);
        }
    }

    /** The export file. */
    public Path exportFile() {
        return export;
    }

    /**
     * One step of the writer (every {@code settle}): a new candidate when a round is due (and the export of what other
     * nodes wrote), its snapshot once settled, the checkpoints once its transactions have ended, and their export.
     */
    synchronized void step() {
        try (Connection c = dataSource.getConnection()) {
            Instant now = clock.instant();
            boolean export = false;
            if (candidate == null) {
                if (!now.isBefore(nextRound)) {
                    nextRound = now.plus(interval);
                    candidate = new Candidate(sequenceValue(c), now, null);
                    export = true;  // what other nodes wrote, once a round
                }
            } else if (candidate.snapshot() == null) {
                if (!now.isBefore(candidate.seenAt().plus(settle))) {
                    candidate = new Candidate(candidate.upTo(), candidate.seenAt(), single(c,
                            "SELECT pg_current_snapshot()::text", rs -> rs.getString(1)));
                }
            } else if (ended(c, candidate.snapshot())) {
                long upTo = candidate.upTo();
                candidate = null;
                write(c, upTo);
                export = true;
            }
            if (export) {
                exportNew(c);
            }
        } catch (SQLException | IOException | RuntimeException e) {
            log.warn("Audit checkpoints: this round failed, the next one retries: {}", e.toString());
        }
    }

    private long sequenceValue(Connection c) throws SQLException {
        if (sequence == null) {
            sequence = single(c, "SELECT pg_get_serial_sequence('" + AuditChainSchema.EVENTS + "', 'globalindex')",
                    rs -> rs.getString(1));
        }
        return single(c, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM " + sequence,
                rs -> rs.getLong(1));
    }

    private static boolean ended(Connection c, String snapshot) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT NOT EXISTS (SELECT 1 FROM pg_snapshot_xip(?::pg_snapshot) x "
                + "WHERE pg_xact_status(x) = 'in progress')")) {
            s.setString(1, snapshot);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Writes the checkpoints up to this global index, if this node holds the lock (another one writes otherwise). */
    private void write(Connection c, long upTo) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            if (!single(c, "SELECT pg_try_advisory_xact_lock(" + WRITE_LOCK + ")", rs -> rs.getBoolean(1))) {
                c.rollback();
                return;
            }
            Optional<AuditCheckpoint> last = last(c);
            long number = last.map(AuditCheckpoint::number).orElse(0L);
            long from = last.map(AuditCheckpoint::toIndex).orElse(0L);
            byte[] previous = last.map(AuditCheckpoint::hash).orElse(AuditHashes.GENESIS);
            int written = 0;
            while (from < upTo) {
                AuditHashes.MerkleRoot root = new AuditHashes.MerkleRoot();
                long to = from;
                try (PreparedStatement s = c.prepareStatement("SELECT globalindex, audit_hash FROM "
                        + AuditChainSchema.EVENTS + " WHERE globalindex > ? AND globalindex <= ? ORDER BY globalindex "
                        + "LIMIT " + MAX_ENTRIES)) {
                    s.setFetchSize(1000);
                    s.setLong(1, from);
                    s.setLong(2, upTo);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            byte[] link = rs.getBytes(2);
                            if (link == null) {
                                throw new IllegalStateException("the event at global index " + rs.getLong(1)
                                        + " has no chain link (written with the audit chain's trigger disabled?)");
                            }
                            to = rs.getLong(1);
                            root.add(AuditHashes.leaf(to, link));
                        }
                    }
                }
                if (root.leaves() == 0) {
                    break;  // nothing committed in the range (yet): it stays open for the next round
                }
                if (root.leaves() < MAX_ENTRIES) {
                    to = upTo;
                }
                AuditCheckpoint checkpoint = AuditCheckpoint.signed(++number, from, to, root.leaves(), root.root(),
                        previous, clock.instant().truncatedTo(ChronoUnit.MILLIS), keys);
                insert(c, checkpoint);
                previous = checkpoint.hash();
                from = to;
                written++;
            }
            c.commit();
            if (written > 0) {
                log.debug("Audit checkpoints: wrote {} up to global index {}", written, from);
            }
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static void insert(Connection c, AuditCheckpoint checkpoint) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + TABLE + " (number, from_index, to_index, entries, "
                + "merkle_root, previous_hash, created_at, hash, key_id, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setLong(1, checkpoint.number());
            s.setLong(2, checkpoint.fromIndex());
            s.setLong(3, checkpoint.toIndex());
            s.setLong(4, checkpoint.entries());
            s.setBytes(5, checkpoint.merkleRoot());
            s.setBytes(6, checkpoint.previousHash());
            s.setTimestamp(7, Timestamp.from(checkpoint.createdAt()));
            s.setBytes(8, checkpoint.hash());
            s.setString(9, checkpoint.keyId());
            s.setBytes(10, checkpoint.signature());
            s.executeUpdate();
        }
    }

    static Optional<AuditCheckpoint> last(Connection c) throws SQLException {
        List<AuditCheckpoint> found = query(c, "SELECT * FROM " + TABLE + " ORDER BY number DESC LIMIT 1");
        return found.stream().findFirst();
    }

    /** The checkpoints after this number, in order, at most {@code limit}. */
    static List<AuditCheckpoint> after(Connection c, long number, int limit) throws SQLException {
        return query(c, "SELECT * FROM " + TABLE + " WHERE number > " + number + " ORDER BY number LIMIT " + limit);
    }

    static List<AuditCheckpoint> query(Connection c, String sql) throws SQLException {
        List<AuditCheckpoint> found = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                found.add(read(rs));
            }
        }
        return found;
    }

    static AuditCheckpoint read(ResultSet rs) throws SQLException {
        return new AuditCheckpoint(rs.getLong("number"), rs.getLong("from_index"), rs.getLong("to_index"),
                rs.getLong("entries"), rs.getBytes("merkle_root"), rs.getBytes("previous_hash"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getBytes("hash"),
                rs.getString("key_id"), rs.getBytes("signature"));
    }

    /**
     * Appends the checkpoints the export file does not have yet, each after checking that it is signed by a key of
     * the ring and continues the file's last one; fsynced.
     */
    private void exportNew(Connection c) throws SQLException, IOException {
        if (!exportRead) {
            lastExported = lastLine(export).orElse(null);
            exportRead = true;
        }
        List<AuditCheckpoint> next = after(c, lastExported == null ? 0 : lastExported.number(), 1000);
        if (next.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        AuditCheckpoint previous = lastExported;
        for (AuditCheckpoint checkpoint : next) {
            String refusal = !checkpoint.hashMatches() || !checkpoint.signedBy(keys)
                    ? "its hash or signature is not valid"
                    : !java.util.Arrays.equals(checkpoint.previousHash(),
                    previous == null ? AuditHashes.GENESIS : previous.hash())
                    || checkpoint.number() != (previous == null ? 1 : previous.number() + 1)
                    ? "it does not continue the export's last checkpoint" : null;
            if (refusal != null) {
                String message = "Audit checkpoints: checkpoint " + checkpoint.number() + " in " + TABLE
                        + " is not exported to " + export + ": " + refusal + " (the table was changed? run verifyAudit)";
                if (!message.equals(exportRefusal)) {
                    log.error(message);
                    exportRefusal = message;
                }
                break;
            }
            lines.append(checkpoint.jsonLine()).append('\n');
            previous = checkpoint;
        }
        if (previous == lastExported) {
            return;
        }
        Files.createDirectories(export.getParent());
        try (FileChannel channel = FileChannel.open(export, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND); OutputStream out = Channels.newOutputStream(channel)) {
            out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            channel.force(true);
        }
        lastExported = previous;
    }

    /** The last checkpoint of an export file, if it has one. */
    static Optional<AuditCheckpoint> lastLine(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String last = null;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    last = line;
                }
            }
        }
        return last == null ? Optional.empty() : Optional.of(AuditCheckpoint.parse(last));
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> T single(Connection c, String sql, Row<T> row) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return row.read(rs);
        }
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "mdg-audit-checkpoints");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::step, 0, settle.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Audit checkpoints: every {}, exported to {}", interval, export);
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
