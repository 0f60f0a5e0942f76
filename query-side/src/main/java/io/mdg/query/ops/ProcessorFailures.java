package io.mdg.query.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The last failure of each projection's processor ({@link ProjectionGroups}), from the batch that failed until a
 * batch of the same segment commits again. A failing batch is rolled back and its segment released until the
 * processor tries again, so between attempts the processor itself shows nothing wrong (no segment, not in error):
 * this is what {@link EventProcessorsHealthIndicator} reports instead ({@code error}, {@code message}, {@code since}).
 *
 * <p>Kept per segment (a segment that recovers does not hide another that still fails); {@code since} is when the
 * segment's current run of failures began. A failing segment is tried again at least every minute or so (the
 * processor's back-off stops at 60 s): a failure not repeated for {@link #STALE} is over, e.g. because another
 * instance of the service has taken the segment and processes it. Costs two callbacks per batch, none per event.
 */
@Component
@Profile("query")
public class ProcessorFailures implements ConfigurerModule {

    /** The resource under which Axon's streaming processors put a batch's segment id. */
    private static final String SEGMENT_RESOURCE = "Processor[%s]/SegmentId";
    private static final int MAX_MESSAGE = 500;
    static final Duration STALE = Duration.ofMinutes(3);

    /** A failing processor: what went wrong last and since when its failing segments fail. */
    public record Failure(String message, Instant since, Instant last, int failures) {
    }

    private final Map<String, Map<Integer, Failure>> failing = new ConcurrentHashMap<>();
    private final Clock clock;

    public ProcessorFailures() {
        this(Clock.systemUTC());
    }

    ProcessorFailures(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void configureModule(Configurer configurer) {
        for (String group : ProjectionGroups.ALL) {
            configurer.eventProcessing().registerHandlerInterceptor(group, c -> interceptor(group));
        }
    }

    /** The processor's failure while one of its segments has not processed a batch since failing. */
    public Optional<Failure> failure(String processor) {
        Map<Integer, Failure> segments = failing.get(processor);
        if (segments == null || segments.isEmpty()) {
            return Optional.empty();
        }
        Instant staleBefore = clock.instant().minus(STALE);
        segments.values().removeIf(failure -> failure.last().isBefore(staleBefore));
        Failure latest = null;
        Instant since = null;
        int failures = 0;
        for (Failure failure : segments.values()) {
            if (latest == null || failure.last().isAfter(latest.last())) {
                latest = failure;
            }
            since = since == null || failure.since().isBefore(since) ? failure.since() : since;
            failures += failure.failures();
        }
        return latest == null ? Optional.empty()
                : Optional.of(new Failure(latest.message(), since, latest.last(), failures));
    }

    /** Watches the batches of the processor: each rollback is a failure, each commit ends its segment's failures. */
    public MessageHandlerInterceptor<EventMessage<?>> interceptor(String processor) {
        String segmentResource = String.format(SEGMENT_RESOURCE, processor);
        return (UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) -> {
            if (!(unitOfWork instanceof BatchingUnitOfWork<?> batch) || batch.isFirstMessage()) {
                Object segmentId = unitOfWork.getResource(segmentResource);
                int segment = segmentId instanceof Integer id ? id : -1;
                unitOfWork.onRollback(u -> failed(processor, segment,
                        u.getExecutionResult() == null ? null : u.getExecutionResult().getExceptionResult()));
                unitOfWork.afterCommit(u -> processed(processor, segment));
            }
            return chain.proceed();
        };
    }

    void failed(String processor, int segment, Throwable cause) {
        Instant now = clock.instant();
        String message = describe(cause);
        failing.computeIfAbsent(processor, p -> new ConcurrentHashMap<>()).merge(segment,
                new Failure(message, now, now, 1),
                (before, next) -> new Failure(message, before.since(), now, before.failures() + 1));
    }

    void processed(String processor, int segment) {
        Map<Integer, Failure> segments = failing.get(processor);
        if (segments != null) {
            segments.remove(segment);
        }
    }

    /**
     * The failure and its innermost cause, type and message (never an event's payload: the messages are the
     * store's and the policy's, which name events by id and type only), shortened.
     */
    static String describe(Throwable cause) {
        if (cause == null) {
            return "the batch was rolled back";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (root != cause) {
            message += "; caused by " + root.getClass().getName() + ": " + root.getMessage();
        }
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 3) + "...";
    }
}
