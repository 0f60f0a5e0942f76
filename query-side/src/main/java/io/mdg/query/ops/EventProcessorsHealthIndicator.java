package io.mdg.query.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Every event processor of this process, with how far behind it is: running, in error (with the error), replaying,
 * and per segment its position and lag, the difference between the event store's head (one cheap query per check)
 * and the segment's position. DOWN when a processor is in error; a lag alone never is (a rebuild has a large one):
 * alert on {@code lag} or on the {@code projections} readiness instead. Subscribing processors (the command side's
 * lookup tables, handled in the same transaction as the events) have no position and show only whether they run.
 *
 * <p>A projection whose batches fail (e.g. its read store cannot be reached) is in error from its first failed batch
 * until it processes one again ({@link ProcessorFailures}), with {@code message} (the last failure and its cause)
 * and {@code since}: between its attempts the processor itself holds no segment and shows no error.
 */
@Component("eventProcessors")
@Profile("query")
public class EventProcessorsHealthIndicator extends AbstractHealthIndicator {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final ProcessorFailures failures;

    public EventProcessorsHealthIndicator(EventProcessingConfiguration processing, EventStore eventStore,
                                          ProcessorFailures failures) {
        super("event processor health check failed");
        this.processing = processing;
        this.eventStore = eventStore;
        this.failures = failures;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        TrackingToken headToken = eventStore.createHeadToken();
        long head = headToken == null ? -1 : headToken.position().orElse(-1L);
        builder.withDetail("head", head);
        Status status = Status.UP;
        for (Map.Entry<String, EventProcessor> entry : new TreeMap<>(processing.eventProcessors()).entrySet()) {
            EventProcessor processor = entry.getValue();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("running", processor.isRunning());
            details.put("error", processor.isError());
            failures.failure(entry.getKey()).ifPresent(failure -> {
                details.put("error", true);
                details.put("message", failure.message());
                details.put("since", failure.since().toString());
            });
            if (processor instanceof StreamingEventProcessor streaming) {
                Map<String, Object> segments = new LinkedHashMap<>();
                long maxLag = 0;
                for (EventTrackerStatus segment : new TreeMap<>(streaming.processingStatus()).values()) {
                    long position = segment.getCurrentPosition().orElse(-1L);
                    long lag = Math.max(0, head - position);
                    maxLag = Math.max(maxLag, lag);
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("position", position);
                    s.put("lag", lag);
                    s.put("caughtUp", segment.isCaughtUp());
                    s.put("replaying", segment.isReplaying());
                    if (segment.isErrorState()) {
                        s.put("error", String.valueOf(segment.getError()));
                        details.put("error", true);
                    }
                    segments.put(String.valueOf(segment.getSegment().getSegmentId()), s);
                }
                details.put("replaying", streaming.isReplaying());
                details.put("lag", maxLag);
                details.put("segments", segments);
            }
            if (Boolean.TRUE.equals(details.get("error"))) {
                status = Status.DOWN;
            }
            builder.withDetail(entry.getKey(), details);
        }
        builder.status(status);
    }
}
