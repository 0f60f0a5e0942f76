package io.mdg.query.changerequest;

import java.sql.ResultSet;
import java.sql.SQLException;

import java.sql.Types;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.changerequest.ChangeRequestApprovedEvent;
import io.mdg.api.changerequest.ChangeRequestEscalatedEvent;
import io.mdg.api.changerequest.ChangeRequestExpiredEvent;
import io.mdg.api.changerequest.ChangeRequestOpenedEvent;
import io.mdg.api.changerequest.ChangeRequestRejectedEvent;
import io.mdg.api.changerequest.ChangeRequestWithdrawnEvent;
import io.mdg.api.changerequest.HeldSubmissionUpdate;
import io.mdg.api.changerequest.HeldSubmissionUpdate.Status;
import io.mdg.api.changerequest.HeldSubmissionUpdatesQuery;
import io.mdg.api.feed.ChangeMetaData;
import io.mdg.query.tables.PendingRows;

/**
 * What became of the submissions held for approval, as a feed per source system ({@link HeldSubmissionUpdatesQuery},
 * GraphQL {@code heldSubmissionUpdates}): a source that submitted a change learns that it was held, escalated, approved,
 * rejected (with the reason), EXPIRED, withdrawn or superseded, in order, and resumes after its last position after a
 * restart. Change requests a steward proposed are in it under {@code STEWARD}, which no client reads.
 *
 * <pre>
 * mdg_held_submission_updates (position bigint identity: the feed order,
 *                          event_id UNIQUE (a batch handled again writes nothing twice),
 *                          change_request_id, kind, record_type, record_id,
 *                          source_system, source_id, source_version (copied from the request's HELD row),
 *                          reason, at, correlation_id)
 * </pre>
 *
 * Written by its own processing group ({@value #GROUP}): ONE segment, one thread and persistent tokens (application.yml),
 * so positions grow in commit order and a reader that has read up to a position never finds a row committed later
 * below it. A failure to write fails the batch, which is retried: an outcome is never skipped. Only ids, the outcome
 * and the steward's reason are kept: no attribute values, so nothing sensitive.
 */
@Component
@Profile("query")
@ProcessingGroup(HeldSubmissionUpdates.GROUP)
public class HeldSubmissionUpdates {

    /** The processing group: its settings (one segment, one thread) are in application.yml. */
    public static final String GROUP = "held-submission-updates";

    static final String TABLE = "mdg_held_submission_updates";

    private static final String SCHEMA = "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
            + "position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
            + "event_id text NOT NULL UNIQUE, "
            + "change_request_id text NOT NULL, "
            + "kind text NOT NULL, "
            + "record_type text NOT NULL, "
            + "record_id text NOT NULL, "
            + "source_system text, "
            + "source_id text, "
            + "source_version bigint, "
            + "reason text, "
            + "at timestamptz NOT NULL, "
            + "correlation_id text)";
    private static final String INDEXES = "CREATE INDEX IF NOT EXISTS " + TABLE + "_source ON " + TABLE
            + " (source_system, position); CREATE INDEX IF NOT EXISTS " + TABLE + "_request ON " + TABLE
            + " (change_request_id) WHERE kind = 'HELD'";

    /**
     * One statement for every outcome: a HELD row gives its record and source; a later outcome copies them from the
     * request's HELD row (written before it: the request's events are handled in order, in one thread, and an earlier
     * statement of the same batch is visible to a later one).
     */
    private static final String INSERT = "INSERT INTO " + TABLE + " (event_id, change_request_id, kind, record_type, "
            + "record_id, source_system, source_id, source_version, reason, at, correlation_id) "
            + "SELECT ?, ?, ?, COALESCE(?, h.record_type), COALESCE(?, h.record_id), COALESCE(?, h.source_system), "
            + "COALESCE(?, h.source_id), COALESCE(?, h.source_version), ?, ?, ? "
            + "FROM (SELECT 1) one LEFT JOIN " + TABLE + " h ON h.change_request_id = ? AND h.kind = 'HELD' "
            + "ON CONFLICT (event_id) DO NOTHING";

    private static final String PAGE = "SELECT position, change_request_id, kind, record_type, record_id, "
            + "source_system, source_id, source_version, reason, at, correlation_id FROM " + TABLE
            + " WHERE source_system = ? AND position > ? ORDER BY position LIMIT ?";

    /** One outcome as it is written; the record and source are null for any but HELD. */
    record Row(String eventId, String changeRequestId, Status kind, EntityType type, String recordId,
               SourceRef source, String reason, Instant at, String correlationId) {
    }

    private final JdbcTemplate jdbc;
    private final PendingRows<Row> pending = new PendingRows<>(this::write);

    public HeldSubmissionUpdates(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        jdbc.execute(SCHEMA);
        jdbc.execute(INDEXES);
    }

    @EventHandler
    void on(ChangeRequestOpenedEvent event, @MessageIdentifier String eventId,
            @Timestamp Instant at,
            @MetaDataValue(ChangeMetaData.CORRELATION_ID) String correlationId) {
        pending.add(new Row(eventId, event.changeRequestId(), Status.HELD, event.type(), event.recordId(),
                event.source(), null, at, correlationId));
    }

    @EventHandler
    void on(ChangeRequestEscalatedEvent event, @MessageIdentifier String eventId,
            @Timestamp Instant at,
            @MetaDataValue(ChangeMetaData.CORRELATION_ID) String correlationId) {
        later(eventId, event.changeRequestId(), Status.ESCALATED, "escalated to " + event.escalatedTo(), at,
                correlationId);
    }

    @EventHandler
    void on(ChangeRequestApprovedEvent event, @MessageIdentifier String eventId,
            @Timestamp Instant at,
            @MetaDataValue(ChangeMetaData.CORRELATION_ID) String correlationId) {
        later(eventId, event.changeRequestId(), Status.APPROVED, null, at, correlationId);
    }

    @EventHandler
    void on(ChangeRequestRejectedEvent event, @MessageIdentifier String eventId,
            @Timestamp Instant at,
            @MetaDataValue(ChangeMetaData.CORRELATION_ID) String correlationId) {
        later(eventId, event.changeRequestId(), Status.REJECTED, event.reason(), at, correlationId);
    }

    @EventHandler
    void on(ChangeRequestExpiredEvent event, @MessageIdentifier String eventId,
            @Timestamp Instant at,
            @MetaDataValue(ChangeMetaData.CORRELATION_ID) String correlationId) {
        later(eventId, event.changeRequestId(), Status.EXPIRED, "not decided by its deadline " + event.deadline(),
                at, correlationId);
    }

    @EventHandler
    void on(ChangeRequestWithdrawnEvent event, @MessageIdentifier String eventId,
            @Timestamp Instant at,
            @MetaDataValue(ChangeMetaData.CORRELATION_ID) String correlationId) {
        later(eventId, event.changeRequestId(), event.superseded() ? Status.SUPERSEDED : Status.WITHDRAWN,
                event.superseded() ? "superseded by " + event.supersededBy() : event.reason(), at, correlationId);
    }

    private void later(String eventId, String changeRequestId, Status kind, String reason,
                       Instant at, String correlationId) {
        pending.add(new Row(eventId, changeRequestId, kind, null, null, null, reason, at,
                correlationId));
    }

    @QueryHandler
    public List<HeldSubmissionUpdate> handle(HeldSubmissionUpdatesQuery query) {
        return jdbc.query(PAGE, HeldSubmissionUpdates::outcome, query.source().name(),
                query.after() == null ? 0L : query.after(), query.limit());
    }

    private static HeldSubmissionUpdate outcome(ResultSet rs, int n) throws SQLException {
        long version = rs.getLong(8);
        SourceRef source = new SourceRef(SourceSystem.valueOf(rs.getString(6)), rs.getString(7),
                rs.wasNull() ? null : version);
        return new HeldSubmissionUpdate(rs.getLong(1), rs.getString(2), EntityType.valueOf(rs.getString(4)),
                rs.getString(5), source, Status.valueOf(rs.getString(3)), rs.getString(9),
                rs.getTimestamp(10).toInstant(), rs.getString(11));
    }

    private void write(List<Row> rows) {
        jdbc.batchUpdate(INSERT, rows, rows.size(), (ps, row) -> {
            ps.setString(1, row.eventId());
            ps.setString(2, row.changeRequestId());
            ps.setString(3, row.kind().name());
            ps.setString(4, row.type() == null ? null : row.type().name());
            ps.setString(5, row.recordId());
            SourceRef source = row.source();
            ps.setString(6, source == null || source.system() == null ? null : source.system().name());
            ps.setString(7, source == null ? null : source.sourceId());
            if (source == null || source.sourceVersion() == null) {
                ps.setNull(8, Types.BIGINT);
            } else {
                ps.setLong(8, source.sourceVersion());
            }
            ps.setString(9, row.reason());
            ps.setTimestamp(10, java.sql.Timestamp.from(row.at()));
            ps.setString(11, row.correlationId());
            ps.setString(12, row.changeRequestId());
        });
    }
}
