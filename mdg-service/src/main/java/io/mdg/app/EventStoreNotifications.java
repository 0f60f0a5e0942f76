package io.mdg.app;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Tells the other service nodes that share the event store when events were committed, through PostgreSQL's
 * {@code LISTEN}/{@code NOTIFY}, so that their processors read them at once instead of at their event store's next
 * poll (Axon's fetch delay, a second).
 *
 * <p>The transaction that appends events also sends {@code NOTIFY mdg_events} ({@link #appended}), which PostgreSQL
 * delivers only if, and when, it commits. One thread per node listens on a connection of its own and, for each
 * notification another node sent, runs {@code wake} (which has the event store fetch its new events). The payload is
 * the sending node's id, so a node ignores its own: its commits wake its processors already.
 */
public final class EventStoreNotifications implements AutoCloseable {

    static final String CHANNEL = "mdg_events";
    private static final Logger log = LoggerFactory.getLogger(EventStoreNotifications.class);
    private static final int WAIT_MILLIS = 1_000;
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final Runnable wake;
    private final String node = UUID.randomUUID().toString();
    private final String notify = "NOTIFY " + CHANNEL + ", '" + node + "'";
    private volatile boolean closed;
    private volatile Thread listener;

    public EventStoreNotifications(DataSource dataSource, Runnable wake) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.wake = wake;
    }

    /** In the transaction that appended events (its connection): the other nodes hear of them once it commits. */
    public void appended() {
        jdbc.execute(notify);
    }

    /** Starts listening for the other nodes' commits. */
    public synchronized void start() {
        if (listener == null && !closed) {
            Thread thread = new Thread(this::listen, "event-store-notifications");
            thread.setDaemon(true);
            listener = thread;
            thread.start();
        }
    }

    private void listen() {
        while (!closed) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN " + CHANNEL);
                }
                PGConnection notifications = connection.unwrap(PGConnection.class);
                // what was committed while this node did not listen: its processors read it now
                wake.run();
                while (!closed) {
                    PGNotification[] received = notifications.getNotifications(WAIT_MILLIS);
                    if (received != null && fromAnotherNode(received)) {
                        wake.run();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                log.warn("Listening for other nodes' commits failed; their events are read at the event store's "
                        + "next poll until it listens again (in {} s): {}", RETRY.toSeconds(), e.toString());
                try {
                    TimeUnit.MILLISECONDS.sleep(RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private boolean fromAnotherNode(PGNotification[] received) {
        for (PGNotification notification : received) {
            if (!node.equals(notification.getParameter())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            closed = true;
            running = listener;
            listener = null;
        }
        if (running != null) {
            try {
                running.join(TimeUnit.SECONDS.toMillis(5)); // it sees closed within WAIT_MILLIS
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
