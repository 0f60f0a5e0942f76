package io.mdg.command.delegation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import io.mdg.api.delegation.ApprovalDelegation;

/**
 * The command side's table of delegations of approvals ({@value #TABLE}), next to the event store: written only by
 * {@link DelegationLookupProjector}, a subscribing processor, in the transaction of the delegation's events, so a
 * revocation holds from the moment it is stored. Never served through the query API (the query side has its own).
 */
public class DelegationLookup implements ApprovalDelegations {

    static final String TABLE = "mdg_delegation_lookup";

    private final JdbcTemplate jdbc;

    public DelegationLookup(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void createSchema() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " ("
                + "delegation_id VARCHAR(64) NOT NULL PRIMARY KEY, delegator VARCHAR(128) NOT NULL, "
                + "delegate VARCHAR(128) NOT NULL, role VARCHAR(128) NOT NULL, "
                + "valid_from TIMESTAMP(6) WITH TIME ZONE NOT NULL, valid_until TIMESTAMP(6) WITH TIME ZONE NOT NULL, "
                + "revoked BOOLEAN NOT NULL)");
        jdbc.execute("CREATE INDEX IF NOT EXISTS " + TABLE + "_delegate ON " + TABLE + " (delegate, valid_until)");
    }

    @Override
    public List<ApprovalDelegation> grantedTo(String delegate, Instant at) {
        Timestamp now = Timestamp.from(at);
        return jdbc.query("SELECT delegation_id, delegator, role, valid_from, valid_until FROM " + TABLE
                        + " WHERE delegate = ? AND NOT revoked AND valid_from <= ? AND valid_until > ?"
                        + " ORDER BY valid_from, delegation_id",
                (rs, n) -> new ApprovalDelegation(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant()),
                delegate, now, now);
    }

    void insert(String delegationId, String delegator, String delegate, String role, Instant from, Instant until) {
        jdbc.update("INSERT INTO " + TABLE + " (delegation_id, delegator, delegate, role, valid_from, valid_until,"
                        + " revoked) VALUES (?, ?, ?, ?, ?, ?, FALSE) ON CONFLICT (delegation_id) DO NOTHING",
                delegationId, delegator, delegate, role, Timestamp.from(from), Timestamp.from(until));
    }

    void revoke(String delegationId) {
        jdbc.update("UPDATE " + TABLE + " SET revoked = TRUE WHERE delegation_id = ?", delegationId);
    }
}
