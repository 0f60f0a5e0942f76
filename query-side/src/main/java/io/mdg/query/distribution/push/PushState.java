package io.mdg.query.distribution.push;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.mdg.api.EntityType;
import io.mdg.api.consumer.DeliveredVersionView;
import io.mdg.api.consumer.ParkedDeliveryView;
import io.mdg.query.crypto.EnvelopeContacts;
import io.mdg.query.crypto.ReadModelCipher;
import io.mdg.query.distribution.ConsumerFeedSource;
import io.mdg.query.distribution.FeedItem;

/**
 * The push delivery's state, in tables of the service's PostgreSQL, so that it survives a restart or a kill: per
 * consumer its acknowledged place ({@value #POSITION}), its parked entries ({@value #PARKED}), and when its endpoint
 * acknowledged what: one row per acknowledged batch ({@value #ACKS}: every entry up to its place not acknowledged
 * before, nor parked) and one per replayed entry ({@value #REPLAYED}). Which version of a record a consumer has is
 * its latest entry in the feed at or before the acknowledged place and before the record's first parked entry (a
 * parked entry holds back the later ones of its record); no row per record and delivery is written (such rows, keyed
 * by record, cost a random index page per entry: the benchmark's costliest write after the events).
 *
 * <p>Everything a step of a consumer's delivery changes is written in one transaction right after the endpoint
 * answered (or the batch was parked): the place, the parked entries and the acknowledgement move together, so a
 * restart resends at most the batch that was in flight (at-least-once) and skips nothing. Only the consumer's worker
 * writes its rows; an operator's replay only marks parked rows.
 *
 * <p>A parked entry keeps its CloudEvent (sealed with the read models' key ring, as it may hold bank details the
 * consumer may see), so that a replay does not depend on how long the feed keeps its entries. The contact persons in
 * it are sealed under their persons' own keys inside that ({@link EnvelopeContacts}): erasing a person erases them
 * from parked entries too, with no rewrite; one sent after the erasure carries the erased contact.
 */
final class PushState {

    static final String POSITION = "mdg_push_position";
    static final String PARKED = "mdg_push_parked";
    static final String ACKS = "mdg_push_ack";
    static final String REPLAYED = "mdg_push_replayed";
    /** Per record, the version acknowledged last: written by releases before 2026-12-07, moved at start-up. */
    static final String LEGACY_DELIVERED = "mdg_push_delivered";
    static final List<String> TABLES = List.of(POSITION, PARKED, ACKS, REPLAYED);

    /** A golden record, as parked entries are sequenced by it. */
    record RecordKey(EntityType type, String id) {
    }

    /**
     * A consumer's row.
     *
     * @param ackedSeq      every entry up to this place was acknowledged or parked
     * @param paused        its endpoint kept failing: it is only probed
     * @param parkedBatches consecutive batches that ended parked
     */
    record Position(long ackedSeq, boolean paused, int parkedBatches, String lastError, Instant lastErrorAt,
                    Instant lastDeliveredAt) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ReadModelCipher cipher;
    private final EnvelopeContacts contacts;

    PushState(DataSource dataSource, ReadModelCipher cipher) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
        this.cipher = cipher;
        this.contacts = new EnvelopeContacts(cipher.personalData());
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + POSITION + " (consumer_id text COLLATE \"C\" PRIMARY KEY, "
                + "acked_seq bigint NOT NULL, state text NOT NULL, parked_batches int NOT NULL, last_error text, "
                + "last_error_at timestamptz, last_delivered_at timestamptz)");
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + PARKED + " (consumer_id text COLLATE \"C\" NOT NULL, "
                + "seq bigint NOT NULL, record_type text NOT NULL, record_id text COLLATE \"C\" NOT NULL, "
                + "version bigint NOT NULL, kind text NOT NULL, event_id text NOT NULL, "
                + "committed_at timestamptz NOT NULL, correlation_id text, attempts int NOT NULL, "
                + "last_error text NOT NULL, parked_at timestamptz NOT NULL, held_behind bigint, "
                + "replay boolean NOT NULL, cloud_event bytea NOT NULL, PRIMARY KEY (consumer_id, seq))");
        jdbc.execute("CREATE INDEX IF NOT EXISTS " + PARKED + "_record ON " + PARKED
                + " (consumer_id, record_type, record_id, seq)");
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + ACKS + " (consumer_id text COLLATE \"C\" NOT NULL, "
                + "through_seq bigint NOT NULL, delivered_at timestamptz NOT NULL, PRIMARY KEY (consumer_id, through_seq))");
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + REPLAYED + " (consumer_id text COLLATE \"C\" NOT NULL, "
                + "seq bigint NOT NULL, delivered_at timestamptz NOT NULL, PRIMARY KEY (consumer_id, seq))");
        // the previous release's row per record: its entries' delivery times, kept as replayed entries' are
        transactions.executeWithoutResult(tx -> {
            if (jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, LEGACY_DELIVERED)) {
                jdbc.update("INSERT INTO " + REPLAYED + " (consumer_id, seq, delivered_at) SELECT consumer_id, seq, "
                        + "delivered_at FROM " + LEGACY_DELIVERED + " ON CONFLICT DO NOTHING");
                jdbc.execute("DROP TABLE " + LEGACY_DELIVERED);
            }
        });
    }

    /** A consumer's row; a consumer never delivered to starts before its first entry, active. */
    Position position(String consumerId) {
        jdbc.update("INSERT INTO " + POSITION + " (consumer_id, acked_seq, state, parked_batches) "
                + "VALUES (?, 0, 'ACTIVE', 0) ON CONFLICT (consumer_id) DO NOTHING", consumerId);
        return jdbc.queryForObject("SELECT acked_seq, state, parked_batches, last_error, last_error_at, "
                + "last_delivered_at FROM " + POSITION + " WHERE consumer_id = ?", (rs, n) -> new Position(
                rs.getLong(1), "PAUSED".equals(rs.getString(2)), rs.getInt(3), rs.getString(4), instant(rs, 5),
                instant(rs, 6)), consumerId);
    }

    /** Per record with parked entries, the place of its first: later entries of it are held back behind it. */
    Map<RecordKey, Long> parkedHeads(String consumerId) {
        Map<RecordKey, Long> heads = new HashMap<>();
        jdbc.query("SELECT record_type, record_id, min(seq) FROM " + PARKED + " WHERE consumer_id = ? "
                + "GROUP BY record_type, record_id", rs -> {
            heads.put(new RecordKey(EntityType.valueOf(rs.getString(1)), rs.getString(2)), rs.getLong(3));
        }, consumerId);
        return heads;
    }

    long parkedCount(String consumerId) {
        return jdbc.queryForObject("SELECT count(*) FROM " + PARKED + " WHERE consumer_id = ?", Long.class,
                consumerId);
    }

    /** The parked entries an operator asked to have delivered again, first ones first, at most {@code limit}. */
    List<FeedItem> replayDue(String consumerId, int limit) {
        return jdbc.query("SELECT seq, event_id, record_type, record_id, version, kind, committed_at, correlation_id, "
                + "cloud_event FROM " + PARKED + " WHERE consumer_id = ? AND replay ORDER BY seq LIMIT ?",
                (rs, n) -> new FeedItem(rs.getLong(1), rs.getString(2), EntityType.valueOf(rs.getString(3)),
                        rs.getString(4), rs.getLong(5), rs.getString(6), instant(rs, 7), rs.getString(8),
                        contacts.open(cipher.decrypt(rs.getBytes(9)))), consumerId, limit);
    }

    /**
     * The endpoint acknowledged the batch at {@code at}: its entries are delivered (replayed ones leave the parked
     * list), the held ones parked, each record's delivered version recorded, the place moved. One transaction.
     */
    void acknowledged(String consumerId, PushBatch batch, Instant at) {
        transactions.executeWithoutResult(tx -> {
            if (batch.replay()) {
                jdbc.batchUpdate("DELETE FROM " + PARKED + " WHERE consumer_id = ? AND seq = ?",
                        batch.sent().stream().map(item -> new Object[] {consumerId, item.seq()}).toList());
            }
            parkHeld(consumerId, batch, at);
            if (batch.replay()) {
                jdbc.batchUpdate("INSERT INTO " + REPLAYED + " (consumer_id, seq, delivered_at) VALUES (?, ?, ?) "
                        + "ON CONFLICT (consumer_id, seq) DO UPDATE SET delivered_at = EXCLUDED.delivered_at",
                        batch.sent().stream().map(item -> new Object[] {consumerId, item.seq(), time(at)}).toList());
            } else {
                jdbc.update("INSERT INTO " + ACKS + " (consumer_id, through_seq, delivered_at) VALUES (?, ?, ?) "
                        + "ON CONFLICT (consumer_id, through_seq) DO NOTHING", consumerId, batch.through(), time(at));
            }
            jdbc.update("UPDATE " + POSITION + " SET acked_seq = greatest(acked_seq, ?), state = 'ACTIVE', "
                    + "parked_batches = 0, last_delivered_at = ? WHERE consumer_id = ?", batch.through(), time(at),
                    consumerId);
        });
    }

    /** A page whose entries were all held back: parked, and the place moved past them. One transaction. */
    void held(String consumerId, PushBatch batch, Instant at) {
        transactions.executeWithoutResult(tx -> {
            parkHeld(consumerId, batch, at);
            jdbc.update("UPDATE " + POSITION + " SET acked_seq = greatest(acked_seq, ?) WHERE consumer_id = ?",
                    batch.through(), consumerId);
        });
    }

    /**
     * The batch had all its attempts (or was refused for good): its entries are parked with the last error, the held
     * ones too, the place moved. A replayed batch's records are taken out of the replay, so that none of their later
     * parked entries overtakes the ones that failed again. One transaction.
     */
    void parked(String consumerId, PushBatch batch, int attempts, String error, Instant at, int parkedBatches,
                boolean paused) {
        transactions.executeWithoutResult(tx -> {
            jdbc.batchUpdate("INSERT INTO " + PARKED + " AS p (consumer_id, seq, record_type, record_id, version, "
                    + "kind, event_id, committed_at, correlation_id, attempts, last_error, parked_at, held_behind, "
                    + "replay, cloud_event) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, false, ?) "
                    + "ON CONFLICT (consumer_id, seq) DO UPDATE SET attempts = p.attempts + EXCLUDED.attempts, "
                    + "last_error = EXCLUDED.last_error, parked_at = EXCLUDED.parked_at, held_behind = NULL, "
                    + "replay = false", batch.sent().stream().map(item -> row(consumerId, item, attempts, error, at,
                    null)).toList());
            parkHeld(consumerId, batch, at);
            if (batch.replay()) {
                jdbc.batchUpdate("UPDATE " + PARKED + " SET replay = false WHERE consumer_id = ? AND record_type = ? "
                        + "AND record_id = ?", batch.sent().stream().map(item -> new RecordKey(item.recordType(),
                        item.recordId())).distinct().map(key -> new Object[] {consumerId, key.type().name(),
                        key.id()}).toList());
            }
            jdbc.update("UPDATE " + POSITION + " SET acked_seq = greatest(acked_seq, ?), state = ?, parked_batches = ?, "
                    + "last_error = ?, last_error_at = ? WHERE consumer_id = ?", batch.through(),
                    paused ? "PAUSED" : "ACTIVE", parkedBatches, error, time(at), consumerId);
        });
    }

    /** Entries held back behind a parked one: parked without an attempt (a redelivered page changes nothing). */
    private void parkHeld(String consumerId, PushBatch batch, Instant at) {
        if (batch.held().isEmpty()) {
            return;
        }
        jdbc.batchUpdate("INSERT INTO " + PARKED + " (consumer_id, seq, record_type, record_id, version, kind, "
                + "event_id, committed_at, correlation_id, attempts, last_error, parked_at, held_behind, replay, "
                + "cloud_event) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, false, ?) "
                + "ON CONFLICT (consumer_id, seq) DO NOTHING", batch.held().stream().map(held -> row(consumerId,
                held.item(), 0, "held back behind the parked entry " + held.behind() + " of the same record", at,
                held.behind())).toList());
    }

    private Object[] row(String consumerId, FeedItem item, int attempts, String error, Instant at, Long behind) {
        return new Object[] {consumerId, item.seq(), item.recordType().name(), item.recordId(), item.version(),
                item.kind(), item.id(), time(item.committedAt()), item.correlationId(), attempts, error, time(at),
                behind, cipher.encrypt(contacts.seal(item.cloudEvent()))};
    }

    /** A failed attempt or probe, a pause or a resumption: the consumer's state and last error. */
    void state(String consumerId, boolean paused, int parkedBatches, String error, Instant errorAt) {
        jdbc.update("UPDATE " + POSITION + " SET state = ?, parked_batches = ?, last_error = coalesce(?, last_error), "
                + "last_error_at = coalesce(?, last_error_at) WHERE consumer_id = ?", paused ? "PAUSED" : "ACTIVE",
                parkedBatches, error, errorAt == null ? null : time(errorAt), consumerId);
    }

    /**
     * Marks parked entries to be delivered again: every one of the consumer's ({@code seq} null), or every one of the
     * record of the entry at {@code seq}. How many are marked; 0 when there is no such entry.
     */
    int requestReplay(String consumerId, Long seq) {
        if (seq == null) {
            return jdbc.update("UPDATE " + PARKED + " SET replay = true WHERE consumer_id = ?", consumerId);
        }
        return jdbc.update("UPDATE " + PARKED + " p SET replay = true FROM " + PARKED + " named "
                + "WHERE named.consumer_id = ? AND named.seq = ? AND p.consumer_id = named.consumer_id "
                + "AND p.record_type = named.record_type AND p.record_id = named.record_id", consumerId, seq);
    }

    /** The consumer's parked entries in feed order, at most {@code limit}. */
    List<ParkedDeliveryView> parked(String consumerId, int limit) {
        return jdbc.query("SELECT seq, record_type, record_id, version, kind, event_id, attempts, last_error, "
                + "parked_at, held_behind, replay FROM " + PARKED + " WHERE consumer_id = ? ORDER BY seq LIMIT ?",
                (rs, n) -> new ParkedDeliveryView(consumerId, rs.getLong(1), EntityType.valueOf(rs.getString(2)),
                        rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6), rs.getInt(7),
                        rs.getString(8), instant(rs, 9), (Long) rs.getObject(10), rs.getBoolean(11)),
                consumerId, limit);
    }

    /**
     * The versions of these records the consumer's endpoint acknowledged last (records never delivered: none): each
     * record's latest entry in the feed at or before the acknowledged place and before its first parked entry, with
     * the time of the acknowledgement that covered it.
     */
    List<DeliveredVersionView> delivered(String consumerId, EntityType type, List<String> recordIds,
                                         ConsumerFeedSource feeds) {
        if (recordIds.isEmpty()) {
            return List.of();
        }
        long acked = jdbc.queryForList("SELECT acked_seq FROM " + POSITION + " WHERE consumer_id = ?", Long.class,
                consumerId).stream().findFirst().orElse(0L);
        Map<RecordKey, Long> heads = parkedHeads(consumerId);
        Map<String, Long> through = new HashMap<>();
        recordIds.forEach(id -> {
            Long head = heads.get(new RecordKey(type, id));
            through.put(id, head == null ? acked : Math.min(acked, head - 1));
        });
        List<DeliveredVersionView> delivered = new ArrayList<>();
        feeds.latest(consumerId, type, through).values().stream().sorted(Comparator.comparing(FeedItem::recordId))
                .forEach(item -> delivered.add(new DeliveredVersionView(type, item.recordId(), item.version(),
                        item.kind(), item.seq(), item.id(), item.committedAt(), deliveredAt(consumerId, item.seq()))));
        return delivered;
    }

    /** When the endpoint acknowledged the entry: its replay's, else the first acknowledged batch that reached it. */
    private Instant deliveredAt(String consumerId, long seq) {
        List<Instant> replayed = jdbc.query("SELECT delivered_at FROM " + REPLAYED + " WHERE consumer_id = ? "
                + "AND seq = ?", (rs, n) -> instant(rs, 1), consumerId, seq);
        if (!replayed.isEmpty()) {
            return replayed.get(0);
        }
        return jdbc.query("SELECT delivered_at FROM " + ACKS + " WHERE consumer_id = ? AND through_seq >= ? "
                + "ORDER BY through_seq LIMIT 1", (rs, n) -> instant(rs, 1), consumerId, seq).stream().findFirst()
                .orElse(null);
    }

    private static OffsetDateTime time(Instant at) {
        return OffsetDateTime.ofInstant(at.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
