package io.mdg.query.feed;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.query.GoldenRecordsProcessing;

/**
 * Whether the event being handled right now is news, i.e. worth telling subscribers of the change feed, or history
 * that the read models are being (re)built from. History is
 * <ul>
 *   <li>a <b>replay</b>: the event's tracking token is a {@link ReplayToken} (the processor's tokens were reset;
 *       Axon's own test, {@link ReplayToken#isReplay(Message)}, on the message of the current unit of work);</li>
 *   <li>a <b>catch-up</b>: the processor of {@link GoldenRecordsProcessing#GROUP} has not yet reached the head of
 *       the event stream since it started. The embedded memory read store starts without tokens at every start-up
 *       and rebuilds from the first event: that is not a replay in Axon's sense, but it must not flood
 *       subscribers either. Once every segment has caught up it stays live (Axon's "caught up" is sticky too).</li>
 * </ul>
 * An event handled outside a unit of work (a test calling a handler directly) counts as live when no processor is
 * configured.
 */
@Component
@Profile("query")
public class LiveEvents {

    private final Supplier<Optional<StreamingEventProcessor>> processor;
    private volatile boolean caughtUp;

    @Autowired
    public LiveEvents(ObjectProvider<EventProcessingConfiguration> processing) {
        this(() -> Optional.ofNullable(processing.getIfAvailable())
                .flatMap(p -> p.eventProcessor(GoldenRecordsProcessing.GROUP, StreamingEventProcessor.class)));
    }

    LiveEvents(Supplier<Optional<StreamingEventProcessor>> processor) {
        this.processor = processor;
    }

    /** Whether the event currently handled is live (neither replayed nor part of a catch-up). */
    public boolean isLive() {
        boolean replay = CurrentUnitOfWork.map(uow -> ReplayToken.isReplay(uow.getMessage())).orElse(false);
        return !replay && caughtUp();
    }

    private boolean caughtUp() {
        if (caughtUp) {
            return true;
        }
        Optional<StreamingEventProcessor> found = processor.get();
        if (found.isEmpty()) {
            return true;
        }
        Map<Integer, EventTrackerStatus> segments = found.get().processingStatus();
        boolean all = !segments.isEmpty() && segments.values().stream().allMatch(EventTrackerStatus::isCaughtUp);
        if (all) {
            caughtUp = true;
        }
        return all;
    }
}
