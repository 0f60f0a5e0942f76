package io.mdg.query.distribution;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.mdg.api.EntityType;
import io.mdg.api.consumer.ChangeKind;
import io.mdg.api.feed.RecordChange;
import io.mdg.api.feed.RecordChangeKind;
import io.mdg.api.feed.RecordChangesQuery;
import io.mdg.api.record.RecordView;
import io.mdg.query.history.RecordVersions;

/**
 * The change feed of the GraphQL subscription ({@link RecordChangesQuery}): every golden change committed since a
 * subscriber subscribed, of the types it follows, with the record at that version. Served from the
 * {@link ChangeOutbox}, in the outbox's (commit) order, whichever node's processor handled the event: a subscriber
 * on one node sees the changes made through every node sharing the database. Each node reads the outbox after the
 * place it has reached after each pass of its fan-out ({@link ConsumerFeeds}: at the outbox's commits in this node,
 * else every {@code mdg.distribution.fan-out-interval}), while anyone subscribes (with nobody subscribed it only keeps
 * its place at the outbox's end), and sends each change through Axon's {@link QueryUpdateEmitter} to this node's
 * subscribers.
 *
 * <p>What is news: a record created, approved attribute values changed, a status changed, a merge (for the merged
 * record and for the survivor). A change held for approval, a released hold, a new cross-reference change no golden
 * value and are not sent. The record is read at the change's version from its history, as the consumers' feeds read
 * it; a version the history does not hold yet (the golden-records processor is behind) waits until it does.
 */
@Component
@Profile("query")
public class RecordChangeFeed {

    private static final int PAGE = 500;

    private final QueryUpdateEmitter emitter;
    private final JdbcTemplate jdbc;
    private final ConsumerFeeds versions;
    /** The outbox position read up to; -1 until first read. Only the fan-out's thread uses it. */
    private long position = -1;

    public RecordChangeFeed(QueryUpdateEmitter emitter, DataSource dataSource, ConsumerFeeds feeds) {
        this.emitter = emitter;
        this.jdbc = new JdbcTemplate(dataSource);
        this.versions = feeds;
        feeds.afterEachPass(this::step);
    }

    /** The feed has no backlog: a subscription starts empty and receives what is committed from then on. */
    @QueryHandler
    public List<RecordChange> handle(RecordChangesQuery query) {
        return List.of();
    }

    /** One pass: sends what the outbox got since the last one (to nobody, when nobody subscribes: skipped). */
    void step() {
        List<RecordChangesQuery> following = subscribers();
        if (position < 0 || following.isEmpty()) {
            position = jdbc.queryForObject("SELECT coalesce(max(position), 0) FROM " + ChangeOutbox.TABLE, Long.class);
            return;
        }
        List<Row> rows = jdbc.query("SELECT position, record_type, record_id, version, kind, changed, at FROM "
                + ChangeOutbox.TABLE + " WHERE position > ? ORDER BY position LIMIT " + PAGE, RecordChangeFeed::row,
                position);
        java.util.function.Predicate<Row> news = row -> row.kind() != null
                && following.stream().anyMatch(q -> q.follows(row.type()));
        List<RecordVersions.Key> wanted = rows.stream().filter(news).map(Row::key).toList();
        Map<RecordVersions.Key, RecordView> records = wanted.isEmpty() ? Map.of() : versions.versions(wanted);
        for (Row row : rows) {
            if (news.test(row)) {
                RecordView record = records.get(row.key());
                if (record == null) {
                    return; // the history does not hold this version yet: sent at a later pass, in order
                }
                RecordChange change = new RecordChange(row.type(), row.recordId(), row.version(), row.kind(),
                        row.changed(), row.at(), record);
                emitter.emit(RecordChangesQuery.class, query -> query.follows(row.type()), change);
            }
            position = row.position();
        }
    }

    private List<RecordChangesQuery> subscribers() {
        return emitter.activeSubscriptions().stream()
                .map(s -> s.getPayload() instanceof RecordChangesQuery query ? query : null)
                .filter(query -> query != null).toList();
    }

    /** An outbox row; {@code kind} null when it is no news for this feed. */
    private record Row(long position, EntityType type, String recordId, long version, RecordChangeKind kind,
                       List<String> changed, java.time.Instant at) {

        RecordVersions.Key key() {
            return new RecordVersions.Key(type, recordId, version);
        }
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        Array array = rs.getArray(6);
        List<String> changed = array == null ? List.of() : Arrays.asList((String[]) array.getArray());
        return new Row(rs.getLong(1), EntityType.valueOf(rs.getString(2)), rs.getString(3), rs.getLong(4),
                kind(ChangeKind.valueOf(rs.getString(5)), changed).orElse(null), changed,
                rs.getTimestamp(7).toInstant());
    }

    /** How the feed names an outbox change; empty for a new cross-reference (no golden value changed). */
    static Optional<RecordChangeKind> kind(ChangeKind kind, List<String> changed) {
        return switch (kind) {
            case CREATED -> Optional.of(RecordChangeKind.CREATED);
            case CHANGED -> changed.isEmpty() ? Optional.empty() : Optional.of(RecordChangeKind.ATTRIBUTES_CHANGED);
            case DEACTIVATED, REACTIVATED -> Optional.of(RecordChangeKind.STATUS_CHANGED);
            case MERGED -> Optional.of(RecordChangeKind.MERGED);
            case SNAPSHOT, REMOVED, STEWARD_NOTIFICATION -> Optional.empty();
        };
    }
}
