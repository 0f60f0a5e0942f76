package io.mdg.query.distribution.push;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;

import io.mdg.api.consumer.DeliveryStatusView;
import io.mdg.distribution.webhook.Backoff;
import io.mdg.distribution.webhook.DeliveryOutcome;
import io.mdg.distribution.webhook.SigningSecrets;
import io.mdg.distribution.webhook.WebhookSender;
import io.mdg.query.consumer.StoredConsumer;
import io.mdg.query.distribution.ConsumerFeedSource;
import io.mdg.query.distribution.FeedItem;

/**
 * Delivers one consumer's feed to its endpoint, one batch at a time, in feed order. Runs as a chain of steps on the
 * shared scheduler: each step schedules the next, so a worker never runs twice at once, and one waiting out a
 * back-off or a pause holds no thread (only a POST under way does, for at most the sender's timeouts).
 *
 * <p>A step reads at most one page (max-batch entries) after the acknowledged place and posts the entries not held
 * back, as one batch. The endpoint's 2xx acknowledges the batch: the place moves past it, in one transaction with
 * the delivered versions. Timeouts, 5xx, 429 and 408 are tried again after an exponential back-off with jitter (at
 * least the endpoint's Retry-After); after the last attempt, or at once for other answers, the batch is parked and
 * delivery goes on with the next entries. While a record has a parked entry, its later entries are parked behind
 * it without being posted (a sequenced dead-letter list, as Axon's): none overtakes it. An operator's replay puts
 * parked entries back in front of the feed.
 *
 * <p>After {@code pause-after} consecutive batches end parked, the consumer is paused: every {@code pause-probe} one
 * POST of its next entry probes the endpoint, and the first that is acknowledged resumes delivery. A paused consumer
 * parks nothing more, so its parked list stops growing while its endpoint is down; the feed keeps the rest.
 */
final class PushWorker {

    private static final Logger log = LoggerFactory.getLogger(PushWorker.class);
    private static final String CLOUD_EVENT = "application/cloudevents+json";
    private static final String CLOUD_EVENTS_BATCH = "application/cloudevents-batch+json";

    /** The meters of one consumer's delivery. */
    record Meters(Counter delivered, Counter failed, Timer lag) {
    }

    private final String consumerId;
    private final PushState state;
    private final ConsumerFeedSource feeds;
    private final WebhookSender sender;
    private final PushSettings settings;
    private final Backoff backoff;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Meters meters;
    private final AtomicLong parked = new AtomicLong();

    private volatile StoredConsumer consumer;
    private volatile boolean stopped;
    /** Whether the next step is only waiting for the feed to get entries (not a back-off, a probe or a retry). */
    private boolean waitingForFeed;
    /** A step is under way (guarded by this worker's monitor): no other starts until it has scheduled the next. */
    private boolean stepping;
    /** The feed got entries while a step was under way: if that step finds nothing more, the next follows at once. */
    private boolean woken;
    private ScheduledFuture<?> next;

    // the worker's own state, written by its steps only (one at a time); volatile for status and health readers
    private volatile long ackedSeq;
    private volatile boolean paused;
    private volatile PushBatch batch;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile Instant lastDeliveredAt;
    private int parkedBatches;
    private int attempts;
    private Instant nextProbe;
    private Map<PushState.RecordKey, Long> heads;

    PushWorker(StoredConsumer consumer, PushState state, ConsumerFeedSource feeds, WebhookSender sender,
               PushSettings settings, Clock clock, ScheduledExecutorService scheduler, Meters meters) {
        this.consumerId = consumer.view().consumerId();
        this.consumer = consumer;
        this.state = state;
        this.feeds = feeds;
        this.sender = sender;
        this.settings = settings;
        this.backoff = settings.backoff();
        this.clock = clock;
        this.scheduler = scheduler;
        this.meters = meters;
        PushState.Position position = state.position(consumerId);
        this.ackedSeq = position.ackedSeq();
        this.paused = position.paused();
        this.parkedBatches = position.parkedBatches();
        this.lastError = position.lastError();
        this.lastErrorAt = position.lastErrorAt();
        this.lastDeliveredAt = position.lastDeliveredAt();
        this.nextProbe = clock.instant(); // a consumer paused before a restart is probed at once
        reloadParked();
    }

    String consumerId() {
        return consumerId;
    }

    StoredConsumer consumer() {
        return consumer;
    }

    /** The registry's newer view of the consumer (its endpoint, secrets or SLA changed): used from the next POST. */
    void update(StoredConsumer changed) {
        this.consumer = changed;
    }

    synchronized void start() {
        schedule(Duration.ZERO);
    }

    /** No further step starts; one under way finishes (its POST is bounded by the sender's timeouts). */
    synchronized void stop() {
        stopped = true;
        if (next != null) {
            next.cancel(false);
        }
    }

    /**
     * The feed got new entries: a worker waiting for them steps at once (one in a back-off or pause waits on). While a
     * step is under way nothing is scheduled (a future's cancel succeeds on a running step too, and a second chain of
     * steps would post every batch twice): the step, when done, steps again at once.
     */
    synchronized void wake() {
        if (stopped) {
            return;
        }
        if (stepping) {
            woken = true;
        } else if (waitingForFeed && next != null && next.cancel(false)) {
            waitingForFeed = false;
            schedule(Duration.ZERO);
        }
    }

    private synchronized void schedule(Duration delay) {
        if (!stopped) {
            try {
                next = scheduler.schedule(this::run, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                stopped = true; // the scheduler is shutting down
            }
        }
    }

    private void run() {
        synchronized (this) {
            if (stepping) {
                // started by a wake that cancelled a step already under way: that step schedules the next one
                woken = true;
                return;
            }
            stepping = true;
            woken = false;
            waitingForFeed = false;
        }
        Duration delay;
        boolean idle = false;
        try {
            delay = step();
            idle = batch == null && !paused && delay.equals(settings.pollInterval());
        } catch (RuntimeException e) {
            // the database or the feed failed: the batch in flight (if any) is tried again later, nothing is lost
            log.warn("Push delivery to consumer {} failed to read or write its state; trying again in {} ms",
                    consumerId, settings.pollInterval().toMillis(), e);
            lastError = "delivery state unavailable: " + e.getClass().getSimpleName();
            lastErrorAt = clock.instant();
            delay = settings.pollInterval();
        }
        synchronized (this) {
            stepping = false;
            waitingForFeed = idle && !woken;
            schedule(idle && woken ? Duration.ZERO : delay);
        }
    }

    /** One step: a POST of the batch in flight or of the next one. How long until the next step. */
    Duration step() {
        Instant now = clock.instant();
        if (batch == null) {
            if (paused && now.isBefore(nextProbe)) {
                return Duration.between(now, nextProbe);
            }
            PushBatch nextBatch = next(paused ? 1 : settings.maxBatch());
            if (nextBatch == null) {
                return settings.pollInterval();
            }
            if (nextBatch.sent().isEmpty()) {
                state.held(consumerId, nextBatch, now);
                ackedSeq = nextBatch.through();
                logHeld(nextBatch);
                reloadParked();
                return Duration.ZERO;
            }
            batch = nextBatch;
            attempts = 0;
        }
        PushBatch current = batch;
        DeliveryOutcome outcome = send(current);
        now = clock.instant();
        if (outcome.status() == DeliveryOutcome.Status.DELIVERED) {
            acknowledged(current, now);
            return Duration.ZERO;
        }
        attempts++;
        meters.failed().increment(current.sent().size());
        lastError = outcome.description();
        lastErrorAt = now;
        if (paused) {
            // a probe: not parked (it is read again at the next probe), the consumer stays paused
            batch = null;
            nextProbe = now.plus(settings.pauseProbe());
            state.state(consumerId, true, parkedBatches, lastError, now);
            log.info("Push to paused consumer {}: probe {} failed ({}); next probe in {} ms", consumerId,
                    current.messageId(consumerId), outcome.description(), settings.pauseProbe().toMillis());
            return settings.pauseProbe();
        }
        if (outcome.status() == DeliveryOutcome.Status.FAILED || backoff.exhausted(attempts)) {
            park(current, now);
            return paused ? settings.pauseProbe() : Duration.ZERO;
        }
        Duration wait = backoff.delay(attempts, outcome.retryAfter());
        state.state(consumerId, false, parkedBatches, lastError, now);
        withCorrelation(current.sent().get(0), () -> log.info("Push to consumer {}: POST {} failed ({}), attempt {} "
                + "of {}; next in {} ms", consumerId, current.messageId(consumerId), outcome.description(), attempts,
                backoff.maxAttempts(), wait.toMillis()));
        return wait;
    }

    /**
     * The next batch: parked entries an operator asked to replay first, else the entries after the acknowledged
     * place, at most {@code limit} posted; null when there is nothing to deliver.
     */
    private PushBatch next(int limit) {
        if (parked.get() > 0) {
            List<FeedItem> replays = state.replayDue(consumerId, limit);
            if (!replays.isEmpty()) {
                return new PushBatch(true, replays, List.of(), ackedSeq);
            }
        }
        List<FeedItem> page = feeds.after(consumerId, ackedSeq, settings.maxBatch());
        if (page.isEmpty()) {
            return null;
        }
        List<FeedItem> sent = new ArrayList<>();
        List<PushBatch.Held> held = new ArrayList<>();
        long through = ackedSeq;
        for (FeedItem item : page) {
            if (sent.size() == limit) {
                break;
            }
            Long head = heads.get(new PushState.RecordKey(item.recordType(), item.recordId()));
            if (head == null) {
                sent.add(item);
            } else {
                held.add(new PushBatch.Held(item, head));
            }
            through = item.seq();
        }
        return new PushBatch(false, sent, held, through);
    }

    private DeliveryOutcome send(PushBatch current) {
        StoredConsumer target = consumer;
        SigningSecrets secrets;
        try {
            secrets = secrets(target, clock.instant());
        } catch (IllegalArgumentException e) {
            return DeliveryOutcome.failed(e.getMessage());
        }
        boolean single = settings.maxBatch() == 1;
        return sender.send(target.view().settings().endpoint(), current.messageId(consumerId), clock.instant(),
                single ? CLOUD_EVENT : CLOUD_EVENTS_BATCH, body(current.sent(), single), secrets);
    }

    /** The CloudEvents as the feed holds them, concatenated into a JSON array (or the one event, alone). */
    private static String body(List<FeedItem> items, boolean single) {
        if (single) {
            return new String(items.get(0).cloudEvent(), StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                bytes.write(',');
            }
            bytes.writeBytes(items.get(i).cloudEvent());
        }
        bytes.write(']');
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The consumer's secret, and the previous one while a rotation's overlap lasts: each signs every POST. */
    static SigningSecrets secrets(StoredConsumer consumer, Instant now) {
        if (consumer.secret() == null) {
            throw new IllegalArgumentException("consumer " + consumer.view().consumerId() + " has no signing secret");
        }
        boolean overlap = consumer.previousSecret() != null && consumer.previousUntil() != null
                && now.isBefore(consumer.previousUntil());
        return overlap ? SigningSecrets.rotating(consumer.secret().value(), consumer.previousSecret().value())
                : SigningSecrets.of(consumer.secret().value());
    }

    private void acknowledged(PushBatch current, Instant now) {
        state.acknowledged(consumerId, current, now);
        batch = null;
        ackedSeq = Math.max(ackedSeq, current.through());
        lastDeliveredAt = now;
        parkedBatches = 0;
        meters.delivered().increment(current.sent().size());
        for (FeedItem item : current.sent()) {
            if (!current.replay()) {
                meters.lag().record(Duration.between(item.committedAt(), now));
            }
            withCorrelation(item, () -> log.debug("Pushed {} {} v{} ({}, entry {}) to consumer {}",
                    item.recordType(), item.recordId(), item.version(), item.kind(), item.seq(), consumerId));
        }
        if (paused) {
            paused = false;
            log.info("Push to consumer {} resumed: its endpoint acknowledged {}", consumerId,
                    current.messageId(consumerId));
        }
        logHeld(current);
        if (current.replay() || !current.held().isEmpty()) {
            reloadParked();
        }
    }

    private void park(PushBatch current, Instant now) {
        int parkedInARow = parkedBatches + 1;
        boolean pause = parkedInARow >= settings.pauseAfter();
        state.parked(consumerId, current, attempts, lastError, now, parkedInARow, pause); // first: it may fail
        parkedBatches = parkedInARow;
        paused = pause;
        nextProbe = now.plus(settings.pauseProbe());
        batch = null;
        ackedSeq = Math.max(ackedSeq, current.through());
        for (FeedItem item : current.sent()) {
            withCorrelation(item, () -> log.warn("Push to consumer {}: {} {} v{} (entry {}, event {}) parked after {} "
                    + "attempt(s): {}", consumerId, item.recordType(), item.recordId(), item.version(), item.seq(),
                    item.id(), attempts, lastError));
        }
        logHeld(current);
        reloadParked();
        if (paused) {
            log.warn("Push to consumer {} paused: {} consecutive batches parked; its endpoint is probed every {} ms",
                    consumerId, parkedBatches, settings.pauseProbe().toMillis());
        }
    }

    private void logHeld(PushBatch current) {
        for (PushBatch.Held held : current.held()) {
            withCorrelation(held.item(), () -> log.warn("Push to consumer {}: {} {} v{} (entry {}) parked behind the "
                    + "parked entry {} of the same record", consumerId, held.item().recordType(),
                    held.item().recordId(), held.item().version(), held.item().seq(), held.behind()));
        }
    }

    private void reloadParked() {
        heads = state.parkedHeads(consumerId);
        parked.set(state.parkedCount(consumerId));
    }

    private static void withCorrelation(FeedItem item, Runnable logging) {
        if (item.correlationId() == null) {
            logging.run();
            return;
        }
        try (MDC.MDCCloseable ignored = MDC.putCloseable("correlationId", item.correlationId())) {
            logging.run();
        }
    }

    // ------------------------------------------------------------------------ status, read by other threads

    long parked() {
        return parked.get();
    }

    long backlog() {
        return Math.max(0, feeds.head(consumerId) - ackedSeq);
    }

    /**
     * How long the oldest entry not yet acknowledged (nor parked) has waited since its change was committed: the
     * batch in flight's oldest, else the next entry of the feed; zero when none waits.
     */
    Duration lag(Instant now) {
        PushBatch current = batch;
        Instant oldest = current != null && !current.replay() ? current.oldestCommit() : null;
        return oldest == null ? waited(feeds, consumerId, ackedSeq, now)
                : oldest.isAfter(now) ? Duration.ZERO : Duration.between(oldest, now);
    }

    /** How long the feed's next entry after {@code ackedSeq} has waited since its change was committed, or zero. */
    static Duration waited(ConsumerFeedSource feeds, String consumerId, long ackedSeq, Instant now) {
        List<FeedItem> waiting = feeds.after(consumerId, ackedSeq, 1);
        Instant oldest = waiting.isEmpty() ? null : waiting.get(0).committedAt();
        return oldest == null || oldest.isAfter(now) ? Duration.ZERO : Duration.between(oldest, now);
    }

    DeliveryStatusView status(Instant now) {
        return new DeliveryStatusView(consumerId, paused ? DeliveryStatusView.State.PAUSED
                : DeliveryStatusView.State.ACTIVE, ackedSeq, backlog(), parked(), lag(now), lastError, lastErrorAt,
                lastDeliveredAt);
    }
}
