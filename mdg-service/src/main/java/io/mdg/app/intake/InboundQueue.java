package io.mdg.app.intake;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.api.submission.FieldError;
import io.mdg.query.crypto.ReadModelCipher;

/**
 * The inbound queue, a table of the service's PostgreSQL: each webhook accepted by {@code POST /inbound/{source}},
 * its payload encrypted with the event key ring, until a worker on any node has sent it through governance.
 *
 * <pre>
 * mdg_inbound_queue (correlation_id PRIMARY KEY, source, webhook_id, UNIQUE (source, webhook_id): the duplicate check,
 *                    received_at, status (QUEUED, PROCESSING, DONE, IGNORED, DEAD), attempts, replays,
 *                    next_attempt_at, claim_token, claimed_until, processed_at, event_type, mapping_version,
 *                    outcome, golden_id, change_request_id,
 *                    payload bytea: the raw body, encrypted; reason bytea: the per-field errors, encrypted)
 * </pre>
 *
 * A worker claims entries with {@code FOR UPDATE SKIP LOCKED} (several workers and nodes never take the same entry)
 * for a lease: an entry whose worker died is claimed again when its lease is over. A worker's result is written only
 * while its claim holds (its claim token), so a worker that lost its lease cannot overwrite another's. Entries are
 * deleted, payload and all, once processed longer ago than the retention (dead letters: their own retention).
 */
public class InboundQueue {

    static final String TABLE = "mdg_inbound_queue";

    /** An entry's state. */
    public enum Status {
        QUEUED, PROCESSING, DONE, IGNORED, DEAD
    }

    /** A newly queued webhook, or the entry of an earlier delivery with the same webhook id. */
    public record Enqueued(String correlationId, boolean duplicate, Status status) {
    }

    /** An entry a worker claimed: its payload decrypted. */
    public record Claimed(String correlationId, String source, String webhookId, Instant receivedAt, int attempts,
                          int replays, String claimToken, byte[] payload) {
    }

    /** An entry as the operators see it (never its payload). */
    public record Entry(String correlationId, String source, String webhookId, Instant receivedAt, Status status,
                        int attempts, int replays, Instant processedAt, String eventType, String mappingVersion,
                        String outcome, String goldenId, String changeRequestId, List<FieldError> errors) {
    }

    private static final List<String> SCHEMA = List.of(
            "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
                    + "correlation_id text NOT NULL PRIMARY KEY, "
                    + "source text NOT NULL, "
                    + "webhook_id text NOT NULL, "
                    + "received_at timestamptz NOT NULL, "
                    + "status text NOT NULL, "
                    + "attempts integer NOT NULL DEFAULT 0, "
                    + "replays integer NOT NULL DEFAULT 0, "
                    + "next_attempt_at timestamptz NOT NULL, "
                    + "claim_token text, "
                    + "claimed_until timestamptz, "
                    + "processed_at timestamptz, "
                    + "event_type text, "
                    + "mapping_version text, "
                    + "outcome text, "
                    + "golden_id text, "
                    + "change_request_id text, "
                    + "payload bytea, "
                    + "reason bytea, "
                    + "UNIQUE (source, webhook_id))",
            "CREATE INDEX IF NOT EXISTS mdg_inbound_queue_due ON " + TABLE + " (received_at) "
                    + "WHERE status IN ('QUEUED', 'PROCESSING')",
            "CREATE INDEX IF NOT EXISTS mdg_inbound_queue_processed ON " + TABLE + " (status, processed_at)");

    private static final String ENTRY_COLUMNS = "correlation_id, source, webhook_id, received_at, status, attempts, "
            + "replays, processed_at, event_type, mapping_version, outcome, golden_id, change_request_id, reason";

    private final JdbcTemplate jdbc;
    private final ReadModelCipher cipher;
    private final ObjectMapper json;

    public InboundQueue(DataSource dataSource, ReadModelCipher cipher, ObjectMapper json) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.cipher = cipher;
        this.json = json;
        SCHEMA.forEach(jdbc::execute);
    }

    /**
     * Queues a verified webhook, durably (its own transaction, committed when this returns), unless the source sent
     * the same webhook id before: then nothing is added and the earlier entry is answered.
     */
    public Enqueued enqueue(String source, String webhookId, String correlationId, byte[] payload, Instant now) {
        int added = jdbc.update("INSERT INTO " + TABLE + " (correlation_id, source, webhook_id, received_at, status, "
                        + "next_attempt_at, payload) VALUES (?, ?, ?, ?, 'QUEUED', ?, ?) "
                        + "ON CONFLICT (source, webhook_id) DO NOTHING",
                correlationId, source, webhookId, ts(now), ts(now), cipher.encrypt(payload));
        if (added == 1) {
            return new Enqueued(correlationId, false, Status.QUEUED);
        }
        List<Enqueued> earlier = jdbc.query("SELECT correlation_id, status FROM " + TABLE
                        + " WHERE source = ? AND webhook_id = ?",
                (rs, i) -> new Enqueued(rs.getString(1), true, Status.valueOf(rs.getString(2))), source, webhookId);
        if (earlier.isEmpty()) {
            // the correlation id was taken (a client reusing its X-Correlation-Id): queue under a new one
            if (jdbc.queryForObject("SELECT count(*) FROM " + TABLE + " WHERE correlation_id = ?", Integer.class,
                    correlationId) > 0) {
                return enqueue(source, webhookId, UUID.randomUUID().toString(), payload, now);
            }
            throw new IllegalStateException("the inbound entry of " + source + " " + webhookId + " vanished");
        }
        return earlier.get(0);
    }

    /** Claims up to {@code max} due entries (oldest first) for {@code lease}; each claim counts as an attempt. */
    public List<Claimed> claim(int max, Instant now, Duration lease) {
        String token = UUID.randomUUID().toString();
        List<Claimed> claimed = jdbc.query("UPDATE " + TABLE + " SET status = 'PROCESSING', attempts = attempts + 1, claim_token = ?, "
                        + "claimed_until = ? WHERE correlation_id IN (SELECT correlation_id FROM " + TABLE
                        + " WHERE status IN ('QUEUED', 'PROCESSING') AND ((status = 'QUEUED' AND next_attempt_at <= ?)"
                        + " OR (status = 'PROCESSING' AND claimed_until < ?)) ORDER BY received_at, correlation_id "
                        + "LIMIT ? FOR UPDATE SKIP LOCKED) "
                        + "RETURNING correlation_id, source, webhook_id, received_at, attempts, replays, payload",
                (rs, i) -> new Claimed(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4),
                        rs.getInt(5), rs.getInt(6), token, cipher.decrypt(rs.getBytes(7))),
                token, ts(now.plus(lease)), ts(now), ts(now), max);
        // RETURNING follows no order: worked oldest first, as claimed
        return claimed.stream().sorted(java.util.Comparator.comparing(Claimed::receivedAt)
                .thenComparing(Claimed::correlationId)).toList();
    }

    /** Sent through governance (or ignored, {@code outcome} null); false when the claim was lost. */
    public boolean done(Claimed entry, Instant now, Status status, String eventType, String mappingVersion,
                        String outcome, String goldenId, String changeRequestId) {
        return jdbc.update("UPDATE " + TABLE + " SET status = ?, processed_at = ?, event_type = ?, mapping_version = ?,"
                        + " outcome = ?, golden_id = ?, change_request_id = ?, reason = NULL, claim_token = NULL, "
                        + "claimed_until = NULL WHERE correlation_id = ? AND claim_token = ?",
                status.name(), ts(now), eventType, mappingVersion, outcome, goldenId, changeRequestId,
                entry.correlationId(), entry.claimToken()) == 1;
    }

    /** A failure that may pass: queued again for {@code next}, the reason kept. */
    public boolean retry(Claimed entry, Instant next, List<FieldError> reason) {
        return jdbc.update("UPDATE " + TABLE + " SET status = 'QUEUED', next_attempt_at = ?, reason = ?, "
                        + "claim_token = NULL, claimed_until = NULL WHERE correlation_id = ? AND claim_token = ?",
                ts(next), seal(reason), entry.correlationId(), entry.claimToken()) == 1;
    }

    /** Cannot be processed as it is: a dead letter with its reasons, until replayed or purged. */
    public boolean dead(Claimed entry, Instant now, String eventType, String mappingVersion, String outcome,
                        List<FieldError> reason) {
        return jdbc.update("UPDATE " + TABLE + " SET status = 'DEAD', processed_at = ?, event_type = ?, "
                        + "mapping_version = ?, outcome = ?, reason = ?, claim_token = NULL, claimed_until = NULL "
                        + "WHERE correlation_id = ? AND claim_token = ?",
                ts(now), eventType, mappingVersion, outcome, seal(reason), entry.correlationId(),
                entry.claimToken()) == 1;
    }

    /**
     * A dead letter queued again (e.g. after its mapping was fixed), with fresh attempts; false when there is no dead
     * letter of that id. Its next submission carries a new idempotency key ({@code replays} counts them), so that a
     * corrected mapping is not answered with the refused submission's stored answer.
     */
    public boolean replay(String correlationId, Instant now) {
        return jdbc.update("UPDATE " + TABLE + " SET status = 'QUEUED', attempts = 0, replays = replays + 1, "
                        + "next_attempt_at = ?, processed_at = NULL, outcome = NULL WHERE correlation_id = ? "
                        + "AND status = 'DEAD' AND payload IS NOT NULL",
                ts(now), correlationId) == 1;
    }

    /** The dead letters, oldest first (of one source when {@code source} is not null). */
    public List<Entry> deadLetters(String source, int limit) {
        return source == null
                ? jdbc.query("SELECT " + ENTRY_COLUMNS + " FROM " + TABLE + " WHERE status = 'DEAD' "
                + "ORDER BY received_at, correlation_id LIMIT ?", this::entry, limit)
                : jdbc.query("SELECT " + ENTRY_COLUMNS + " FROM " + TABLE + " WHERE status = 'DEAD' AND source = ? "
                + "ORDER BY received_at, correlation_id LIMIT ?", this::entry, source, limit);
    }

    public Optional<Entry> find(String correlationId) {
        return jdbc.query("SELECT " + ENTRY_COLUMNS + " FROM " + TABLE + " WHERE correlation_id = ?", this::entry,
                correlationId).stream().findFirst();
    }

    /** Entries waiting or being worked. */
    public long depth() {
        return jdbc.queryForObject("SELECT count(*) FROM " + TABLE + " WHERE status IN ('QUEUED', 'PROCESSING')",
                Long.class);
    }

    /** How long the oldest entry waiting or being worked has been in the queue; zero when none. */
    public Duration oldestAge(Instant now) {
        Timestamp oldest = jdbc.queryForObject("SELECT min(received_at) FROM " + TABLE
                + " WHERE status IN ('QUEUED', 'PROCESSING')", Timestamp.class);
        return oldest == null ? Duration.ZERO : Duration.between(oldest.toInstant(), now).isNegative() ? Duration.ZERO
                : Duration.between(oldest.toInstant(), now);
    }

    public long deadLetterCount() {
        return jdbc.queryForObject("SELECT count(*) FROM " + TABLE + " WHERE status = 'DEAD'", Long.class);
    }

    /** Deletes processed entries older than {@code retention} and dead letters older than {@code deadRetention}. */
    public int purge(Instant now, Duration retention, Duration deadRetention) {
        return jdbc.update("DELETE FROM " + TABLE + " WHERE (status IN ('DONE', 'IGNORED') AND processed_at < ?) "
                + "OR (status = 'DEAD' AND processed_at < ?)", ts(now.minus(retention)), ts(now.minus(deadRetention)));
    }

    private Entry entry(ResultSet rs, int row) throws SQLException {
        byte[] reason = rs.getBytes(14);
        return new Entry(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4),
                Status.valueOf(rs.getString(5)), rs.getInt(6), rs.getInt(7), instant(rs, 8), rs.getString(9),
                rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13),
                reason == null ? List.of() : open(reason));
    }

    private byte[] seal(List<FieldError> reason) {
        try {
            return cipher.encrypt(json.writeValueAsBytes(reason == null ? List.of() : reason));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the reason cannot be written", e);
        }
    }

    private List<FieldError> open(byte[] sealed) {
        try {
            return json.readValue(cipher.decrypt(sealed), new TypeReference<List<FieldError>>() {
            });
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the reason cannot be read", e);
        }
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
