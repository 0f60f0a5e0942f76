package io.mdg.query.distribution.push;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import io.mdg.api.EntityType;
import io.mdg.api.consumer.DeliveredVersionView;
import io.mdg.api.consumer.DeliveryStatusView;
import io.mdg.api.consumer.ParkedDeliveryView;
import io.mdg.api.consumer.ParkedReplayResult;
import io.mdg.distribution.webhook.WebhookSender;
import io.mdg.query.consumer.ConsumerRegistry;
import io.mdg.query.consumer.StoredConsumer;
import io.mdg.query.crypto.ReadModelCipher;
import io.mdg.query.distribution.ConsumerFeedSource;
import io.mdg.rules.consumer.EndpointPolicy;

/**
 * Pushes the feeds of the consumers registered for push (PUSH or BOTH) to their endpoints: one {@link PushWorker}
 * per consumer on a small shared scheduler ({@code mdg.distribution.push.threads}), so a consumer whose endpoint is
 * slow or down never holds up the others, and each reads at most one page of its feed at a time (memory bounded
 * whatever the backlog). Every {@code refresh-interval} the registry is read again: workers start for new push
 * consumers, stop for consumers no longer pushed to, and take changed endpoints, secrets and SLAs.
 *
 * <p>Starts once the context is up (the last of the lifecycle phases) and stops first at shutdown; its state is in
 * PostgreSQL ({@link PushState}), so a restart, or a kill, resends at most the batches that were in flight.
 *
 * <p>Meters, tagged {@code consumer=<id>}: {@code mdg.push.backlog} and {@code mdg.push.parked} (gauges),
 * {@code mdg.push.lag} (timer: change committed to endpoint acknowledged, per entry), {@code mdg.push.delivered} and
 * {@code mdg.push.failed} (entries acknowledged, entries in failed POSTs).
 *
 * <p>Several processes (service nodes) share the database: each consumer is pushed to by one of them at a time, the
 * one that holds its lock ({@link PushLeases}); a node that stops or dies lets go of its consumers, and another
 * node's next refresh takes them over.
 */
@Component
@Profile("query")
public class PushDeliveries implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PushDeliveries.class);

    private final ConsumerRegistry registry;
    private final ConsumerFeedSource feeds;
    private boolean listening;
    private final PushState state;
    private final PushLeases leases;
    private final WebhookSender sender;
    private final MeterRegistry meters;
    private final PushSettings settings;
    private final Clock clock;
    private final Map<String, PushWorker> workers = new ConcurrentHashMap<>();
    private final Map<String, List<Meter>> workerMeters = new ConcurrentHashMap<>();
    private volatile ScheduledThreadPoolExecutor scheduler;

    @Autowired
    public PushDeliveries(ConsumerRegistry registry, ObjectProvider<ConsumerFeedSource> feeds, DataSource dataSource,
                          ReadModelCipher cipher, MeterRegistry meters, PushSettings settings,
                          @Value("${mdg.consumers.allow-insecure-endpoints:false}") boolean allowInsecureEndpoints) {
        this(registry, feeds.getIfAvailable(), dataSource, cipher, meters, settings,
                EndpointPolicy.forSetting(allowInsecureEndpoints), Clock.systemUTC());
    }

    PushDeliveries(ConsumerRegistry registry, ConsumerFeedSource feeds, DataSource dataSource, ReadModelCipher cipher,
                   MeterRegistry meters, PushSettings settings, EndpointPolicy endpoints, Clock clock) {
        this.registry = registry;
        this.feeds = feeds;
        this.state = new PushState(dataSource, cipher);
        this.leases = new PushLeases(dataSource);
        this.sender = new WebhookSender(endpoints, settings.connectTimeout(), settings.requestTimeout());
        this.meters = meters;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        if (feeds == null) {
            log.info("No consumer feeds in this process (no ConsumerFeedSource): nothing is pushed");
            return;
        }
        AtomicInteger threads = new AtomicInteger();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(settings.threads(), task -> {
            Thread thread = new Thread(task, "mdg-push-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        scheduler = executor;
        if (!listening) {
            // a worker waiting for its feed goes on at once when the feed gets new entries in this process
            feeds.onAppended(id -> {
                PushWorker worker = workers.get(id);
                if (worker != null) {
                    worker.wake();
                }
            });
            listening = true;
        }
        executor.scheduleWithFixedDelay(this::refresh, 0, settings.refreshInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        ScheduledThreadPoolExecutor executor = scheduler;
        if (executor == null) {
            return;
        }
        workers.values().forEach(PushWorker::stop);
        executor.shutdown(); // the refresh and every step not yet started are dropped, those under way finish
        try {
            long wait = settings.connectTimeout().plus(settings.requestTimeout()).plusSeconds(1).toMillis();
            if (!executor.awaitTermination(wait, TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        workers.keySet().forEach(this::removeMeters);
        workers.clear();
        leases.close();
        scheduler = null;
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    /** Brings the workers in line with the registry's push consumers. */
    void refresh() {
        try {
            Map<String, StoredConsumer> pushed = new LinkedHashMap<>();
            for (StoredConsumer consumer : registry.all()) {
                if (consumer.view().settings().delivery().pushes() && consumer.view().settings().endpoint() != null) {
                    pushed.put(consumer.view().consumerId(), consumer);
                }
            }
            Set<String> mine = leases.claim(pushed.keySet());
            for (String id : new ArrayList<>(workers.keySet())) {
                if (!mine.contains(id)) {
                    workers.remove(id).stop();
                    removeMeters(id);
                    log.info("Push delivery to consumer {} stopped here: {}", id, pushed.containsKey(id)
                            ? "another node delivers it" : "it is no longer pushed to");
                }
            }
            pushed.forEach((id, consumer) -> {
                PushWorker worker = workers.get(id);
                if (!mine.contains(id)) {
                    return; // another node delivers it
                }
                if (worker != null) {
                    worker.update(consumer);
                } else if (scheduler != null && !scheduler.isShutdown()) {
                    PushWorker started = new PushWorker(consumer, state, feeds, sender, settings, clock, scheduler,
                            meters(id));
                    workers.put(id, started);
                    gauges(started);
                    started.start();
                    log.info("Push delivery to consumer {} started", id);
                }
            });
        } catch (RuntimeException e) {
            log.warn("Push delivery could not read the consumer registry; trying again in {} ms",
                    settings.refreshInterval().toMillis(), e);
        }
    }

    private PushWorker.Meters meters(String id) {
        Tags tags = Tags.of("consumer", id);
        Counter delivered = Counter.builder("mdg.push.delivered").tags(tags)
                .description("Entries of the consumer's feed its endpoint acknowledged").register(meters);
        Counter failed = Counter.builder("mdg.push.failed").tags(tags)
                .description("Entries in POSTs to the consumer's endpoint that failed").register(meters);
        Timer lag = Timer.builder("mdg.push.lag").tags(tags).publishPercentiles(0.5, 0.99)
                .description("From a change's commit to the consumer's endpoint acknowledging it").register(meters);
        workerMeters.computeIfAbsent(id, k -> new ArrayList<>()).addAll(List.of(delivered, failed, lag));
        return new PushWorker.Meters(delivered, failed, lag);
    }

    private void gauges(PushWorker worker) {
        Tags tags = Tags.of("consumer", worker.consumerId());
        workerMeters.get(worker.consumerId()).addAll(List.of(
                Gauge.builder("mdg.push.backlog", worker, PushWorker::backlog).tags(tags)
                        .description("Entries of the consumer's feed not yet acknowledged nor parked").register(meters),
                Gauge.builder("mdg.push.parked", worker, PushWorker::parked).tags(tags)
                        .description("Entries parked in the consumer's dead-letter list").register(meters)));
    }

    private void removeMeters(String id) {
        Optional.ofNullable(workerMeters.remove(id)).ifPresent(list -> list.forEach(meters::remove));
    }

    // ------------------------------------------------------------------------------ for operators and health

    /** The running workers' consumers, with their status now. */
    List<Running> running() {
        Instant now = clock.instant();
        return workers.values().stream().map(w -> new Running(w.consumer(), w.status(now))).toList();
    }

    /** A consumer being pushed to, and where its delivery stands. */
    record Running(StoredConsumer consumer, DeliveryStatusView status) {
    }

    /**
     * Where the delivery to each of these consumers stands: as its worker sees it where this node delivers it, else
     * as the node that delivers it saved it last. Consumers not pushed to are left out.
     */
    public List<DeliveryStatusView> status(List<String> consumerIds) {
        Instant now = clock.instant();
        List<DeliveryStatusView> found = new ArrayList<>();
        for (String id : consumerIds) {
            PushWorker worker = workers.get(id);
            if (worker != null) {
                found.add(worker.status(now));
            } else if (feeds != null && registry.load(id).filter(c -> c.view().settings().delivery().pushes()
                    && c.view().settings().endpoint() != null).isPresent()) {
                found.add(saved(id, now));
            }
        }
        return found;
    }

    private DeliveryStatusView saved(String consumerId, Instant now) {
        PushState.Position at = state.position(consumerId);
        return new DeliveryStatusView(consumerId, at.paused() ? DeliveryStatusView.State.PAUSED
                : DeliveryStatusView.State.ACTIVE, at.ackedSeq(), Math.max(0, feeds.head(consumerId) - at.ackedSeq()),
                state.parkedCount(consumerId), PushWorker.waited(feeds, consumerId, at.ackedSeq(), now),
                at.lastError(), at.lastErrorAt(), at.lastDeliveredAt());
    }

    /** The consumer's parked entries in feed order. */
    public List<ParkedDeliveryView> parked(String consumerId, int limit) {
        return state.parked(consumerId, limit);
    }

    /** The versions of these records the consumer's endpoint acknowledged last. */
    public List<DeliveredVersionView> delivered(String consumerId, EntityType type, List<String> recordIds) {
        return feeds == null ? List.of() : state.delivered(consumerId, type, recordIds, feeds);
    }

    /**
     * Has parked entries delivered again by the consumer's worker, at its next step, before anything else: every one
     * ({@code seq} null) or those of the record of the entry at {@code seq}.
     *
     * @throws NoSuchElementException when there is no parked entry at {@code seq}
     */
    public ParkedReplayResult replay(String consumerId, Long seq) {
        int queued = state.requestReplay(consumerId, seq);
        if (seq != null && queued == 0) {
            throw new NoSuchElementException("consumer " + consumerId + " has no parked entry " + seq);
        }
        return new ParkedReplayResult(consumerId, queued, state.parkedCount(consumerId));
    }
}
