package io.mdg.query.screening;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.mdg.rules.InForce;
import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.screening.ExclusionListFormat;
import io.mdg.api.screening.ExclusionListImportedEvent;
import io.mdg.api.screening.ExclusionListView;
import io.mdg.api.screening.ExclusionListsQuery;
import io.mdg.api.screening.ScreeningCoverage;
import io.mdg.api.screening.ScreeningCoverageQuery;
import io.mdg.api.screening.ScreeningHit;
import io.mdg.api.screening.ScreeningHitView;
import io.mdg.api.screening.ScreeningHitsQuery;
import io.mdg.api.screening.ScreeningRequest;
import io.mdg.api.screening.ScreeningResult;
import io.mdg.api.screening.SupplierScreenedEvent;
import io.mdg.api.screening.SupplierScreeningView;
import io.mdg.api.screening.SupplierScreeningsQuery;
import io.mdg.query.GoldenRecordsProcessing;
import io.mdg.query.crypto.ReadModelCipher;
import io.mdg.query.crypto.SealedJson;
import io.mdg.query.record.RecordReadModel;
import io.mdg.rules.screening.ScreeningRules;

/**
 * Exclusion screening as read: the imported lists, each supplier's last screening and every hit, in tables of the
 * service's PostgreSQL, written from the screening events (idempotent: a list is written once, a supplier's row only
 * by a later screening, a hit once), so a rebuild of the golden records, which this is part of, replays them
 * harmlessly. A hit names a listed person or entity with its address: it is kept sealed ({@link SealedJson}).
 *
 * <pre>
 * mdg_screening_list (list_id, format, file_name, sha256, rows, in_force, list_date, imported_at, imported_by)
 * mdg_supplier_screening (supplier_id, sequence, screened_at, list_id, format, list_date, result, hits)
 * mdg_screening_hit (supplier_id, sequence, idx, screened_at, list_id, hit bytea: the sealed ScreeningHitView)
 * </pre>
 */
@Component
@Profile("query")
@ProcessingGroup(GoldenRecordsProcessing.GROUP)
public class ScreeningRegistry {

    static final String LISTS = "mdg_screening_list";
    static final String SUPPLIERS = "mdg_supplier_screening";
    static final String HITS = "mdg_screening_hit";
    static final int MAX_LIMIT = 500;

    private final JdbcTemplate jdbc;
    private final SealedJson<ScreeningHitView> codec;
    private final RecordReadModel records;
    private final InForce<ScreeningRules> rules;
    private final Clock clock;

    @Autowired
    public ScreeningRegistry(DataSource dataSource, ReadModelCipher cipher, RecordReadModel records,
                             InForce<ScreeningRules> rules) {
        this(dataSource, cipher, records, rules, Clock.systemUTC());
    }

    ScreeningRegistry(DataSource dataSource, ReadModelCipher cipher, RecordReadModel records,
                      InForce<ScreeningRules> rules,
                      Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.codec = new SealedJson<>(ScreeningHitView.class, cipher);
        this.records = records;
        this.rules = rules;
        this.clock = clock;
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + LISTS + " (list_id text COLLATE \"C\" PRIMARY KEY, "
                + "format text NOT NULL, file_name text, sha256 text NOT NULL, rows int NOT NULL, in_force int NOT NULL, "
                + "list_date date NOT NULL, imported_at timestamptz NOT NULL, imported_by text NOT NULL)");
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + SUPPLIERS + " (supplier_id text COLLATE \"C\" PRIMARY KEY, "
                + "sequence bigint NOT NULL, screened_at timestamptz NOT NULL, list_id text NOT NULL, "
                + "format text NOT NULL, list_date date NOT NULL, result text NOT NULL, hits int NOT NULL)");
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + HITS + " (supplier_id text COLLATE \"C\" NOT NULL, "
                + "sequence bigint NOT NULL, idx int NOT NULL, screened_at timestamptz NOT NULL, "
                + "list_id text NOT NULL, hit bytea NOT NULL, PRIMARY KEY (supplier_id, sequence, idx))");
        jdbc.execute("CREATE INDEX IF NOT EXISTS " + HITS + "_at ON " + HITS + " (screened_at DESC)");
    }

    @EventHandler
    void on(ExclusionListImportedEvent event, @Timestamp Instant at) {
        jdbc.update("INSERT INTO " + LISTS + " (list_id, format, file_name, sha256, rows, in_force, list_date, "
                        + "imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                event.listId(), event.format().name(), event.fileName(), event.sha256(), event.rows(),
                event.inForce(), java.sql.Date.valueOf(event.listDate()), java.sql.Timestamp.from(at),
                event.actor().type() + ":" + event.actor().name());
    }

    @EventHandler
    void on(SupplierScreenedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        jdbc.update("INSERT INTO " + SUPPLIERS + " (supplier_id, sequence, screened_at, list_id, format, list_date, "
                        + "result, hits) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (supplier_id) DO UPDATE SET "
                        + "sequence = EXCLUDED.sequence, screened_at = EXCLUDED.screened_at, list_id = EXCLUDED.list_id, "
                        + "format = EXCLUDED.format, list_date = EXCLUDED.list_date, result = EXCLUDED.result, "
                        + "hits = EXCLUDED.hits WHERE " + SUPPLIERS + ".sequence < EXCLUDED.sequence",
                event.supplierId(), sequence, java.sql.Timestamp.from(at), event.listId(), event.format().name(),
                java.sql.Date.valueOf(event.listDate()), event.result().name(), event.hits().size());
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < event.hits().size(); i++) {
            ScreeningHit hit = event.hits().get(i);
            ScreeningRequest request = i < event.requests().size() ? event.requests().get(i) : null;
            ScreeningHitView view = new ScreeningHitView(event.supplierId(), event.listId(), event.format(),
                    event.listDate(), at, hit, request == null ? null : request.changeRequestId(),
                    request != null && request.opened());
            rows.add(new Object[] {event.supplierId(), sequence, i, java.sql.Timestamp.from(at), event.listId(),
                    codec.seal(view)});
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO " + HITS + " (supplier_id, sequence, idx, screened_at, list_id, hit) "
                    + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", rows);
        }
    }

    @QueryHandler
    public List<ExclusionListView> handle(ExclusionListsQuery query) {
        return jdbc.query("SELECT list_id, format, file_name, sha256, rows, in_force, list_date, imported_at, "
                        + "imported_by FROM " + LISTS + " ORDER BY imported_at DESC, list_id LIMIT ?",
                (rs, n) -> new ExclusionListView(rs.getString(1), ExclusionListFormat.valueOf(rs.getString(2)),
                        rs.getString(3), rs.getString(4), rs.getInt(5), rs.getInt(6), rs.getDate(7).toLocalDate(),
                        rs.getTimestamp(8).toInstant(), actor(rs.getString(9))), limit(query.limit()));
    }

    @QueryHandler
    public List<SupplierScreeningView> handle(SupplierScreeningsQuery query) {
        if (query.supplierIds().isEmpty()) {
            return List.of();
        }
        return jdbc.query(con -> {
            var statement = con.prepareStatement("SELECT supplier_id, screened_at, list_id, format, list_date, result, "
                    + "hits FROM " + SUPPLIERS + " WHERE supplier_id = ANY (?)");
            statement.setArray(1, con.createArrayOf("text", query.supplierIds().toArray()));
            return statement;
        }, (rs, n) -> new SupplierScreeningView(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                ExclusionListFormat.valueOf(rs.getString(4)), rs.getDate(5).toLocalDate(),
                ScreeningResult.valueOf(rs.getString(6)), rs.getInt(7)));
    }

    @QueryHandler
    public List<ScreeningHitView> handle(ScreeningHitsQuery query) {
        int limit = limit(query.limit());
        return query.supplierId() == null
                ? jdbc.query("SELECT hit FROM " + HITS + " ORDER BY screened_at DESC, supplier_id, idx LIMIT ?",
                        (rs, n) -> codec.open(rs.getBytes(1)), limit)
                : jdbc.query("SELECT hit FROM " + HITS + " WHERE supplier_id = ? ORDER BY sequence DESC, idx LIMIT ?",
                        (rs, n) -> codec.open(rs.getBytes(1)), query.supplierId(), limit);
    }

    /** The share of ACTIVE suppliers screened against a list imported within the rules file's freshDays. */
    @QueryHandler
    public ScreeningCoverage handle(ScreeningCoverageQuery query) {
        Instant now = clock.instant();
        ScreeningRules rules = this.rules.now();
        Instant since = now.minus(Duration.ofDays(rules.freshDays()));
        List<String> active = new ArrayList<>();
        records.forEach(EntityType.SUPPLIER, record -> {
            if (record.status() == LifecycleStatus.ACTIVE) {
                active.add(record.id());
            }
        });
        long current = active.isEmpty() ? 0 : jdbc.query(con -> {
            var statement = con.prepareStatement("SELECT count(*) FROM " + SUPPLIERS + " s JOIN " + LISTS
                    + " l ON l.list_id = s.list_id WHERE s.supplier_id = ANY (?) AND l.imported_at >= ?");
            statement.setArray(1, con.createArrayOf("text", active.toArray()));
            statement.setTimestamp(2, java.sql.Timestamp.from(since));
            return statement;
        }, rs -> rs.next() ? rs.getLong(1) : 0L);
        java.sql.Timestamp last = jdbc.queryForObject("SELECT max(imported_at) FROM " + LISTS,
                java.sql.Timestamp.class);
        double ratio = active.isEmpty() ? 1.0 : (double) current / active.size();
        return new ScreeningCoverage(now, active.size(), current, ratio, rules.freshDays(), rules.minScreenedShare(),
                ratio < rules.minScreenedShare(), last == null ? null : last.toInstant());
    }

    private static int limit(int limit) {
        return limit <= 0 ? 100 : Math.min(limit, MAX_LIMIT);
    }

    private static Actor actor(String text) {
        int colon = text.indexOf(':');
        return new Actor(Actor.ActorType.valueOf(text.substring(0, colon)), text.substring(colon + 1));
    }
}
