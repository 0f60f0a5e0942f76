package io.mdg.app.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import org.axonframework.queryhandling.QueryExecutionException;
import org.axonframework.queryhandling.QueryHandler;

import io.mdg.api.audit.AuditBreak;
import io.mdg.api.audit.AuditBreakKind;
import io.mdg.api.audit.AuditSigningKey;
import io.mdg.api.audit.AuditSigningKeysQuery;
import io.mdg.api.audit.AuditVerification;
import io.mdg.api.audit.VerifyAuditQuery;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.error.MdgErrorDetails;

/**
 * Verifies the tamper-evident audit ({@link VerifyAuditQuery}): pages through the event store in global order in one
 * read-only snapshot (so that appends meanwhile break nothing), recomputes each event's chain link from its stored row
 * and its predecessor's link, each checkpoint's Merkle root from the links of its range, its hash, its chain to the
 * checkpoint before and its signature, and compares the checkpoints with the exported ones, which the database cannot
 * change. It stops at the first break. At most {@code maxEntries} events are checked per query (then it reports
 * where to continue); memory stays bounded by a page of events and the exported checkpoints of the range.
 */
public final class AuditVerifier {

    private static final int PAGE = 500;

    private final DataSource dataSource;
    private final AuditSigningKeys keys;
    private final Path exportFile;
    private final long maxEntries;

    public AuditVerifier(DataSource dataSource, AuditSigningKeys keys, Path exportFile, long maxEntries) {
        this.dataSource = dataSource;
        this.keys = keys;
        this.exportFile = exportFile;
        this.maxEntries = maxEntries;
    }

    @QueryHandler
    public AuditVerification handle(VerifyAuditQuery query) {
        try {
            return verify(query.from(), query.to(), query.exportedCheckpoints());
        } catch (IllegalArgumentException e) {
            throw new QueryExecutionException(e.getMessage(), null,
                    new MdgErrorDetails(ErrorCode.VALIDATION_FAILED, e.getMessage(), List.of()));
        }
    }

    @QueryHandler
    public List<AuditSigningKey> handle(AuditSigningKeysQuery query) {
        return keys.publicKeys().stream()
                .map(key -> new AuditSigningKey(key.getKey(), key.getValue(), key.getKey().equals(keys.signingId())))
                .toList();
    }

    /** Verifies the range; {@code exported} null reads the service's export file (if there is one). */
    public AuditVerification verify(Long from, Long to, String exported) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                return new Run(c).verify(from, to, exported);
            } finally {
                c.rollback();
                c.setReadOnly(false);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the event store to verify the audit: " + e.getMessage(), e);
        }
    }

    /** One verification: its connection, its exported checkpoints, its progress. */
    private final class Run {

        private final Connection c;
        private final TreeMap<Long, AuditCheckpoint> exported = new TreeMap<>();
        private final Deque<AuditCheckpoint> checkpoints = new ArrayDeque<>();
        private long nextCheckpointAfter;
        private boolean checkpointsExhausted;
        private long start;
        private long end;
        private byte[] previousCheckpointHash;
        private long entries;
        private long checkpointsChecked;
        private long exportedCompared;

        Run(Connection c) {
            this.c = c;
        }

        AuditVerification verify(Long from, Long to, String exportedLines) throws SQLException {
            long last = longOf("SELECT coalesce(max(globalindex), 0) FROM " + AuditChainSchema.EVENTS);
            start = from == null ? 1 : Math.max(1, from);
            end = to == null ? last : to;
            // widened to whole checkpoints
            AuditCheckpoint first = checkpointAt(start);
            if (first != null) {
                start = first.fromIndex() + 1;
            }
            AuditCheckpoint lastOne = checkpointAt(end);
            if (lastOne != null) {
                end = lastOne.toIndex();
            }
            AuditBreak broken = readExported(exportedLines);
            boolean complete = true;
            Long nextFrom = null;
            AuditCheckpoint current = null;
            AuditHashes.MerkleRoot root = new AuditHashes.MerkleRoot();
            long after = start - 1;
            rows:
            while (broken == null) {
                int read = 0;
                try (PreparedStatement s = c.prepareStatement("SELECT e.globalindex, e.aggregateidentifier, e.type, "
                        + "e.sequencenumber, e.eventidentifier, e.timestamp, e.payloadtype, e.payloadrevision, e.payload, "
                        + "e.metadata, e.audit_hash, p.audit_hash, p.globalindex IS NOT NULL FROM "
                        + AuditChainSchema.EVENTS + " e LEFT JOIN " + AuditChainSchema.EVENTS + " p ON "
                        + "p.aggregateidentifier = e.aggregateidentifier AND p.sequencenumber = e.sequencenumber - 1 "
                        + "WHERE e.globalindex > ? AND e.globalindex <= ? ORDER BY e.globalindex LIMIT " + PAGE)) {
                    s.setLong(1, after);
                    s.setLong(2, end);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            read++;
                            long position = rs.getLong(1);
                            while (true) {
                                if (current == null) {
                                    current = nextCheckpoint(position);
                                    root = new AuditHashes.MerkleRoot();
                                    if (current == null || position <= current.toIndex()) {
                                        break;
                                    }
                                } else if (position <= current.toIndex()) {
                                    break;
                                }
                                broken = finish(current, root);
                                if (broken != null) {
                                    break rows;
                                }
                                if (entries >= maxEntries) {
                                    // stops at the end of a checkpoint
                                    complete = false;
                                    end = current.toIndex();
                                    nextFrom = end + 1;
                                    current = null;
                                    break rows;
                                }
                                current = null;
                            }
                            after = position;
                            broken = entry(rs, position);
                            if (broken != null) {
                                break rows;
                            }
                            entries++;
                            if (current != null && position > current.fromIndex()) {
                                root.add(AuditHashes.leaf(position, rs.getBytes(11)));
                            }
                            if (entries >= maxEntries && current == null && position < end) {
                                complete = false;
                                end = position;
                                nextFrom = position + 1;
                                break rows;
                            }
                        }
                    }
                }
                if (read < PAGE) {
                    break;
                }
            }
            // the checkpoints of the range whose last events were read (or that have none left)
            while (broken == null) {
                if (current == null) {
                    current = nextCheckpoint(Long.MAX_VALUE);
                    root = new AuditHashes.MerkleRoot();
                    if (current == null || current.toIndex() > end) {
                        break;
                    }
                }
                broken = finish(current, root);
                current = null;
            }
            if (broken == null) {
                Map.Entry<Long, AuditCheckpoint> missing = exported.firstEntry();
                if (missing != null && missing.getValue().toIndex() <= end) {
                    broken = checkpointBreak(AuditBreakKind.CHECKPOINT_MISSING, missing.getKey(), null, null,
                            "the exported checkpoint " + missing.getKey() + " (global positions "
                                    + (missing.getValue().fromIndex() + 1) + "-" + missing.getValue().toIndex()
                                    + ") is not in the database");
                }
            }
            Long lastCheckpoint = nullable(longOf("SELECT coalesce(max(number), 0) FROM " + AuditCheckpoints.TABLE));
            Long backfilled = nullable(longOf("SELECT coalesce(max(up_to_global_index), 0) FROM "
                    + AuditChainSchema.BACKFILL));
            return new AuditVerification(broken == null, start, end, entries, checkpointsChecked, exportedCompared,
                    complete, nextFrom, lastCheckpoint, backfilled, broken);
        }

        /** The event's chain link recomputed from its stored row and its predecessor's stored link. */
        private AuditBreak entry(ResultSet rs, long position) throws SQLException {
            long sequence = rs.getLong(4);
            byte[] stored = rs.getBytes(11);
            if (stored == null) {
                return entryBreak(AuditBreakKind.UNCHAINED_ENTRY, rs, position, null, null,
                        "the event has no chain link (written with the audit chain's trigger switched off)");
            }
            byte[] previous;
            if (sequence == 0) {
                previous = AuditHashes.GENESIS;
            } else if (!rs.getBoolean(13)) {
                return entryBreak(AuditBreakKind.MISSING_PREDECESSOR, rs, position, null, null,
                        "the event follows no stored event of its aggregate (sequence " + (sequence - 1)
                                + " is missing: deleted?)");
            } else if (rs.getBytes(12) == null) {
                return entryBreak(AuditBreakKind.UNCHAINED_ENTRY, rs, position, null, null,
                        "the event's predecessor (sequence " + (sequence - 1) + ") has no chain link");
            } else {
                previous = rs.getBytes(12);
            }
            byte[] recomputed = AuditHashes.link(previous, rs.getString(2), rs.getString(3), sequence, rs.getString(5),
                    rs.getString(6), rs.getString(7), rs.getString(8), rs.getBytes(9), rs.getBytes(10));
            if (!MessageDigest.isEqual(recomputed, stored)) {
                return entryBreak(AuditBreakKind.HASH_MISMATCH, rs, position, recomputed, stored,
                        "the stored event was changed: its chain link recomputed from the stored row and its "
                                + "predecessor differs from the stored one");
            }
            return null;
        }

        private AuditBreak entryBreak(AuditBreakKind kind, ResultSet rs, long position, byte[] expected,
                                      byte[] found, String message) throws SQLException {
            return new AuditBreak(kind, position, rs.getString(5), rs.getString(2), rs.getString(3), rs.getLong(4),
                    rs.getString(7), null, AuditHashes.hex(expected), AuditHashes.hex(found), message);
        }

        /** A checkpoint all of whose events were read: its own integrity, its events' root, the exported one. */
        private AuditBreak finish(AuditCheckpoint checkpoint, AuditHashes.MerkleRoot root) throws SQLException {
            checkpointsChecked++;
            long number = checkpoint.number();
            Map.Entry<Long, AuditCheckpoint> skipped = exported.lowerEntry(number);
            if (skipped != null && skipped.getValue().toIndex() >= start) {
                return checkpointBreak(AuditBreakKind.CHECKPOINT_MISSING, skipped.getKey(), null, null,
                        "the exported checkpoint " + skipped.getKey() + " is not in the database");
            }
            if (previousCheckpointHash == null) {
                previousCheckpointHash = number == 1 ? AuditHashes.GENESIS
                        : bytesOf("SELECT hash FROM " + AuditCheckpoints.TABLE + " WHERE number = " + (number - 1));
            }
            if (!checkpoint.hashMatches()) {
                return checkpointBreak(AuditBreakKind.CHECKPOINT_CHAIN_BROKEN, number,
                        AuditHashes.hex(AuditHashes.sha256().digest(checkpoint.canonical())),
                        AuditHashes.hex(checkpoint.hash()), "checkpoint " + number + "'s hash is not that of its content");
            }
            if (previousCheckpointHash == null || !Arrays.equals(previousCheckpointHash, checkpoint.previousHash())) {
                return checkpointBreak(AuditBreakKind.CHECKPOINT_CHAIN_BROKEN, number,
                        AuditHashes.hex(previousCheckpointHash), AuditHashes.hex(checkpoint.previousHash()),
                        "checkpoint " + number + " does not follow checkpoint " + (number - 1));
            }
            if (!checkpoint.signedBy(keys)) {
                return checkpointBreak(AuditBreakKind.CHECKPOINT_SIGNATURE_INVALID, number, null, null,
                        "checkpoint " + number + "'s signature is not valid for key '" + checkpoint.keyId() + "'");
            }
            previousCheckpointHash = checkpoint.hash();
            byte[] recomputed = root.root();
            if (root.leaves() != checkpoint.entries()) {
                return checkpointBreak(AuditBreakKind.CHECKPOINT_ENTRIES_MISMATCH, number,
                        Long.toString(checkpoint.entries()), Long.toString(root.leaves()), "checkpoint " + number
                                + " recorded " + checkpoint.entries() + " events at global positions "
                                + (checkpoint.fromIndex() + 1) + "-" + checkpoint.toIndex() + ", the store has "
                                + root.leaves() + " (an event deleted or inserted)");
            }
            if (!MessageDigest.isEqual(recomputed, checkpoint.merkleRoot())) {
                return checkpointBreak(AuditBreakKind.CHECKPOINT_ROOT_MISMATCH, number, AuditHashes.hex(recomputed),
                        AuditHashes.hex(checkpoint.merkleRoot()), "the events at global positions "
                                + (checkpoint.fromIndex() + 1) + "-" + checkpoint.toIndex()
                                + " do not give checkpoint " + number + "'s Merkle root");
            }
            AuditCheckpoint kept = exported.remove(number);
            if (kept != null) {
                exportedCompared++;
                if (!MessageDigest.isEqual(kept.merkleRoot(), recomputed)) {
                    return checkpointBreak(AuditBreakKind.EXPORTED_CHECKPOINT_MISMATCH, number,
                            AuditHashes.hex(kept.merkleRoot()), AuditHashes.hex(recomputed), "the events at global "
                                    + "positions " + (kept.fromIndex() + 1) + "-" + kept.toIndex() + " do not give the "
                                    + "exported checkpoint " + number + "'s Merkle root (the events and the database's "
                                    + "checkpoint were rewritten)");
                }
                if (!MessageDigest.isEqual(kept.hash(), checkpoint.hash())) {
                    return checkpointBreak(AuditBreakKind.EXPORTED_CHECKPOINT_MISMATCH, number,
                            AuditHashes.hex(kept.hash()), AuditHashes.hex(checkpoint.hash()),
                            "checkpoint " + number + " in the database differs from the exported one");
                }
            }
            return null;
        }

        private AuditBreak checkpointBreak(AuditBreakKind kind, long number, String expected, String found,
                                           String message) {
            return new AuditBreak(kind, null, null, null, null, null, null, number, expected, found, message);
        }

        /** The checkpoint whose range holds this position, if any. */
        private AuditCheckpoint checkpointAt(long position) throws SQLException {
            List<AuditCheckpoint> found = AuditCheckpoints.query(c, "SELECT * FROM " + AuditCheckpoints.TABLE
                    + " WHERE from_index < " + position + " AND to_index >= " + position + " ORDER BY number LIMIT 1");
            return found.isEmpty() ? null : found.get(0);
        }

        /** The next checkpoint of the range, in order, if it covers the position (or any, for MAX_VALUE). */
        private AuditCheckpoint nextCheckpoint(long position) throws SQLException {
            if (checkpoints.isEmpty() && !checkpointsExhausted) {
                List<AuditCheckpoint> page = AuditCheckpoints.query(c, "SELECT * FROM " + AuditCheckpoints.TABLE
                        + " WHERE to_index >= " + start + " AND number > " + nextCheckpointAfter + " AND from_index < "
                        + end + " ORDER BY number LIMIT " + PAGE);
                checkpoints.addAll(page);
                checkpointsExhausted = page.size() < PAGE;
            }
            AuditCheckpoint next = checkpoints.peek();
            if (next == null || (position != Long.MAX_VALUE && position <= next.fromIndex())) {
                return null;
            }
            checkpoints.poll();
            nextCheckpointAfter = next.number();
            return next;
        }

        /** The exported checkpoints whose range meets this one; an exported line not signed by the ring is a break. */
        private AuditBreak readExported(String lines) {
            try (BufferedReader reader = lines != null ? new BufferedReader(new StringReader(lines))
                    : Files.exists(exportFile) ? Files.newBufferedReader(exportFile, StandardCharsets.UTF_8) : null) {
                if (reader == null) {
                    return null;
                }
                int number = 0;
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    number++;
                    if (line.isBlank()) {
                        continue;
                    }
                    AuditCheckpoint checkpoint;
                    try {
                        checkpoint = AuditCheckpoint.parse(line.strip());
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("exportedCheckpoints, line " + number + ": "
                                + e.getMessage());
                    }
                    if (!checkpoint.hashMatches() || !checkpoint.signedBy(keys)) {
                        return checkpointBreak(AuditBreakKind.EXPORTED_SIGNATURE_INVALID, checkpoint.number(), null,
                                null, "the exported checkpoint " + checkpoint.number() + " (line " + number + ") is "
                                        + "not signed by a key of the ring: the export itself was changed");
                    }
                    if (checkpoint.toIndex() >= start && checkpoint.fromIndex() < end) {
                        exported.put(checkpoint.number(), checkpoint);
                    }
                }
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the export file " + exportFile, e);
            }
        }

        private long longOf(String sql) throws SQLException {
            try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }

        private byte[] bytesOf(String sql) throws SQLException {
            try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }

        private static Long nullable(long value) {
            return value == 0 ? null : value;
        }
    }
}
