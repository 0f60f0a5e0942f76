package io.mdg.query.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.threeten.extra.MutableClock;

import com.mongodb.MongoSocketOpenException;
import com.mongodb.ServerAddress;

import io.mdg.query.GoldenRecordsProcessing;
import io.mdg.query.health.ProjectionsHealthIndicator;

/**
 * A projection whose batches fail is reported in error, with the failure and since when, until a batch commits
 * again, also between attempts, when its processor holds no segment and shows no error itself.
 */
class ProcessorFailuresTest {

    private static final String GROUP = GoldenRecordsProcessing.GROUP;

    private final MutableClock clock = MutableClock.of(Instant.parse("2026-12-05T09:00:00Z"), ZoneOffset.UTC);
    private final ProcessorFailures failures = new ProcessorFailures(clock);
    private final MessageHandlerInterceptor<EventMessage<?>> interceptor = failures.interceptor(GROUP);

    /** A batch of two events of segment 0 through the interceptor; its handlers throw {@code failure} if given. */
    private void batch(RuntimeException failure) {
        List<EventMessage<?>> events = List.of(GenericEventMessage.asEventMessage("a"),
                GenericEventMessage.asEventMessage("b"));
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(events);
        unitOfWork.resources().put("Processor[" + GROUP + "]/SegmentId", 0);
        unitOfWork.executeWithResult(() -> new DefaultInterceptorChain<>(unitOfWork, List.of(interceptor), m -> {
            if (failure != null) {
                throw failure;
            }
            return null;
        }).proceed());
    }

    /** The processor as it looks between attempts: running, not in error, holding no segment. */
    private static EventProcessingConfiguration betweenAttempts() {
        StreamingEventProcessor processor = mock(StreamingEventProcessor.class);
        when(processor.isRunning()).thenReturn(true);
        when(processor.isError()).thenReturn(false);
        when(processor.processingStatus()).thenReturn(Map.of());
        EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
        when(processing.eventProcessors()).thenReturn(Map.of(GROUP, processor));
        return processing;
    }

    private Health health() {
        return new EventProcessorsHealthIndicator(betweenAttempts(), mock(EventStore.class), failures).health();
    }

    /** The readiness group's view of the same processor ({@code projections}). */
    private Health projections() {
        return new ProjectionsHealthIndicator(betweenAttempts(), failures, true).health();
    }

    @Test
    void readiness_keeps_a_failing_projection_down_between_attempts_and_up_again_once_a_batch_commits() {
        assertThat(projections().getStatus()).isEqualTo(Status.UP);

        batch(new IllegalStateException("Projection golden-records retries event e-1 (RecordRegisteredEvent)"));

        assertThat(projections().getStatus()).as("no segment held, no error in the processor").isEqualTo(Status.DOWN);
        batch(null);
        assertThat(projections().getStatus()).isEqualTo(Status.UP);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> details() {
        return (Map<String, Object>) health().getDetails().get(GROUP);
    }

    @Test
    void a_projection_whose_batches_fail_is_in_error_with_the_failure_and_since_when_until_a_batch_commits() {
        assertThat(details()).containsEntry("error", false).doesNotContainKey("message");
        Instant first = clock.instant();

        batch(new IllegalStateException("Projection golden-records retries event e-1 (RecordRegisteredEvent)",
                new MongoSocketOpenException("Exception opening socket", new ServerAddress("127.0.0.1", 1))));
        clock.setInstant(first.plusSeconds(4));
        batch(new IllegalStateException("Projection golden-records retries event e-1 (RecordRegisteredEvent)",
                new MongoSocketOpenException("Exception opening socket", new ServerAddress("127.0.0.1", 1))));

        Health failing = health();
        assertThat(failing.getStatus()).isEqualTo(Status.DOWN);
        assertThat(details()).containsEntry("error", true).containsEntry("since", first.toString());
        assertThat((String) details().get("message")).contains("retries event e-1")
                .contains("com.mongodb.MongoSocketOpenException: Exception opening socket");

        batch(null);

        assertThat(health().getStatus()).isEqualTo(Status.UP);
        assertThat(details()).containsEntry("error", false).doesNotContainKey("message");
    }

    @Test
    void a_failure_not_repeated_for_a_while_is_over() {
        batch(new IllegalStateException("fails"));
        assertThat(failures.failure(GROUP)).isPresent();

        clock.add(ProcessorFailures.STALE.plusSeconds(1));

        assertThat(failures.failure(GROUP)).isEmpty();
    }
}
