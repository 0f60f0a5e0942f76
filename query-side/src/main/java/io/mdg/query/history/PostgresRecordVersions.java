package io.mdg.query.history;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

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
 * processor batch go out as one JDBC batch when it commits ({@link PendingRows}).
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

    /** A version as it is written. */
    private record Row(String recordId, EntityType type, Instant at, long version, byte[] sealed) {
    }

    private final JdbcTemplate jdbc;
    private final SealedJson<RecordView> codec;
    private final PendingRows<Row> pending = new PendingRows<>(this::write);

    public PostgresRecordVersions(DataSource dataSource, ReadModelCipher cipher) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.codec = new SealedJson<>(RecordView.class, cipher);
        jdbc.execute(SCHEMA);
    }

    @Override
    public void add(RecordView version, Instant at) {
        if (version.id().indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("the record history cannot store a record id with a NUL character");
        }
        // to the microsecond, rounded down: PostgreSQL's precision, and never after the instant itself
        pending.add(new Row(version.id(), version.type(), at.truncatedTo(ChronoUnit.MICROS), version.version(),
                codec.seal(version)));
    }

    private void write(List<Row> rows) {
        jdbc.batchUpdate(INSERT, rows, rows.size(), (ps, row) -> {
            ps.setString(1, row.recordId());
            ps.setString(2, row.type().name());
            ps.setObject(3, OffsetDateTime.ofInstant(row.at(), ZoneOffset.UTC));
            ps.setLong(4, row.version());
            ps.setBytes(5, row.sealed());
        });
    }

    @Override
    public Optional<RecordView> asOf(EntityType type, String recordId, Instant asOf, long latestVersion) {
        List<byte[]> found = jdbc.query(AS_OF, (rs, n) -> rs.getBytes(1), recordId, type.name(),
                OffsetDateTime.ofInstant(asOf.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC), latestVersion);
        return found.isEmpty() ? Optional.empty() : Optional.of(codec.open(found.get(0)));
    }

    @Override
    public void clear() {
        jdbc.execute("TRUNCATE " + TABLE);
    }
}
