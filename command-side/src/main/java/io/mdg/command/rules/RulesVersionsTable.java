package io.mdg.command.rules;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The versions of the rules that were put in force, in the service's PostgreSQL ({@value #TABLE}): one row per
 * adoption or approval, written in the unit of work and transaction of its event ({@link RulesVersionsProjector}), and
 * read by every node of the service ({@link RulesInForce}), which switch at each row's {@code effective_from}.
 */
public class RulesVersionsTable {

    static final String TABLE = "mdg_rules_version";

    /** One version as stored. */
    public record Row(Instant effectiveFrom, String version, String hash, String text, String changeId,
                      String proposedBy, String approvedBy) {
    }

    private final JdbcTemplate jdbc;

    public RulesVersionsTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void createSchema() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (effective_from timestamp with time zone PRIMARY KEY,"
                + " version text NOT NULL, hash text NOT NULL, text text NOT NULL, change_id text,"
                + " proposed_by text NOT NULL, approved_by text)");
    }

    /** Records a version (again: nothing changes). */
    public void insert(Row row) {
        jdbc.update("INSERT INTO " + TABLE + " (effective_from, version, hash, text, change_id, proposed_by,"
                + " approved_by) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (effective_from) DO NOTHING",
                Timestamp.from(row.effectiveFrom()), row.version(), row.hash(), row.text(), row.changeId(),
                row.proposedBy(), row.approvedBy());
    }

    /** The versions in force from {@code after} on (exclusive; null: all), oldest first. */
    public List<Row> since(Instant after) {
        return jdbc.query("SELECT effective_from, version, hash, text, change_id, proposed_by, approved_by FROM "
                + TABLE + (after == null ? "" : " WHERE effective_from > ?") + " ORDER BY effective_from",
                (rs, i) -> new Row(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)),
                after == null ? new Object[0] : new Object[] {Timestamp.from(after)});
    }
}
