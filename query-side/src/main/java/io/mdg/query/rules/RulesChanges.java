package io.mdg.query.rules;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.mdg.api.rules.RulesAdoptedEvent;
import io.mdg.api.rules.RulesChangeApprovedEvent;
import io.mdg.api.rules.RulesChangeProposedEvent;
import io.mdg.api.rules.RulesChangeRejectedEvent;
import io.mdg.api.rules.RulesChangeStatus;
import io.mdg.api.rules.RulesChangeView;
import io.mdg.api.rules.RulesView;
import io.mdg.query.GoldenRecordsProcessing;

/**
 * The governance rules' history for readers, in a table of the service's PostgreSQL ({@value #TABLE}): one row per
 * rules change proposal (with its status, diff and decision) and one for the rules adopted at the first start, so the
 * rules in force at any time ({@link #inForce}) are those of the latest approved row whose effective time is not
 * after it. Written from the rules events by idempotent upserts (a replay writes the same rows).
 */
@Component
@Profile("query")
@ProcessingGroup(GoldenRecordsProcessing.GROUP)
public class RulesChanges {

    static final String TABLE = "mdg_rules_change";
    /** The row of the rules adopted at the first start. */
    static final String ADOPTED = "(adopted)";

    private static final String COLUMNS = "change_id, status, version, hash, base_version, base_hash, diff, comment, "
            + "text, proposed_by, proposed_at, decided_by, decided_at, reason, effective_from";

    private final JdbcTemplate jdbc;

    public RulesChanges(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (change_id text COLLATE \"C\" PRIMARY KEY,"
                + " status text NOT NULL, version text NOT NULL, hash text NOT NULL, base_version text,"
                + " base_hash text, diff text, comment text, text text NOT NULL, proposed_by text NOT NULL,"
                + " proposed_at timestamp with time zone NOT NULL, decided_by text,"
                + " decided_at timestamp with time zone, reason text, effective_from timestamp with time zone)");
    }

    @EventHandler
    void on(RulesAdoptedEvent event, @org.axonframework.eventhandling.Timestamp Instant at) {
        jdbc.update("INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, NULL, NULL, NULL, NULL, ?, ?, ?,"
                + " NULL, NULL, NULL, ?) ON CONFLICT (change_id) DO NOTHING", ADOPTED,
                RulesChangeStatus.APPROVED.name(), event.version(), event.hash(), event.text(), event.actor().name(),
                Timestamp.from(at), Timestamp.from(event.effectiveFrom()));
    }

    @EventHandler
    void on(RulesChangeProposedEvent event, @org.axonframework.eventhandling.Timestamp Instant at) {
        jdbc.update("INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL,"
                + " NULL, NULL) ON CONFLICT (change_id) DO NOTHING", event.changeId(),
                RulesChangeStatus.PROPOSED.name(), event.version(), event.hash(), event.baseVersion(),
                event.baseHash(), event.diff(), event.comment(), event.text(), event.proposer().name(),
                Timestamp.from(at));
    }

    @EventHandler
    void on(RulesChangeApprovedEvent event, @org.axonframework.eventhandling.Timestamp Instant at) {
        jdbc.update("UPDATE " + TABLE + " SET status = ?, decided_by = ?, decided_at = ?, effective_from = ?"
                        + " WHERE change_id = ?", RulesChangeStatus.APPROVED.name(), event.approver().name(),
                Timestamp.from(at), Timestamp.from(event.effectiveFrom()), event.changeId());
    }

    @EventHandler
    void on(RulesChangeRejectedEvent event, @org.axonframework.eventhandling.Timestamp Instant at) {
        jdbc.update("UPDATE " + TABLE + " SET status = ?, decided_by = ?, decided_at = ?, reason = ?"
                        + " WHERE change_id = ?", RulesChangeStatus.REJECTED.name(), event.actor().name(),
                Timestamp.from(at), event.reason(), event.changeId());
    }

    /** The rules in force at {@code at}: the latest adopted or approved version effective then. */
    public Optional<RulesView> inForce(Instant at) {
        return jdbc.query("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE status = ? AND effective_from <= ?"
                        + " ORDER BY effective_from DESC LIMIT 1", RulesChanges::change,
                RulesChangeStatus.APPROVED.name(), Timestamp.from(at)).stream().findFirst()
                .map(c -> new RulesView(c.version(), c.hash(), c.text(), c.effectiveFrom(),
                        ADOPTED.equals(c.changeId()) ? null : c.changeId(), c.proposedBy(), c.decidedBy()));
    }

    /** The proposals with the status (null: all), newest first; the first rules are not a proposal. */
    public List<RulesChangeView> changes(RulesChangeStatus status) {
        return jdbc.query("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE change_id <> ?"
                        + (status == null ? "" : " AND status = ?") + " ORDER BY proposed_at DESC, change_id",
                RulesChanges::change, status == null ? new Object[] {ADOPTED} : new Object[] {ADOPTED, status.name()});
    }

    private static RulesChangeView change(ResultSet rs, int row) throws SQLException {
        return new RulesChangeView(rs.getString(1), RulesChangeStatus.valueOf(rs.getString(2)), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getString(10), instant(rs.getTimestamp(11)), rs.getString(12), instant(rs.getTimestamp(13)),
                rs.getString(14), instant(rs.getTimestamp(15)));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
