package io.mdg.query.distribution.push;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executor;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which push consumers this process delivers. Several service nodes share the database, and each consumer must be
 * posted to by one of them at a time (else every change would go out once per node): a node delivers a consumer while
 * it holds the consumer's PostgreSQL advisory lock. The locks are session locks of one connection the node keeps for
 * them, so they end with it: a node that stops closes it; one that is killed has its connection closed by its
 * operating system, and one whose machine is gone is found dead by the server's TCP keep-alive (set on the session:
 * about 25 s). Another node's next {@link #claim} then takes the consumer over. A node that loses its connection
 * loses every lock with it and delivers nothing until it has them again.
 *
 * <p>A batch a node had in flight when it lost a consumer may be posted again by the next one, with the same
 * CloudEvent ids (delivery is at least once; the ids are the receiver's idempotency keys).
 */
final class PushLeases implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PushLeases.class);
    /** The key space of these advisory locks ("mdpu"); the second key is the consumer id's hash. */
    private static final int LOCK_SPACE = 0x6d647075;
    private static final int NETWORK_TIMEOUT_MILLIS = 10_000;
    private static final Executor DIRECT = Runnable::run;

    private final DataSource dataSource;
    private final Set<String> held = new LinkedHashSet<>();
    private Connection connection;

    PushLeases(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Of {@code wanted}, the consumers this process delivers now: it lets go of those it holds and no longer wants,
     * keeps the others it holds and takes those no other process holds. Empty when the database cannot be reached
     * (every lock is then gone with the connection).
     */
    synchronized Set<String> claim(Collection<String> wanted) {
        try {
            Connection c = connection();
            for (String id : Set.copyOf(held)) {
                if (!wanted.contains(id)) {
                    unlock(c, id);
                    held.remove(id);
                }
            }
            String[] free = wanted.stream().filter(id -> !held.contains(id)).toArray(String[]::new);
            // one round trip, also when nothing is to be taken: it shows that the connection, and its locks, live
            try (PreparedStatement taking = c.prepareStatement(
                    "SELECT id FROM unnest(?::text[]) AS id WHERE pg_try_advisory_lock(?, hashtext(id))")) {
                Array ids = c.createArrayOf("text", free);
                taking.setArray(1, ids);
                taking.setInt(2, LOCK_SPACE);
                try (ResultSet taken = taking.executeQuery()) {
                    while (taken.next()) {
                        held.add(taken.getString(1));
                    }
                }
            }
            return Set.copyOf(held);
        } catch (SQLException | RuntimeException e) {
            if (!held.isEmpty()) {
                log.warn("Push delivery lost its hold on consumers {} with its database connection: {}", held,
                        e.toString());
            }
            close();
            return Set.of();
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection c = dataSource.getConnection();
            try {
                c.setAutoCommit(true);
                c.setNetworkTimeout(DIRECT, NETWORK_TIMEOUT_MILLIS);
                try (Statement keepAlive = c.createStatement()) {
                    // the server notices a vanished node's connection (and ends its locks) within about 25 s
                    keepAlive.execute("SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; "
                            + "SET tcp_keepalives_count = 3");
                }
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    private static void unlock(Connection c, String id) throws SQLException {
        try (PreparedStatement unlock = c.prepareStatement("SELECT pg_advisory_unlock(?, hashtext(?))")) {
            unlock.setInt(1, LOCK_SPACE);
            unlock.setString(2, id);
            unlock.execute();
        }
    }

    /** Lets go of every consumer: closing the session ends its locks. */
    @Override
    public synchronized void close() {
        held.clear();
        Connection c = connection;
        connection = null;
        if (c != null) {
            try (Statement unlockAll = c.createStatement()) {
                // a pooled connection goes back to its pool, where its session, and with it the locks, live on
                unlockAll.execute("SELECT pg_advisory_unlock_all()");
                unlockAll.close();
                c.close();
            } catch (SQLException | RuntimeException e) {
                abort(c);
            }
        }
    }

    /** Ends the session itself (the pool drops the connection). */
    private static void abort(Connection c) {
        try {
            c.abort(DIRECT);
        } catch (SQLException | RuntimeException e) {
            log.debug("Closing push delivery's lock connection: {}", e.toString());
        }
    }
}
