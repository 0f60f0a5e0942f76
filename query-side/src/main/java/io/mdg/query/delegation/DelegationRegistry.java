package io.mdg.query.delegation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.mdg.api.Actor;
import io.mdg.api.delegation.ApprovalsDelegatedEvent;
import io.mdg.api.delegation.DelegationRevokedEvent;
import io.mdg.api.delegation.DelegationView;
import io.mdg.api.delegation.ListDelegationsQuery;
import io.mdg.query.GoldenRecordsProcessing;

/**
 * The delegations of approvals, in a table of the service's PostgreSQL ({@value #TABLE}): one row per delegation,
 * written from its events (a delegation's row is inserted once and revoked once, so a rebuild of the golden records,
 * which this projection is part of, replays it harmlessly). Whether a delegation is in force is a matter of time: it
 * is read against the time asked, never stored.
 */
@Component
@Profile("query")
@ProcessingGroup(GoldenRecordsProcessing.GROUP)
public class DelegationRegistry {

    static final String TABLE = "mdg_delegation";

    private final JdbcTemplate jdbc;

    public DelegationRegistry(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (delegation_id text COLLATE \"C\" PRIMARY KEY, "
                + "delegator text NOT NULL, delegate text NOT NULL, role text NOT NULL, "
                + "valid_from timestamptz NOT NULL, valid_until timestamptz NOT NULL, reason text, "
                + "created_at timestamptz NOT NULL, revoked_at timestamptz, revoked_by_type text, "
                + "revoked_by text)");
        jdbc.execute("CREATE INDEX IF NOT EXISTS " + TABLE + "_delegate ON " + TABLE + " (delegate, valid_until)");
        jdbc.execute("CREATE INDEX IF NOT EXISTS " + TABLE + "_delegator ON " + TABLE + " (delegator)");
    }

    @EventHandler
    void on(ApprovalsDelegatedEvent event, @Timestamp Instant at) {
        jdbc.update("INSERT INTO " + TABLE + " (delegation_id, delegator, delegate, role, valid_from, valid_until,"
                        + " reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (delegation_id) DO NOTHING",
                event.delegationId(), event.delegator().name(), event.delegate(), event.role(),
                java.sql.Timestamp.from(event.from()), java.sql.Timestamp.from(event.until()), event.reason(),
                java.sql.Timestamp.from(at));
    }

    @EventHandler
    void on(DelegationRevokedEvent event, @Timestamp Instant at) {
        int updated = jdbc.update("UPDATE " + TABLE + " SET revoked_at = ?, revoked_by_type = ?, revoked_by = ?"
                        + " WHERE delegation_id = ? AND revoked_at IS NULL", java.sql.Timestamp.from(at),
                event.revokedBy().type().name(), event.revokedBy().name(), event.delegationId());
        if (updated == 0 && find(event.delegationId()).isEmpty()) {
            throw new IllegalStateException("delegation " + event.delegationId() + " is not in " + TABLE
                    + "; its creation event was not applied");
        }
    }

    public Optional<DelegationView> find(String delegationId) {
        return jdbc.query("SELECT * FROM " + TABLE + " WHERE delegation_id = ?", DelegationRegistry::view,
                delegationId).stream().findFirst();
    }

    /** The delegations the query asks for, newest first. */
    public List<DelegationView> list(ListDelegationsQuery query) {
        StringBuilder sql = new StringBuilder("SELECT * FROM " + TABLE + " WHERE TRUE");
        List<Object> args = new ArrayList<>();
        if (query.involving() != null) {
            sql.append(" AND (delegator = ? OR delegate = ?)");
            args.add(query.involving());
            args.add(query.involving());
        }
        if (query.delegate() != null) {
            sql.append(" AND delegate = ?");
            args.add(query.delegate());
        }
        if (query.active() != null) {
            java.sql.Timestamp at = java.sql.Timestamp.from(query.at());
            String inForce = "(revoked_at IS NULL AND valid_from <= ? AND valid_until > ?)";
            sql.append(query.active() ? " AND " + inForce : " AND NOT " + inForce);
            args.add(at);
            args.add(at);
        }
        sql.append(" ORDER BY created_at DESC, delegation_id DESC");
        return jdbc.query(sql.toString(), DelegationRegistry::view, args.toArray());
    }

    private static DelegationView view(ResultSet rs, int row) throws SQLException {
        String revokedBy = rs.getString("revoked_by");
        return new DelegationView(rs.getString("delegation_id"), rs.getString("delegator"), rs.getString("delegate"),
                rs.getString("role"), instant(rs.getTimestamp("valid_from")), instant(rs.getTimestamp("valid_until")),
                rs.getString("reason"), instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("revoked_at")), revokedBy == null ? null
                        : new Actor(Actor.ActorType.valueOf(rs.getString("revoked_by_type")), revokedBy));
    }

    private static Instant instant(java.sql.Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
