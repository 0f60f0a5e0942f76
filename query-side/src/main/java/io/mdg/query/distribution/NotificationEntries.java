package io.mdg.query.distribution;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;

import io.mdg.api.EntityType;
import io.mdg.api.consumer.ChangeKind;
import io.mdg.api.consumer.ConsumerView;
import io.mdg.query.changerequest.StewardNotifications;

/**
 * The steward notifications in consumers' feeds: a consumer that subscribes to the notifications of some roles
 * ({@code ConsumerSubscription.notificationRoles}, e.g. a team channel's webhook) gets an entry of kind
 * {@link ChangeKind#STEWARD_NOTIFICATION} for each notification to one of them, cut by the fan-out
 * ({@link ConsumerFeeds}) from the steward notification feed ({@link StewardNotifications}, its own table in commit
 * order) in the same step and transaction as the consumer's golden-record changes, so that it is pulled and pushed
 * like them: the same feed, cursor, signing, retries and dead letters.
 *
 * <p>A feed entry holds the notification's position only ({@code mdg_consumer_feed.notification_position}); the
 * cursor keeps how far the notification feed was read for the consumer ({@code mdg_consumer_cursor
 * .notification_position}). A consumer reads the notifications committed after its settings last changed before it
 * was first cut with roles (its registration, or the change that added them). A notification is about a change request
 * of a golden record: the entry names that record (version 0), so a push consumer's parked entry of the record holds
 * it back, and it holds back the record's later entries, as any entry of the record.
 *
 * <pre>
 * {"specversion": "1.0", "id": "mdg-notification-&lt;position&gt;", "source": "urn:mdg:steward-notifications",
 *  "type": "io.mdg.steward.escalated" (step_reached, escalated, expired), "subject": "change-request/&lt;id&gt;",
 *  "time": "...", "datacontenttype": "application/json", "correlationid": "...", "rulesversion": "...",
 *  "ruleshash": "...",
 *  "data": {"kind": "ESCALATED", "changeRequestId": "...", "recordType": "SUPPLIER", "recordId": "...",
 *           "role": "data-governance-lead", "step": 1, "stepRole": "supplier-steward", "deadline": "..."}}
 * </pre>
 * Ids, roles, steps and times only: never a record's values.
 */
final class NotificationEntries {

    static final URI SOURCE = URI.create("urn:mdg:steward-notifications");
    /** The columns {@link #read} reads, after the entry's own (the notification row joined as {@code n}). */
    static final String COLUMNS = "f.notification_position, n.kind, n.change_request_id, n.record_type, n.record_id, "
            + "n.role, n.step, n.step_role, n.deadline, n.at, n.correlation_id, n.rules_version, n.rules_hash";
    static final String JOIN = " LEFT JOIN " + StewardNotifications.TABLE + " n ON n.position = f.notification_position";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFormat FORMAT = new JsonFormat();

    private final JdbcTemplate jdbc;

    NotificationEntries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        jdbc.execute("ALTER TABLE " + ConsumerFeeds.FEED + " ADD COLUMN IF NOT EXISTS notification_position bigint");
        jdbc.execute("ALTER TABLE " + ConsumerFeeds.CURSOR + " ADD COLUMN IF NOT EXISTS notification_position bigint");
    }

    /**
     * One page of the notifications after the consumer's place, appended to its feed after its head (inside the
     * consumer's step: its transaction and lock). Answers how many entries it appended, -1 when its place did not
     * move (nothing new, or no roles subscribed).
     */
    int append(ConsumerView consumer, int page) {
        Set<String> roles = consumer.settings().subscription().notificationRoles();
        if (roles.isEmpty()) {
            return -1;
        }
        String id = consumer.consumerId();
        Map<String, Object> cursor = jdbc.queryForMap("SELECT head, notification_position FROM "
                + ConsumerFeeds.CURSOR + " WHERE consumer_id = ?", id);
        long head = ((Number) cursor.get("head")).longValue();
        if (cursor.get("notification_position") == null) {
            // first cut with roles: after the notifications committed before the settings that ask for them
            Long before = jdbc.queryForObject("SELECT coalesce(max(position), 0) FROM " + StewardNotifications.TABLE
                    + " WHERE at < ?", Long.class, OffsetDateTime.ofInstant(consumer.changedAt(), ZoneOffset.UTC));
            jdbc.update("UPDATE " + ConsumerFeeds.CURSOR + " SET notification_position = ? WHERE consumer_id = ?",
                    before, id);
            return 0;
        }
        long position = ((Number) cursor.get("notification_position")).longValue();
        List<Object[]> rows = new ArrayList<>();
        long[] last = {position};
        long[] seq = {head};
        jdbc.query("SELECT position, role FROM " + StewardNotifications.TABLE + " WHERE position > ? "
                + "ORDER BY position LIMIT " + page, rs -> {
                    last[0] = rs.getLong(1);
                    if (roles.contains(rs.getString(2))) {
                        seq[0]++;
                        rows.add(new Object[] {id, seq[0], ChangeKind.STEWARD_NOTIFICATION.name(), last[0]});
                    }
                }, position);
        if (last[0] == position) {
            return -1;
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO " + ConsumerFeeds.FEED + " (consumer_id, seq, kind, notification_position) "
                    + "VALUES (?, ?, ?, ?)", rows);
        }
        jdbc.update("UPDATE " + ConsumerFeeds.CURSOR + " SET head = ?, notification_position = ? WHERE consumer_id = ?",
                seq[0], last[0], id);
        return rows.size();
    }

    /** Whether the entry read is a notification (its kind, the entry's second column). */
    static boolean isNotification(ResultSet rs) throws SQLException {
        return ChangeKind.STEWARD_NOTIFICATION.name().equals(rs.getString(2));
    }

    /** The entry at {@code seq} of a notification, its columns ({@link #COLUMNS}) from {@code first} on. */
    static FeedItem read(long seq, ResultSet rs, int first) throws SQLException {
        long position = rs.getLong(first);
        String kind = rs.getString(first + 1);
        String changeRequestId = rs.getString(first + 2);
        EntityType type = EntityType.valueOf(rs.getString(first + 3));
        String recordId = rs.getString(first + 4);
        Instant deadline = instant(rs, first + 8);
        Instant at = instant(rs, first + 9);
        String correlationId = rs.getString(first + 10);
        String rulesVersion = rs.getString(first + 11);
        String rulesHash = rs.getString(first + 12);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("kind", kind);
        data.put("changeRequestId", changeRequestId);
        data.put("recordType", type.name());
        data.put("recordId", recordId);
        data.put("role", rs.getString(first + 5));
        data.put("step", rs.getInt(first + 6));
        data.put("stepRole", rs.getString(first + 7));
        data.put("deadline", deadline == null ? null : deadline.toString());
        String id = "mdg-notification-" + position;
        CloudEventBuilder event = CloudEventBuilder.v1()
                .withId(id)
                .withSource(SOURCE)
                .withType("io.mdg.steward." + kind.toLowerCase(Locale.ROOT))
                .withSubject("change-request/" + changeRequestId)
                .withTime(at.atOffset(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withData(json(data));
        if (correlationId != null) {
            event.withExtension("correlationid", correlationId);
        }
        if (rulesVersion != null) {
            event.withExtension("rulesversion", rulesVersion);
        }
        if (rulesHash != null) {
            event.withExtension("ruleshash", rulesHash);
        }
        return new FeedItem(seq, id, type, recordId, 0, ChangeKind.STEWARD_NOTIFICATION.name(), at, correlationId,
                FORMAT.serialize(event.build()));
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a notification could not be written as JSON", e);
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
