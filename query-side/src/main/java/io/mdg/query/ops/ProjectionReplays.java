package io.mdg.query.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.Actor;
import io.mdg.api.ops.ReplayReport;
import io.mdg.api.ops.ReplayStatusView;

/**
 * Rebuilds projections from the event store: stops the group's processor, resets its tokens to the start (its
 * {@code @ResetHandler}s drop the read models, its dead-letter queue is cleared) and starts it again; the processor
 * then replays every event up to the position it had reached (the reset position), and goes on live after it.
 *
 * <p>Progress comes from the processor's own segment status: events done is the lowest segment's position, the
 * total is the reset position, the rate is the average since the reset. While a group replays, its readiness is
 * OUT_OF_SERVICE when {@code mdg.readiness.wait-for-replay} is true (the {@code projections} health); otherwise
 * reads keep being served from read models that fill up as the replay goes.
 *
 * <p>Behind Axon Server with several query processes, the reset must find the group stopped everywhere: stop the
 * group on the other processes first (Axon Server's console), or run one query process.
 */
@Component
@Profile("query")
public class ProjectionReplays {

    private static final Logger log = LoggerFactory.getLogger(ProjectionReplays.class);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(60);

    /** A rebuild asked for in this process. */
    record Started(String requestedBy, Instant at) {
    }

    private final EventProcessingConfiguration processing;
    private final Clock clock;
    private final Map<String, Started> started = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "mdg-replay");
        thread.setDaemon(true);
        return thread;
    });

    @Autowired
    public ProjectionReplays(EventProcessingConfiguration processing) {
        this(processing, Clock.systemUTC());
    }

    ProjectionReplays(EventProcessingConfiguration processing, Clock clock) {
        this.processing = processing;
        this.clock = clock;
    }

    /**
     * Resets the group (or every projection group when null) and starts rebuilding; answers at once with the state
     * right after the reset. Refused for a group that cannot be reset or is already replaying.
     */
    public ReplayReport replay(String group, Actor actor) {
        List<String> groups = ProjectionGroups.resolve(group);
        List<StreamingEventProcessor> processors = new ArrayList<>();
        for (String name : groups) {
            StreamingEventProcessor processor = processor(name);
            if (processor == null || !processor.supportsReset()) {
                throw new IllegalArgumentException("processing group " + name + " cannot be replayed here");
            }
            if (processor.isReplaying()) {
                throw new IllegalStateException("processing group " + name + " is replaying already");
            }
            processors.add(processor);
        }
        try {
            worker.submit(() -> {
                for (int i = 0; i < groups.size(); i++) {
                    reset(groups.get(i), processors.get(i), actor);
                }
                return null;
            }).get(SHUTDOWN_WAIT.toSeconds() * groups.size() + 10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resetting " + groups, e);
        } catch (Exception e) {
            throw new IllegalStateException("could not reset " + groups + ": " + e.getMessage(), e);
        }
        return status(groups);
    }

    private void reset(String name, StreamingEventProcessor processor, Actor actor) throws Exception {
        log.info("Replay of {} asked by {}: stopping the processor", name, actor);
        processor.shutdownAsync().get(SHUTDOWN_WAIT.toSeconds(), TimeUnit.SECONDS);
        processor.resetTokens();
        started.put(name, new Started(actor.toString(), clock.instant()));
        processor.start();
        log.info("Replay of {} started", name);
    }

    /** The state of every projection group. */
    public ReplayReport status() {
        return status(ProjectionGroups.ALL);
    }

    private ReplayReport status(Collection<String> groups) {
        List<ReplayStatusView> views = new ArrayList<>();
        for (String name : groups) {
            StreamingEventProcessor processor = processor(name);
            if (processor != null) {
                views.add(view(name, processor));
            }
        }
        return new ReplayReport(views);
    }

    ReplayStatusView view(String name, StreamingEventProcessor processor) {
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        boolean replaying = processor.isReplaying();
        boolean error = segments.values().stream().anyMatch(EventTrackerStatus::isErrorState);
        Started start = started.get(name);
        long total = segments.values().stream().mapToLong(s -> s.getResetPosition().orElse(-1L)).max().orElse(-1L);
        long done = segments.values().stream().mapToLong(s -> s.getCurrentPosition().orElse(0L)).min().orElse(0L);
        if (!replaying) {
            total = 0;
            done = 0;
        } else {
            total = Math.max(total, 0);
            done = Math.min(Math.max(done, 0), total);
        }
        long remaining = Math.max(0, total - done);
        double rate = 0;
        Instant end = null;
        if (replaying && start != null) {
            double seconds = Math.max(0.001, Duration.between(start.at(), clock.instant()).toMillis() / 1000.0);
            rate = done / seconds;
            if (rate > 0) {
                end = clock.instant().plusMillis((long) (remaining / rate * 1000));
            }
        }
        return new ReplayStatusView(name, processor.isRunning(), replaying, error,
                start == null ? null : start.requestedBy(), start == null ? null : start.at(), done, total, remaining,
                rate, end);
    }

    private StreamingEventProcessor processor(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class).orElse(null);
    }
}
