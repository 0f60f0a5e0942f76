package io.mdg.query.audit;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import io.mdg.api.audit.AuditCursor;
import io.mdg.api.audit.AuditEntry;
import io.mdg.api.audit.AuditFilter;
import io.mdg.api.audit.AuditPage;
import io.mdg.api.audit.AuditTrailQuery;
import io.mdg.query.crypto.ReadModelCipher;
import io.mdg.query.crypto.SealedJson;
import io.mdg.query.tables.PendingRows;

/**
 * The audit trail in tables of the service's PostgreSQL ({@code mdg.read-store=postgres}, the embedded default):
 * it grows with every event and is kept as long as the events, so it lives on disk, not in memory.
 *
 * <pre>
 * audit_entries (id PRIMARY KEY (event id + "#" + index), at (event time, ms), position, publication_order, action,
 *                record_type, record_id, actor_name, source_system, change_request_id, correlation_id,
 *                entry bytea: the whole entry, encrypted ({@link SealedJson}))
 * audit_change_requests (id PRIMARY KEY, request bytea: the projection's lookup entry, encrypted)
 * </pre>
 *
 * The order is an index, {@code (at, position, publication_order, id)}, and every filter has one that ends with it
 * ({@code record_id}, {@code actor_name}, {@code source_system}, {@code change_request_id}, {@code correlation_id}):
 * a page is one index range scan from the cursor, {@code (at, position, publication_order, id) > (cursor)}, whatever
 * the size of the trail. Ids compare byte by byte ({@code COLLATE "C"}), as in MongoDB.
 *
 * <p>Writes of a processor batch go out as one JDBC batch when it commits ({@link PendingRows}):
 * {@code INSERT ... ON CONFLICT (id) DO NOTHING}, so a redelivered or replayed event leaves the stored entry as it
 * is. The lookup is upserted, once per request and batch (the last state), and read from the batch's pending writes
 * first. A text the filters use with a NUL character (which PostgreSQL cannot store) is refused in the handler, so
 * that its event is parked rather than the whole batch failing.
 */
public class PostgresAuditStore implements AuditStore {

    static final String ENTRIES = "audit_entries";
    static final String REQUESTS = "audit_change_requests";

    private static final String ORDER = "at, position, publication_order, id";

    private static final List<String> SCHEMA = List.of(
            "CREATE TABLE IF NOT EXISTS " + ENTRIES + " ("
                    + "id text COLLATE \"C\" NOT NULL PRIMARY KEY, "
                    + "at timestamptz NOT NULL, "
                    + "position bigint NOT NULL, "
                    + "publication_order bigint NOT NULL, "
                    + "action text NOT NULL, "
                    + "record_type text, "
                    + "record_id text, "
                    + "actor_name text, "
                    + "source_system text, "
                    + "change_request_id text, "
                    + "correlation_id text, "
                    + "entry bytea NOT NULL)",
            "CREATE INDEX IF NOT EXISTS audit_entries_order ON " + ENTRIES + " (" + ORDER + ")",
            "CREATE INDEX IF NOT EXISTS audit_entries_record ON " + ENTRIES + " (record_id, " + ORDER + ")",
            "CREATE INDEX IF NOT EXISTS audit_entries_actor ON " + ENTRIES + " (actor_name, " + ORDER + ")",
            "CREATE INDEX IF NOT EXISTS audit_entries_source ON " + ENTRIES + " (source_system, " + ORDER + ")",
            "CREATE INDEX IF NOT EXISTS audit_entries_change_request ON " + ENTRIES + " (change_request_id, " + ORDER
                    + ") WHERE change_request_id IS NOT NULL",
            "CREATE INDEX IF NOT EXISTS audit_entries_correlation ON " + ENTRIES + " (correlation_id, " + ORDER
                    + ") WHERE correlation_id IS NOT NULL",
            "CREATE TABLE IF NOT EXISTS " + REQUESTS + " (id text NOT NULL PRIMARY KEY, request bytea NOT NULL)");

    private static final String INSERT_ENTRY = "INSERT INTO " + ENTRIES + " (id, at, position, publication_order, "
            + "action, record_type, record_id, actor_name, source_system, change_request_id, correlation_id, entry) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";
    private static final String UPSERT_REQUEST = "INSERT INTO " + REQUESTS + " (id, request) VALUES (?, ?) "
            + "ON CONFLICT (id) DO UPDATE SET request = EXCLUDED.request";

    /** An entry as it is written. */
    private record EntryRow(AuditEntry entry, long position, long order, byte[] sealed) {
    }

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final SealedJson<AuditEntry> codec;
    private final SealedJson<RequestInfo> requestCodec;
    private final PendingRows<EntryRow> entries = new PendingRows<>(this::writeEntries);
    private final PendingRows<RequestInfo> requests = new PendingRows<>(this::writeRequests);

    public PostgresAuditStore(DataSource dataSource, ReadModelCipher cipher) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.codec = new SealedJson<>(AuditEntry.class, cipher);
        this.requestCodec = new SealedJson<>(RequestInfo.class, cipher);
        SCHEMA.forEach(jdbc::execute);
    }

    @Override
    public void save(AuditEntry entry, long position, long order) {
        AuditEntry stored = AuditEntries.stored(entry);
        storable("record id", stored.recordId());
        storable("actor", stored.actor() == null ? null : stored.actor().name());
        storable("change request id", stored.changeRequestId());
        storable("correlation id", stored.correlationId());
        entries.add(new EntryRow(stored, position, order, codec.seal(stored)));
    }

    private void writeEntries(List<EntryRow> rows) {
        jdbc.batchUpdate(INSERT_ENTRY, rows, rows.size(), (PreparedStatement ps, EntryRow row) -> {
            AuditEntry e = row.entry();
            ps.setString(1, e.id());
            ps.setObject(2, timestamp(e.at()));
            ps.setLong(3, row.position());
            ps.setLong(4, row.order());
            ps.setString(5, e.action().name());
            ps.setString(6, e.recordType() == null ? null : e.recordType().name());
            ps.setString(7, e.recordId());
            ps.setString(8, e.actor() == null ? null : e.actor().name());
            ps.setString(9, e.source() == null ? null : e.source().system().name());
            ps.setString(10, e.changeRequestId());
            ps.setString(11, e.correlationId());
            ps.setBytes(12, row.sealed());
        });
    }

    @Override
    public AuditPage page(AuditTrailQuery query) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        List<String> conditions = conditions(query.filter(), params);
        if (query.after() != null) {
            AuditCursor after = AuditCursor.decode(query.after());
            conditions.add("(" + ORDER + ") > (:afterAt, :afterPosition, :afterOrder, :afterId)");
            params.addValue("afterAt", timestamp(after.at()))
                    .addValue("afterPosition", after.position())
                    .addValue("afterOrder", after.order())
                    .addValue("afterId", after.entryId());
        }
        params.addValue("limit", query.first() + 1);
        String sql = "SELECT position, publication_order, entry FROM " + ENTRIES
                + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                + " ORDER BY " + ORDER + " LIMIT :limit";
        List<AuditPage.Edge> edges = new ArrayList<>(query.first() + 1);
        named.query(sql, params, rs -> {
            AuditEntry entry = codec.open(rs.getBytes(3));
            edges.add(new AuditPage.Edge(new AuditCursor(entry.at(), rs.getLong(1), rs.getLong(2), entry.id())
                    .encode(), entry));
        });
        boolean more = edges.size() > query.first();
        return new AuditPage(more ? edges.subList(0, query.first()) : edges, more);
    }

    private static List<String> conditions(AuditFilter filter, MapSqlParameterSource params) {
        List<String> conditions = new ArrayList<>();
        equal(conditions, params, "record_id", filter.recordId());
        equal(conditions, params, "actor_name", filter.actor());
        equal(conditions, params, "source_system", filter.sourceSystem() == null ? null
                : filter.sourceSystem().name());
        equal(conditions, params, "change_request_id", filter.changeRequestId());
        equal(conditions, params, "correlation_id", filter.correlationId());
        equal(conditions, params, "record_type", filter.recordType() == null ? null : filter.recordType().name());
        if (filter.from() != null) {
            conditions.add("at >= :from");
            params.addValue("from", timestamp(filter.from().truncatedTo(ChronoUnit.MILLIS)));
        }
        if (filter.to() != null) {
            conditions.add("at < :to");
            params.addValue("to", timestamp(filter.to().truncatedTo(ChronoUnit.MILLIS)));
        }
        if (!filter.actions().isEmpty()) {
            conditions.add("action IN (:actions)");
            params.addValue("actions", filter.actions().stream().map(Enum::name).toList());
        }
        return conditions;
    }

    private static void equal(List<String> conditions, MapSqlParameterSource params, String column, String value) {
        if (value != null) {
            conditions.add(column + " = :" + column);
            params.addValue(column, value);
        }
    }

    @Override
    public void drop() {
        jdbc.execute("TRUNCATE " + ENTRIES + ", " + REQUESTS);
    }

    // ------------------------------------------------------------------------- change request lookup

    @Override
    public RequestInfo request(String id) {
        if (id == null) {
            return null;
        }
        List<RequestInfo> pending = requests.pending();
        for (int i = pending.size() - 1; i >= 0; i--) {
            if (pending.get(i).id().equals(id)) {
                return pending.get(i);
            }
        }
        List<byte[]> found = jdbc.query("SELECT request FROM " + REQUESTS + " WHERE id = ?",
                (rs, n) -> rs.getBytes(1), id);
        return found.isEmpty() ? null : requestCodec.open(found.get(0));
    }

    @Override
    public void saveRequest(RequestInfo request) {
        storable("change request id", request.id());
        requests.add(request);
    }

    /** One upsert per request: the last state the batch gave it (one multi-row insert may not name a row twice). */
    private void writeRequests(List<RequestInfo> rows) {
        Map<String, RequestInfo> last = new LinkedHashMap<>();
        rows.forEach(r -> last.put(r.id(), r));
        List<RequestInfo> unique = List.copyOf(last.values());
        jdbc.batchUpdate(UPSERT_REQUEST, unique, unique.size(), (PreparedStatement ps, RequestInfo r) -> {
            ps.setString(1, r.id());
            ps.setBytes(2, requestCodec.seal(r));
        });
    }

    private static void storable(String what, String value) {
        if (value != null && value.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("the audit trail cannot store a " + what
                    + " with a NUL character (PostgreSQL text refuses it)");
        }
    }

    /** An instant as PostgreSQL's timestamptz takes it. */
    static OffsetDateTime timestamp(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
