package io.mdg.query.ops;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.axonframework.eventhandling.EventMessage;
import io.mdg.query.store.ReadStoreFailures;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to an event a projection fails on.
 * <ul>
 *   <li>The read store or the database is unreachable ({@link #unreachable}): nothing is parked. The failure goes on to the
 *       processor, which rolls the batch back and retries it from its last token with back-off (1 s, 2 s, 4 s ...)
 *       until the store answers again. Parking here would leave the record stale until an operator retried it.</li>
 *   <li>The event itself fails: the processor retries it ({@value #DEFAULT_ATTEMPTS} attempts by default, counted
 *       per event in memory), and an event that fails every attempt is parked (never dropped: the read model would
 *       miss it for good), with the failure as its cause and, in its diagnostics, how many operator retries failed
 *       ({@value #RETRIES}: 0 when first parked). An operator retry that fails again parks it again with the new
 *       cause. Only an operator's eviction removes it.</li>
 * </ul>
 * Logs the event's id, type and sequence, never its payload (events can carry bank details).
 */
final class ParkingPolicy implements EnqueuePolicy<EventMessage<?>> {

    static final String RETRIES = "retries";
    static final int DEFAULT_ATTEMPTS = 3;

    /** Failing events tracked at most (a bound, not a working set: each leaves when it is parked or succeeds). */
    private static final int TRACKED = 10_000;

    private static final Logger log = LoggerFactory.getLogger(ParkingPolicy.class);

    private final String processingGroup;
    private final int attempts;
    private final Map<String, Integer> failedAttempts = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > TRACKED;
        }
    };

    ParkingPolicy(String processingGroup, int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("mdg.dead-letters.attempts must be at least 1, was " + attempts);
        }
        this.processingGroup = processingGroup;
        this.attempts = attempts;
    }

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        EventMessage<?> event = letter.message();
        int operatorRetries = retries(letter.diagnostics());
        if (operatorRetries >= 0) {
            // an operator's retry of a parked letter failed: it stays parked, with the new cause
            return park(event, cause, operatorRetries + 1);
        }
        if (unreachable(cause)) {
            log.warn("Projection {} could not reach the read store for event {} ({}); the processor retries the batch "
                            + "with back-off: {}", processingGroup, event.getIdentifier(),
                    event.getPayloadType().getSimpleName(), cause.toString());
            throw new ProjectionRetryException(processingGroup, event, cause);
        }
        int failed;
        synchronized (failedAttempts) {
            failed = failedAttempts.merge(event.getIdentifier(), 1, Integer::sum);
            if (failed >= attempts) {
                failedAttempts.remove(event.getIdentifier());
            }
        }
        if (failed < attempts) {
            log.warn("Projection {} failed on event {} ({}), attempt {} of {}; the processor retries it: {}",
                    processingGroup, event.getIdentifier(), event.getPayloadType().getSimpleName(), failed, attempts,
                    cause == null ? "-" : cause.toString());
            throw new ProjectionRetryException(processingGroup, event, cause);
        }
        return park(event, cause, 0);
    }

    private EnqueueDecision<EventMessage<?>> park(EventMessage<?> event, Throwable cause, int retries) {
        log.warn("Projection {} failed on event {} ({}); parked in its dead-letter queue (failed retries: {}): {}",
                processingGroup, event.getIdentifier(), event.getPayloadType().getSimpleName(), retries,
                cause == null ? "-" : cause.toString());
        return Decisions.enqueue(cause, l -> l.diagnostics().and(RETRIES, retries));
    }

    /**
     * Whether the failure (or one of its causes) is a store being unreachable, timing out or failing over: the read
     * store's ({@link ReadStoreFailures}) or the database's of the tables and dead letters (a JDBC connection
     * failure, SQL state class 08; the server shutting down or starting, 57P01-57P03; a serialization failure or a
     * deadlock, 40001 and 40P01, which pass when tried again).
     */
    static boolean unreachable(Throwable failure) {
        if (ReadStoreFailures.isTransient(failure)) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P0") || state.equals("40001")
                        || state.equals("40P01")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Failed retries so far: -1 for an event not parked yet. */
    static int retries(MetaData diagnostics) {
        Object value = diagnostics == null ? null : diagnostics.get(RETRIES);
        return value instanceof Number n ? n.intValue() : -1;
    }

    /** Hands a failure on to the processor, which retries the batch instead of parking the event. */
    static final class ProjectionRetryException extends RuntimeException {
        ProjectionRetryException(String processingGroup, EventMessage<?> event, Throwable cause) {
            super("Projection " + processingGroup + " retries event " + event.getIdentifier() + " ("
                    + event.getPayloadType().getSimpleName() + ")", cause);
        }
    }
}
