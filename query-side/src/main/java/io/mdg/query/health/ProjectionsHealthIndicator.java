package io.mdg.query.health;

import java.util.LinkedHashMap;
import java.util.Map;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.query.ops.ProcessorFailures;

/**
 * Health of every streaming event processor: running, in error, replaying, caught up, and its position. A processor
 * in error makes this DOWN, also between its attempts at a failing batch ({@link ProcessorFailures}). While a processor replays (a rebuild of its read models, which the embedded memory read
 * store does at every start) it is OUT_OF_SERVICE when {@code mdg.readiness.wait-for-replay} is true (the
 * default), so that readiness tells load balancers and {@code ./mdg start} to wait for complete read models.
 */
@Component("projections")
@Profile("query")
public class ProjectionsHealthIndicator extends AbstractHealthIndicator {

    private final EventProcessingConfiguration processing;
    private final ProcessorFailures failures;
    private final boolean waitForReplay;

    public ProjectionsHealthIndicator(EventProcessingConfiguration processing, ProcessorFailures failures,
                                      @Value("${mdg.readiness.wait-for-replay:true}") boolean waitForReplay) {
        super("projection health check failed");
        this.processing = processing;
        this.failures = failures;
        this.waitForReplay = waitForReplay;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Status status = Status.UP;
        for (Map.Entry<String, EventProcessor> entry : processing.eventProcessors().entrySet()) {
            if (!(entry.getValue() instanceof StreamingEventProcessor processor)) {
                continue;
            }
            Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
            // between two attempts at a failing batch its segment is released and nothing in the processor shows
            // the failure: ProcessorFailures keeps it until the segment processes a batch again
            boolean error = !processor.isRunning() && processor.isError()
                    || segments.values().stream().anyMatch(EventTrackerStatus::isErrorState)
                    || failures.failure(entry.getKey()).isPresent();
            boolean replaying = processor.isReplaying();
            boolean caughtUp = !segments.isEmpty() && segments.values().stream().allMatch(EventTrackerStatus::isCaughtUp);
            long position = segments.values().stream()
                    .mapToLong(s -> s.getCurrentPosition().orElse(-1L)).min().orElse(-1L);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("running", processor.isRunning());
            details.put("error", error);
            details.put("replaying", replaying);
            details.put("caughtUp", caughtUp);
            details.put("segments", segments.size());
            details.put("position", position);
            builder.withDetail(entry.getKey(), details);
            if (error) {
                status = Status.DOWN;
            } else if (replaying && waitForReplay && status != Status.DOWN) {
                status = Status.OUT_OF_SERVICE;
            }
        }
        builder.status(status);
    }
}
