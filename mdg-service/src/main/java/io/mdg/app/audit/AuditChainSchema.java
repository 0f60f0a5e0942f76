package io.mdg.app.audit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain of the event store's rows, kept by PostgreSQL at append time: a column {@code audit_hash} of Axon's event
 * table ({@code domainevententry}) that a {@code BEFORE INSERT} trigger fills with the event's chain link
 * ({@link AuditHashes#link}: SHA-256 of the previous link of the same aggregate and the stored row), in the statement
 * and transaction that append the event. The previous link is read by the unique index (aggregate, sequence number)
 * the insert checks anyway, for a new aggregate not at all: no round trip is added, multi-row inserts of a group
 * commit see the rows before them, and appends of different aggregates never wait for each other.
 *
 * <p>Events stored before this release (no {@code audit_hash}) are chained once when the chain is installed, in the
 * same transaction (the table locked against appends meanwhile), aggregate by aggregate in sequence order, and the
 * backfill is recorded in {@code mdg_audit_backfill} (their links prove them unchanged since then, not before).
 * Nodes starting at once install one after the other (an advisory lock); an installed chain of this version with
 * nothing to backfill is left as it is.
 */
public final class AuditChainSchema {

    static final String EVENTS = "domainevententry";
    static final String BACKFILL = "mdg_audit_backfill";
    /** The advisory lock of the installation (and nothing else). */
    private static final long INSTALL_LOCK = 0x6d64672d61756431L;
    /** The installed functions' version (the comment on the trigger function); another one is installed anew. */
    private static final String VERSION = "mdg audit chain v1.1";
    private static final String GENESIS = "'\\x" + "00".repeat(32) + "'::bytea";
    private static final Logger log = LoggerFactory.getLogger(AuditChainSchema.class);

    private static final String FIELD = """
            CREATE OR REPLACE FUNCTION mdg_audit_field(v bytea) RETURNS bytea LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
            $$ SELECT CASE WHEN v IS NULL THEN '\\xffffffff'::bytea ELSE int4send(length(v)) || v END $$""";
    /** Stable as convert_to is, so that PostgreSQL inlines it (with mdg_audit_field) into the calling statement. */
    private static final String LINK = """
            CREATE OR REPLACE FUNCTION mdg_audit_link(prev bytea, agg text, typ text, seq bigint, eid text, ts text,
                ptype text, prev_rev text, payload bytea, meta bytea) RETURNS bytea LANGUAGE sql STABLE PARALLEL SAFE AS
            $$ SELECT sha256(prev || mdg_audit_field(convert_to(agg, 'UTF8')) || mdg_audit_field(convert_to(typ, 'UTF8'))
                || int8send(seq) || mdg_audit_field(convert_to(eid, 'UTF8')) || mdg_audit_field(convert_to(ts, 'UTF8'))
                || mdg_audit_field(convert_to(ptype, 'UTF8')) || mdg_audit_field(convert_to(prev_rev, 'UTF8'))
                || mdg_audit_field(payload) || mdg_audit_field(meta)) $$""";
    /** Volatile: in a multi-row insert it sees the rows inserted before (a stable function would not). */
    private static final String PREVIOUS = """
            CREATE OR REPLACE FUNCTION mdg_audit_previous(agg text, seq bigint) RETURNS bytea LANGUAGE plpgsql VOLATILE AS
            $$ DECLARE prev bytea; BEGIN
                IF seq = 0 THEN RETURN %1$s; END IF;
                SELECT e.audit_hash INTO prev FROM domainevententry e
                    WHERE e.aggregateidentifier = agg AND e.sequencenumber = seq - 1;
                -- a missing predecessor (never written by Axon) chains from the genesis; verification reports it
                RETURN coalesce(prev, %1$s);
            END $$""".formatted(GENESIS);
    /**
     * The trigger: the predecessor's link read in its own body (a cached plan on the unique index; in a multi-row
     * insert it sees the rows before, the function being volatile), the link an inlined expression.
     */
    private static final String CHAIN = """
            CREATE OR REPLACE FUNCTION mdg_audit_chain() RETURNS trigger LANGUAGE plpgsql AS
            $$ DECLARE prev bytea; BEGIN
                IF NEW.sequencenumber = 0 THEN
                    prev := %1$s;
                ELSE
                    SELECT e.audit_hash INTO prev FROM domainevententry e
                        WHERE e.aggregateidentifier = NEW.aggregateidentifier
                        AND e.sequencenumber = NEW.sequencenumber - 1;
                    prev := coalesce(prev, %1$s);
                END IF;
                NEW.audit_hash := mdg_audit_link(prev, NEW.aggregateidentifier, NEW.type, NEW.sequencenumber,
                    NEW.eventidentifier, NEW.timestamp, NEW.payloadtype, NEW.payloadrevision, NEW.payload, NEW.metadata);
                RETURN NEW;
            END $$""".formatted(GENESIS);
    /** The unchained rows in sequence order per aggregate, so that each one's predecessor is chained before it. */
    private static final String CHAIN_EXISTING = """
            DO $$ DECLARE r record; BEGIN
                FOR r IN SELECT globalindex, aggregateidentifier, sequencenumber FROM domainevententry
                        WHERE audit_hash IS NULL ORDER BY aggregateidentifier, sequencenumber LOOP
                    UPDATE domainevententry e SET audit_hash = mdg_audit_link(
                        mdg_audit_previous(e.aggregateidentifier, e.sequencenumber), e.aggregateidentifier, e.type,
                        e.sequencenumber, e.eventidentifier, e.timestamp, e.payloadtype, e.payloadrevision, e.payload,
                        e.metadata) WHERE e.globalindex = r.globalindex;
                END LOOP;
            END $$""";

    private AuditChainSchema() {
    }

    /** Installs the chain (after Axon created its event table), chaining the events stored without it. */
    public static void install(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement s = connection.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + INSTALL_LOCK + ")");
                s.execute("CREATE TABLE IF NOT EXISTS " + BACKFILL + " (chained_at timestamptz NOT NULL, "
                        + "entries bigint NOT NULL, up_to_global_index bigint NOT NULL)");
                if (installed(s) && !exists(s, "SELECT 1 FROM " + EVENTS + " WHERE audit_hash IS NULL LIMIT 1")) {
                    connection.commit();
                    return;
                }
                // appends wait until the chain is complete (a one-time wait at the upgrade)
                s.execute("LOCK TABLE " + EVENTS + " IN SHARE ROW EXCLUSIVE MODE");
                s.execute("ALTER TABLE " + EVENTS + " ADD COLUMN IF NOT EXISTS audit_hash bytea");
                // the rows still to chain, found without reading the table (new rows are never in it)
                s.execute("CREATE INDEX IF NOT EXISTS " + EVENTS + "_unchained ON " + EVENTS
                        + " (globalindex) WHERE audit_hash IS NULL");
                s.execute(FIELD);
                s.execute(LINK);
                s.execute(PREVIOUS);
                s.execute(CHAIN);
                s.execute("COMMENT ON FUNCTION mdg_audit_chain() IS '" + VERSION + "'");
                s.execute("DROP TRIGGER IF EXISTS mdg_audit_chain ON " + EVENTS);
                s.execute("CREATE TRIGGER mdg_audit_chain BEFORE INSERT ON " + EVENTS
                        + " FOR EACH ROW EXECUTE FUNCTION mdg_audit_chain()");
                long entries;
                long upTo;
                try (ResultSet rs = s.executeQuery("SELECT count(*), coalesce(max(globalindex), 0) FROM " + EVENTS
                        + " WHERE audit_hash IS NULL")) {
                    rs.next();
                    entries = rs.getLong(1);
                    upTo = rs.getLong(2);
                }
                if (entries > 0) {
                    s.execute(CHAIN_EXISTING);
                    s.execute("INSERT INTO " + BACKFILL + " (chained_at, entries, up_to_global_index) VALUES (now(), "
                            + entries + ", " + upTo + ")");
                    log.info("Audit chain: chained the {} events stored before it (up to global index {})", entries,
                            upTo);
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot install the audit chain of the event store: " + e.getMessage(), e);
        }
    }

    private static boolean installed(Statement s) throws SQLException {
        return exists(s, "SELECT 1 FROM pg_trigger t WHERE t.tgname = 'mdg_audit_chain' AND t.tgrelid = '"
                + EVENTS + "'::regclass AND obj_description(t.tgfoid, 'pg_proc') = '" + VERSION + "'");
    }

    private static boolean exists(Statement s, String query) throws SQLException {
        try (ResultSet rs = s.executeQuery(query)) {
            return rs.next();
        }
    }
}
