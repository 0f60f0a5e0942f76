package io.mdg.query.history;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

import io.mdg.api.EntityType;
import io.mdg.api.record.RecordView;
import io.mdg.query.crypto.ReadModelCipher;
import io.mdg.query.crypto.SealedJson;
import io.mdg.query.tables.PendingRows;

/**
 * The record history in a table of the service's PostgreSQL ({@code mdg.read-store=postgres}, the embedded
 * default): every version of every record, on disk rather than in memory.
 *
 * <pre>
 * record_versions (record_id, record_type, at (the event's time, to the microsecond), version,
 *                  record bytea: the whole version, encrypted ({@link SealedJson}),
 *                  PRIMARY KEY (record_id, record_type, at, version))
 * </pre>
 *
 * The key is also the as-of index: the version in force at an instant is the first entry of one backward index
 * scan, {@code WHERE record_id = ? AND record_type = ? AND at <= ? ORDER BY at DESC, version DESC LIMIT 1}, however
 * many versions the record has. A version's time never changes (it is its event's), so the key names a version
 * once: {@code INSERT ... ON CONFLICT DO NOTHING} leaves a version written already as it is. The versions of a
 * processor batch go out as one JDBC batch when it commits ({@link PendingRows}), after one query for those of them
 * that are kept already (only for versions not later than the latest kept when the service started): only the
 * others are sealed and written. The embedded default rebuilds its
 * memory read model from the first event at every start, which hands every version to the history again; sealing
 * and inserting each of them again cost the rebuild a JSON serialisation and an encryption per event for nothing.
 */
public class PostgresRecordVersions implements RecordVersions {

    static final String TABLE = "record_versions";

    private static final String SCHEMA = "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
            + "record_id text COLLATE \"C\" NOT NULL, "
            + "record_type text NOT NULL, "
            + "at timestamptz NOT NULL, "
            + "version bigint NOT NULL, "
            + "record bytea NOT NULL, "
            + "CONSTRAINT record_versions_key PRIMARY KEY (record_id, record_type, at, version))";
    private static final String INSERT = "INSERT INTO " + TABLE + " (record_id, record_type, at, version, record) "
            + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    static final String AS_OF = "SELECT record FROM " + TABLE + " WHERE record_id = ? AND record_type = ? "
            + "AND at <= ? AND version <= ? ORDER BY at DESC, version DESC LIMIT 1";

    /**
     * The versions among some records' that are kept already: a batch asks once, before sealing anything (at every
     * start the memory read model replays every event, and with it every version the table keeps).
     */
    static final String KEPT = "SELECT record_id, record_type, at, version FROM " + TABLE
            + " WHERE (record_id, version) IN (SELECT * FROM unnest(?::text[], ?::bigint[]))";

    static final String VERSIONS = "SELECT record_id, record_type, version, record FROM " + TABLE
            + " WHERE (record_id, version) IN (SELECT * FROM unnest(?::text[], ?::bigint[]))";

    /** A version to write: sealed only when it is not kept already. */
    private record Row(String recordId, EntityType type, Instant at, long version, RecordView view) {

        static String key(String id, String type, Instant at, long version) {
            return id + '\u0000' + type + '\u0000' + at + '\u0000' + version;
        }
    }

    private final JdbcTemplate jdbc;
    private final SealedJson<RecordView> codec;
    private final PendingRows<Row> pending = new PendingRows<>(this::write);
    /** The latest time of a version kept when the service started (null: none): later versions cannot be kept. */
    private volatile Instant keptUntil;

    public PostgresRecordVersions(DataSource dataSource, ReadModelCipher cipher) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.codec = new SealedJson<>(RecordView.class, cipher);
        jdbc.execute(SCHEMA);
        OffsetDateTime latest = jdbc.queryForObject("SELECT max(at) FROM " + TABLE, OffsetDateTime.class);
        keptUntil = latest == null ? null : latest.toInstant();
    }

    @Override
    public void add(RecordView version, Instant at) {
        if (version.id().indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("the record history cannot store a record id with a NUL character");
        }
        // to the microsecond, rounded down: PostgreSQL's precision, and never after the instant itself
        pending.add(new Row(version.id(), version.type(), at.truncatedTo(ChronoUnit.MICROS), version.version(),
                version));
    }

    private void write(List<Row> rows) {
        List<Row> missing = new ArrayList<>(rows);
        Instant until = keptUntil;
        List<Row> maybeKept = until == null ? List.of() : rows.stream().filter(row -> !row.at().isAfter(until)).toList();
        if (!maybeKept.isEmpty()) {
            Set<String> kept = new HashSet<>();
            jdbc.query(connection -> {
                PreparedStatement statement = connection.prepareStatement(KEPT);
                statement.setArray(1, connection.createArrayOf("text",
                        maybeKept.stream().map(Row::recordId).toArray()));
                statement.setArray(2, connection.createArrayOf("bigint",
                        maybeKept.stream().map(Row::version).toArray()));
                return statement;
            }, rs -> {
                kept.add(Row.key(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                        rs.getLong(4)));
            });
            missing.removeIf(row -> kept.contains(Row.key(row.recordId(), row.type().name(), row.at(), row.version())));
        }
        if (missing.isEmpty()) {
            return;
        }
        List<Map.Entry<Row, byte[]>> sealed = missing.stream()
                .map(row -> Map.entry(row, codec.seal(row.view()))).toList();
        jdbc.batchUpdate(INSERT, sealed, sealed.size(), (ps, entry) -> {
            Row row = entry.getKey();
            ps.setString(1, row.recordId());
            ps.setString(2, row.type().name());
            ps.setObject(3, OffsetDateTime.ofInstant(row.at(), ZoneOffset.UTC));
            ps.setLong(4, row.version());
            ps.setBytes(5, entry.getValue());
        });
    }

    @Override
    public Optional<RecordView> asOf(EntityType type, String recordId, Instant asOf, long latestVersion) {
        List<byte[]> found = jdbc.query(AS_OF, (rs, n) -> rs.getBytes(1), recordId, type.name(),
                OffsetDateTime.ofInstant(asOf.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC), latestVersion);
        return found.isEmpty() ? Optional.empty() : Optional.of(codec.open(found.get(0)));
    }

    @Override
    public Map<Key, RecordView> versions(Collection<Key> keys) {
        Map<Key, RecordView> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        Set<Key> asked = new HashSet<>(keys);
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(VERSIONS);
            statement.setArray(1, connection.createArrayOf("text", asked.stream().map(Key::recordId).toArray()));
            statement.setArray(2, connection.createArrayOf("bigint", asked.stream().map(Key::version).toArray()));
            return statement;
        }, rs -> {
            Key key = new Key(EntityType.valueOf(rs.getString(2)), rs.getString(1), rs.getLong(3));
            if (asked.contains(key)) {
                found.put(key, codec.open(rs.getBytes(4)));
            }
        });
        return found;
    }

    @Override
    public void clear() {
        jdbc.execute("TRUNCATE " + TABLE);
        keptUntil = null;
    }
}
