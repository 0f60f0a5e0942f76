package io.mdg.query.ops;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to an event a projection fails on: it is parked (never dropped: the read model would miss it for
 * good), with the failure as its cause and, in its diagnostics, how many retries failed ({@value #RETRIES}: 0 when
 * first parked). A retry that fails again parks it again with the new cause. Only an operator's eviction removes it.
 *
 * <p>Logs the event's id, type and sequence, never its payload (events can carry bank details).
 */
final class ParkingPolicy implements EnqueuePolicy<EventMessage<?>> {

    static final String RETRIES = "retries";

    private static final Logger log = LoggerFactory.getLogger(ParkingPolicy.class);

    private final String processingGroup;

    ParkingPolicy(String processingGroup) {
        this.processingGroup = processingGroup;
    }

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        int retries = retries(letter.diagnostics()) + 1;
        EventMessage<?> event = letter.message();
        log.warn("Projection {} failed on event {} ({}); parked in its dead-letter queue (failed retries: {}): {}",
                processingGroup, event.getIdentifier(), event.getPayloadType().getSimpleName(), retries,
                cause == null ? "-" : cause.toString());
        return Decisions.enqueue(cause, l -> l.diagnostics().and(RETRIES, retries));
    }

    /** Failed retries so far: -1 for an event not parked yet. */
    static int retries(MetaData diagnostics) {
        Object value = diagnostics == null ? null : diagnostics.get(RETRIES);
        return value instanceof Number n ? n.intValue() : -1;
    }
}
