package io.mdg.query.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mdg.api.EntityType;
import io.mdg.api.record.RecordView;
import io.mdg.query.record.RecordStoredListener;

/**
 * The propagation latency the integration teams ask for: from the event's time (the command was accepted and its
 * event stored) to the moment the golden record's new version is in the read model, as a histogram
 * ({@code mdg_propagation_latency_seconds}, per record type). Events replayed (a rebuild, or the catch-up of the
 * memory read store at start-up: events older than this process) are not propagation and are left out.
 */
@Component
@Profile("query")
public class PropagationLatency implements RecordStoredListener {

    private final MeterRegistry registry;
    /** The timer of each record type, registered once (a registry lookup per record costs). */
    private final java.util.Map<EntityType, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();
    private final Clock clock;
    private final Instant started;

    public PropagationLatency(MeterRegistry registry) {
        this.registry = registry;
        this.clock = Clock.systemUTC();
        this.started = clock.instant();
    }

    @Override
    public void stored(EntityType type, RecordView stored, Object event, long sequence, Instant at) {
        if (at == null || at.isBefore(started) || replaying()) {
            return;
        }
        // measured when the record is readable: the batch's writes are sent when its unit of work commits
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(u -> record(type, at));
        } else {
            record(type, at);
        }
    }

    private void record(EntityType type, Instant at) {
        Duration latency = Duration.between(at, clock.instant());
        timers.computeIfAbsent(type, t -> Timer.builder("mdg.propagation.latency")
                .description("From a command's event being stored to its golden record being updated in the read model")
                .tag("type", t.name())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry))
                .record(latency.isNegative() ? Duration.ZERO : latency);
    }

    private static boolean replaying() {
        if (!CurrentUnitOfWork.isStarted()) {
            return false;
        }
        return CurrentUnitOfWork.get().getMessage() instanceof TrackedEventMessage<?> tracked
                && ReplayToken.isReplay(tracked.trackingToken());
    }
}
