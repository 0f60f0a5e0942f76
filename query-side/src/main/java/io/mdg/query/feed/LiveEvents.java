package io.mdg.query.feed;

import java.time.Instant;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Whether the event being handled right now is news, i.e. worth telling subscribers of the change feed, or history
 * that the read models are being (re)built from. History is
 * <ul>
 *   <li>a <b>replay</b>: the event's tracking token is a {@link ReplayToken} (the processor's tokens were reset;
 *       Axon's own test, {@link ReplayToken#isReplay(Message)}, on the message of the current unit of work);</li>
 *   <li>a <b>catch-up</b>: an event stored before this process started. The embedded memory read store starts
 *       without tokens at every start-up and rebuilds from the first event: that is not a replay in Axon's sense,
 *       but it must not flood subscribers either (who subscribed after the start anyway).</li>
 * </ul>
 * Decided per event, not by the processor's "caught up" state: a service that starts under continuous ingest is
 * never caught up for long, and its feed must still carry what is submitted after its start, even while it works
 * through the backlog.
 *
 * <p>An event handled outside a unit of work (a test calling a handler directly) counts as live.
 */
@Component
@Profile("query")
public class LiveEvents {

    private final Instant started;

    @Autowired
    public LiveEvents() {
        this(Instant.now());
    }

    LiveEvents(Instant started) {
        this.started = started;
    }

    /** Whether the event currently handled is live (neither replayed nor stored before this process started). */
    public boolean isLive() {
        return CurrentUnitOfWork.map(uow -> isLive(uow.getMessage())).orElse(true);
    }

    boolean isLive(Message<?> message) {
        if (ReplayToken.isReplay(message)) {
            return false;
        }
        return !(message instanceof EventMessage<?> event) || !event.getTimestamp().isBefore(started);
    }
}
