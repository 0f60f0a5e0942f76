package io.mdg.app.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.api.error.ErrorCode;
import io.mdg.api.error.MdgErrorDetails;
import io.mdg.api.idempotency.IdempotencyClaim;
import io.mdg.api.submission.FieldError;
import io.mdg.api.submission.SubmissionOutcome;
import io.mdg.api.submission.SubmissionResult;
import io.mdg.app.intake.InboundQueue.Claimed;
import io.mdg.app.intake.InboundQueue.Status;
import io.mdg.graphql.error.Failures;

/**
 * Works the inbound queue: claims due entries ({@link InboundQueue#claim}), maps each with its source's mapping file
 * and sends the submission through governance ({@link InboundSubmitter}: the path of the GraphQL {@code submit*}
 * mutations, the source system as the actor, the entry's correlation id). What became of it is written back:
 * DONE with the outcome (applied, held for approval, unchanged, stale), IGNORED (an event type the mapping ignores),
 * or DEAD with the reasons (a payload the mapping cannot map, a submission refused); a failure that may pass (a
 * timeout, the command side unavailable) is tried again after a growing wait, {@code max-attempts} times in all.
 *
 * <p>The idempotency key of an entry's submission is its webhook id (scoped to its source's client, as any of the
 * client's keys), so an entry worked twice (its worker died after sending, before writing the result) is answered
 * with the first answer; a replayed dead letter gets the webhook id with {@code ~r<n>}, a new key for a new try.
 */
public class InboundWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InboundWorker.class);

    private final InboundQueue queue;
    private final InboundSources sources;
    private final InboundSubmitter submitter;
    private final InboundSettings settings;
    private final ObjectMapper json;
    private final Clock clock;
    private final Semaphore wake = new Semaphore(0);
    private final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean running;
    private volatile Instant nextPurge = Instant.MIN;

    public InboundWorker(InboundQueue queue, InboundSources sources, InboundSubmitter submitter,
                         InboundSettings settings, ObjectMapper json, Clock clock) {
        this.queue = queue;
        this.sources = sources;
        this.submitter = submitter;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    /** Starts the configured number of worker threads. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (int i = 1; i <= settings.worker().threads(); i++) {
            Thread thread = new Thread(this::loop, "mdg-inbound-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** A new entry is queued: a waiting worker looks at once. */
    public void wake() {
        wake.release();
    }

    @Override
    public synchronized void close() {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(settings.worker().timeout().toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        threads.clear();
    }

    private void loop() {
        while (running) {
            try {
                purgeIfDue();
                if (runOnce() == 0) {
                    wake.tryAcquire(settings.worker().pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the database unavailable, say: the entries stay queued; look again after the poll interval
                log.warn("The inbound queue cannot be worked now: {}", e.toString());
                try {
                    Thread.sleep(settings.worker().pollInterval().toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private void purgeIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextPurge)) {
            return;
        }
        nextPurge = now.plus(settings.purgeInterval());
        int purged = queue.purge(now, settings.retention(), settings.deadLetterRetention());
        if (purged > 0) {
            log.info("Purged {} inbound entries past their retention", purged);
        }
    }

    /** Claims one batch of due entries and works it; answers how many were claimed. */
    public int runOnce() {
        List<Claimed> claimed = queue.claim(settings.worker().batch(), clock.instant(), settings.worker().lease());
        for (Claimed entry : claimed) {
            work(entry);
        }
        return claimed.size();
    }

    private void work(Claimed entry) {
        InboundSource source = sources.find(entry.source()).orElse(null);
        if (source == null) {
            queue.dead(entry, clock.instant(), null, null, null, List.of(new FieldError("source", "UNKNOWN_SOURCE",
                    "source '" + entry.source() + "' is no longer registered (mdg.inbound.sources)")));
            return;
        }
        String mappingVersion = source.mapping().version();
        if (entry.attempts() > settings.worker().maxAttempts()) {
            // claimed again and again without a result: its worker died each time (e.g. ran out of memory on it)
            queue.dead(entry, clock.instant(), null, mappingVersion, null, List.of(new FieldError("payload",
                    "TOO_MANY_ATTEMPTS", "no worker finished this entry in " + settings.worker().maxAttempts()
                            + " attempts")));
            return;
        }
        SourceMapping.Result mapped;
        try {
            JsonNode payload = json.readTree(entry.payload());
            mapped = source.mapping().map(payload, idempotencyKey(entry));
        } catch (java.io.IOException | RuntimeException e) {
            queue.dead(entry, clock.instant(), null, mappingVersion, null, List.of(new FieldError("payload",
                    SourceMapping.INVALID_VALUE, "the payload cannot be read: " + SourceMapping.abbreviate(
                            e.getMessage()))));
            return;
        }
        if (mapped instanceof SourceMapping.Result.Ignored ignored) {
            queue.done(entry, clock.instant(), Status.IGNORED, ignored.eventType(), mappingVersion, null, null, null);
        } else if (mapped instanceof SourceMapping.Result.Unmapped unmapped) {
            log.info("Inbound entry {} of {} cannot be mapped: {}", entry.correlationId(), source.name(),
                    unmapped.errors().stream().map(FieldError::field).toList());
            queue.dead(entry, clock.instant(), unmapped.eventType(), mappingVersion, null, unmapped.errors());
        } else if (mapped instanceof SourceMapping.Result.Submission submission) {
            submit(entry, source, submission, mappingVersion);
        }
    }

    private void submit(Claimed entry, InboundSource source, SourceMapping.Result.Submission submission,
                        String mappingVersion) {
        SubmissionResult result;
        try {
            result = submitter.submit(source, entry.correlationId(), submission.input());
        } catch (InterruptedException e) {
            // the service is stopping: the entry is due again at once, for this node after its restart or another
            Thread.currentThread().interrupt();
            queue.retry(entry, clock.instant(), List.of(new FieldError("submission", "INTERRUPTED",
                    "the worker stopped while the submission was under way")));
            return;
        } catch (Exception e) {
            Throwable failure = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            MdgErrorDetails details = Failures.describe(failure, "inbound entry " + entry.correlationId());
            List<FieldError> reason = details.fieldErrors().isEmpty()
                    ? List.of(new FieldError("submission", details.code().name(), details.message()))
                    : details.fieldErrors();
            if (mayPass(details) && entry.attempts() < settings.worker().maxAttempts()) {
                queue.retry(entry, clock.instant().plus(backoff(entry.attempts())), reason);
            } else {
                queue.dead(entry, clock.instant(), submission.eventType(), mappingVersion, details.code().name(),
                        reason);
            }
            return;
        }
        if (result.outcome() == SubmissionOutcome.REJECTED) {
            queue.dead(entry, clock.instant(), submission.eventType(), mappingVersion, result.outcome().name(),
                    result.errors());
            return;
        }
        queue.done(entry, clock.instant(), Status.DONE, submission.eventType(), mappingVersion,
                result.outcome().name(), result.goldenId(), result.changeRequestId());
    }

    /** Failures that may pass by themselves: a timeout, an internal failure, a key still in flight. */
    static boolean mayPass(MdgErrorDetails details) {
        return details.code() == ErrorCode.TIMEOUT || details.code() == ErrorCode.INTERNAL
                || details.code() == ErrorCode.RATE_LIMITED
                || details.code() == ErrorCode.CONFLICT && details.fieldErrors().stream()
                .anyMatch(f -> IdempotencyClaim.IN_FLIGHT.equals(f.code()));
    }

    /** The wait after {@code attempts} failed tries: the base, doubled each time, at most the maximum. */
    Duration backoff(int attempts) {
        Duration wait = settings.worker().backoffBase().multipliedBy(1L << Math.min(20, Math.max(0, attempts - 1)));
        return wait.compareTo(settings.worker().backoffMax()) > 0 ? settings.worker().backoffMax() : wait;
    }

    /** The webhook id as an idempotency key (a hash when it is not one), {@code ~r<n>} after n replays. */
    static String idempotencyKey(Claimed entry) {
        String key = entry.webhookId();
        String suffix = entry.replays() == 0 ? "" : "~r" + entry.replays();
        if (IdempotencyClaim.problemOf(key + suffix) != null) {
            key = sha256(key);
        }
        return key + suffix;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
