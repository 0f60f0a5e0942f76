package io.mdg.query.changerequest;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

import io.mdg.api.ApprovalStep;
import io.mdg.api.EntityType;
import io.mdg.api.changerequest.ChangeRequestApprovalRecordedEvent;
import io.mdg.api.changerequest.ChangeRequestApprovedEvent;
import io.mdg.api.changerequest.ChangeRequestEscalatedEvent;
import io.mdg.api.changerequest.ChangeRequestExpiredEvent;
import io.mdg.api.changerequest.ChangeRequestOpenedEvent;
import io.mdg.api.changerequest.ChangeRequestRejectedEvent;
import io.mdg.api.changerequest.ChangeRequestWithdrawnEvent;
import io.mdg.api.changerequest.StewardNotification;
import io.mdg.api.changerequest.StewardNotification.Kind;
import io.mdg.api.changerequest.StewardNotificationsQuery;
import io.mdg.api.feed.ChangeMetaData;

/**
 * The steward notification feed ({@link StewardNotificationsQuery}, GraphQL {@code stewardNotifications}): the
 * governance events that need the people of a role, in commit order, resumable by position. A request that reaches a
 * step (new work in the step role's inbox: at opening, and when the step before it is complete), one that escalates
 * (to the escalation role) and one that expires (to the role of the step it waited at, and to the escalation role
 * once it escalated) each make one entry per role notified.
 *
 * <pre>
 * mdg_steward_notifications (position bigint identity: the feed order, event_id + role UNIQUE (a batch handled again
 *                            writes nothing twice), kind, change_request_id, record_type, record_id, role, step,
 *                            step_role, deadline, at, correlation_id, rules_version, rules_hash)
 * mdg_steward_notification_requests (change_request_id: the steps of each open request and the approvals per step
 *                            seen so far, by event id, so that a batch handled again counts none twice)
 * </pre>
 *
 * Written by its own processing group ({@value #GROUP}): ONE segment, one thread and persistent tokens (application.yml),
 * so positions grow in commit order and a reader that has read up to a position never finds a row committed later
 * below it. A failure to write fails the batch, which is retried (no dead letters: an entry is never skipped). Ids,
 * roles, steps and times only: no attribute values, so nothing sensitive.
 */
@Component
@Profile("query")
@ProcessingGroup(StewardNotifications.GROUP)
public class StewardNotifications {

    /** The processing group: its settings (one segment, one thread) are in application.yml. */
    public static final String GROUP = "steward-notifications";

    /** The feed's table: consumers' feeds read it too ({@code io.mdg.query.distribution.ConsumerFeeds}). */
    public static final String TABLE = "mdg_steward_notifications";
    static final String REQUESTS = "mdg_steward_notification_requests";

    private static final String COLUMNS = "position, kind, change_request_id, record_type, record_id, role, step, "
            + "step_role, deadline, at, correlation_id, rules_version, rules_hash";

    private final JdbcTemplate jdbc;

    public StewardNotifications(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " ("
                + "position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                + "event_id text NOT NULL, kind text NOT NULL, change_request_id text NOT NULL, "
                + "record_type text NOT NULL, record_id text NOT NULL, role text NOT NULL, step int NOT NULL, "
                + "step_role text, deadline timestamptz, at timestamptz NOT NULL, correlation_id text, "
                + "rules_version text, rules_hash text, UNIQUE (event_id, role))");
        jdbc.execute("CREATE INDEX IF NOT EXISTS " + TABLE + "_role ON " + TABLE + " (role, position)");
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + REQUESTS + " (change_request_id text PRIMARY KEY, "
                + "record_type text NOT NULL, record_id text NOT NULL, roles text[] NOT NULL, counts int[] NOT NULL, "
                + "approvals text[] NOT NULL, deadline timestamptz, escalated_to text)");
    }

    /** The rules the event was decided by, and its correlation id: carried into every entry it makes. */
    private record Meta(String eventId, Instant at, String correlationId, String rulesVersion, String rulesHash) {
    }

    @EventHandler
    void on(ChangeRequestOpenedEvent event, @MessageIdentifier String eventId, @Timestamp Instant at,
            @MetaDataValue(ChangeMetaData.CORRELATION_ID) String correlationId,
            @MetaDataValue(ChangeMetaData.RULES_VERSION) String rulesVersion,
            @MetaDataValue(ChangeMetaData.RULES_HASH) String rulesHash) {
        List<ApprovalStep> steps = event.stepsOrDefault();
        jdbc.update("INSERT INTO " + REQUESTS + " (change_request_id, record_type, record_id, roles, counts, "
                        + "approvals, deadline) VALUES (?, ?, ?, ?, ?, '{}', ?) ON CONFLICT DO NOTHING", ps -> {
                    ps.setString(1, event.changeRequestId());
                    ps.setString(2, event.type().name());
                    ps.setString(3, event.recordId());
                    ps.setArray(4, ps.getConnection().createArrayOf("text",
                            steps.stream().map(ApprovalStep::role).toArray()));
                    ps.setArray(5, ps.getConnection().createArrayOf("int4",
                            steps.stream().map(ApprovalStep::approvals).toArray()));
                    ps.setObject(6, time(event.deadline()));
                });
        notify(new Meta(eventId, at, correlationId, rulesVersion, rulesHash), Kind.STEP_REACHED,
                event.changeRequestId(), event.type(), event.recordId(), steps.get(0).role(), 1, steps.get(0).role(),
                event.deadline());
    }

    /** An approval: when it completes its step and a later step is left, that step's role has new work. */
    @EventHandler
    void on(ChangeRequestApprovalRecordedEvent event, @MessageIdentifier String eventId, @Timestamp Instant at,
            @MetaDataValue(ChangeMetaData.CORRELATION_ID) String correlationId,
            @MetaDataValue(ChangeMetaData.RULES_VERSION) String rulesVersion,
            @MetaDataValue(ChangeMetaData.RULES_HASH) String rulesHash) {
        Optional<Request> before = request(event.changeRequestId());
        if (before.isEmpty()) {
            return; // opened before this feed existed: its steps are not known here
        }
        int currentBefore = before.get().currentStep();
        jdbc.update("UPDATE " + REQUESTS + " SET approvals = array_append(approvals, ?) WHERE change_request_id = ? "
                + "AND NOT (? = ANY (approvals))", event.stepOrFirst() + ":" + eventId, event.changeRequestId(),
                event.stepOrFirst() + ":" + eventId);
        Request after = request(event.changeRequestId()).orElseThrow();
        int current = after.currentStep();
        if (current > currentBefore && current <= after.roles().size()) {
            String role = after.roles().get(current - 1);
            notify(new Meta(eventId, at, correlationId, rulesVersion, rulesHash), Kind.STEP_REACHED,
                    event.changeRequestId(), after.type(), after.recordId(), role, current, role, after.deadline());
        }
    }

    @EventHandler
    void on(ChangeRequestEscalatedEvent event, @MessageIdentifier String eventId, @Timestamp Instant at,
            @MetaDataValue(ChangeMetaData.CORRELATION_ID) String correlationId,
            @MetaDataValue(ChangeMetaData.RULES_VERSION) String rulesVersion,
            @MetaDataValue(ChangeMetaData.RULES_HASH) String rulesHash) {
        jdbc.update("UPDATE " + REQUESTS + " SET escalated_to = ? WHERE change_request_id = ?", event.escalatedTo(),
                event.changeRequestId());
        notify(new Meta(eventId, at, correlationId, rulesVersion, rulesHash), Kind.ESCALATED, event.changeRequestId(),
                event.type(), event.recordId(), event.escalatedTo(), event.step(), event.stepRole(),
                event.deadline());
    }

    /** Expired: the role of the step it waited at and, once it escalated, the escalation role. */
    @EventHandler
    void on(ChangeRequestExpiredEvent event, @MessageIdentifier String eventId, @Timestamp Instant at,
            @MetaDataValue(ChangeMetaData.CORRELATION_ID) String correlationId,
            @MetaDataValue(ChangeMetaData.RULES_VERSION) String rulesVersion,
            @MetaDataValue(ChangeMetaData.RULES_HASH) String rulesHash) {
        Meta meta = new Meta(eventId, at, correlationId, rulesVersion, rulesHash);
        Optional<Request> request = request(event.changeRequestId());
        Set<String> roles = new LinkedHashSet<>();
        int step = 1;
        String stepRole = null;
        if (request.isPresent()) {
            step = Math.min(request.get().currentStep(), request.get().roles().size());
            stepRole = request.get().roles().get(step - 1);
            roles.add(stepRole);
            if (request.get().escalatedTo() != null) {
                roles.add(request.get().escalatedTo());
            }
        }
        if (event.escalateTo() != null) {
            roles.add(event.escalateTo());
        }
        for (String role : roles) {
            notify(meta, Kind.EXPIRED, event.changeRequestId(), event.type(), event.recordId(), role, step,
                    stepRole == null ? role : stepRole, event.deadline());
        }
        closed(event.changeRequestId());
    }

    /** A request decided or withdrawn: nothing more to notify about it, its steps are no longer needed. */
    @EventHandler
    void on(ChangeRequestApprovedEvent event) {
        closed(event.changeRequestId());
    }

    @EventHandler
    void on(ChangeRequestRejectedEvent event) {
        closed(event.changeRequestId());
    }

    @EventHandler
    void on(ChangeRequestWithdrawnEvent event) {
        closed(event.changeRequestId());
    }

    private void closed(String changeRequestId) {
        jdbc.update("DELETE FROM " + REQUESTS + " WHERE change_request_id = ?", changeRequestId);
    }

    @QueryHandler
    public List<StewardNotification> handle(StewardNotificationsQuery query) {
        long after = query.after() == null ? 0L : query.after();
        if (query.roles() == null) {
            return jdbc.query("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE position > ? ORDER BY position "
                    + "LIMIT ?", StewardNotifications::notification, after, query.limit());
        }
        if (query.roles().isEmpty()) {
            return List.of();
        }
        return jdbc.query(connection -> {
            var statement = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE
                    + " WHERE role = ANY (?) AND position > ? ORDER BY position LIMIT ?");
            statement.setArray(1, connection.createArrayOf("text", query.roles().toArray()));
            statement.setLong(2, after);
            statement.setInt(3, query.limit());
            return statement;
        }, StewardNotifications::notification);
    }

    private void notify(Meta meta, Kind kind, String changeRequestId, EntityType type, String recordId, String role,
                        int step, String stepRole, Instant deadline) {
        jdbc.update("INSERT INTO " + TABLE + " (event_id, kind, change_request_id, record_type, record_id, role, step, "
                        + "step_role, deadline, at, correlation_id, rules_version, rules_hash) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id, role) DO NOTHING",
                meta.eventId(), kind.name(), changeRequestId, type.name(), recordId, role, step, stepRole,
                time(deadline), time(meta.at()), meta.correlationId(), meta.rulesVersion(), meta.rulesHash());
    }

    /** An open request as this feed keeps it: its steps and the approvals seen per step. */
    private record Request(EntityType type, String recordId, List<String> roles, List<Integer> counts,
                           List<String> approvals, Instant deadline, String escalatedTo) {

        /** The first step not complete (one past the last when all are). */
        int currentStep() {
            int[] given = new int[roles.size()];
            for (String approval : approvals) {
                int step = Integer.parseInt(approval.substring(0, approval.indexOf(':')));
                given[Math.min(Math.max(step, 1), roles.size()) - 1]++;
            }
            int current = 1;
            while (current <= roles.size() && given[current - 1] >= counts.get(current - 1)) {
                current++;
            }
            return current;
        }
    }

    private Optional<Request> request(String changeRequestId) {
        return jdbc.query("SELECT record_type, record_id, roles, counts, approvals, deadline, escalated_to FROM "
                + REQUESTS + " WHERE change_request_id = ?", (rs, n) -> new Request(
                EntityType.valueOf(rs.getString(1)), rs.getString(2),
                Arrays.asList((String[]) rs.getArray(3).getArray()),
                Arrays.asList((Integer[]) rs.getArray(4).getArray()),
                new ArrayList<>(Arrays.asList((String[]) rs.getArray(5).getArray())), instant(rs, 6),
                rs.getString(7)), changeRequestId).stream().findFirst();
    }

    private static StewardNotification notification(ResultSet rs, int n) throws SQLException {
        return new StewardNotification(rs.getLong(1), Kind.valueOf(rs.getString(2)), rs.getString(3),
                EntityType.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8),
                instant(rs, 9), instant(rs, 10), rs.getString(11), rs.getString(12), rs.getString(13));
    }

    private static OffsetDateTime time(Instant at) {
        return at == null ? null : OffsetDateTime.ofInstant(at.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
