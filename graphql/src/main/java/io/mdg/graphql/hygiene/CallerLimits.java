package io.mdg.graphql.hygiene;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.mdg.api.error.ErrorCode;
import io.mdg.graphql.error.ApiException;

/**
 * The one mechanism that bounds what a caller may take of the edge over time ({@link GraphQlLimits}): per caller, a
 * Bucket4j token bucket of query cost and a line of requests running at once ({@link #enter}, used by
 * {@link CallerLimitsFilter} for {@code POST /graphql}); per source client, a token bucket of submissions
 * ({@link #submit}, {@link #awaitSubmissions}). A caller is a person (by user name) or a source client (by client
 * id); the maps hold one entry per caller seen (authenticated identities, a bounded set). Later limits (inbound webhooks) add their buckets here.
 */
public final class CallerLimits {

    private final GraphQlLimits.PerCaller perCaller;
    private final GraphQlLimits.Submissions submissions;
    private final TimeMeter clock;
    private final ConcurrentMap<String, Line> lines = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Bucket> submissionBuckets = new ConcurrentHashMap<>();

    public CallerLimits(GraphQlLimits limits) {
        this(limits, TimeMeter.SYSTEM_NANOTIME);
    }

    CallerLimits(GraphQlLimits limits, TimeMeter clock) {
        this.perCaller = limits.perCaller();
        this.submissions = limits.submissions();
        this.clock = clock;
    }

    /** A caller's request is over its share: answer 429 with {@code Retry-After} (whole seconds, at least 1). */
    public static final class Refused extends RuntimeException {
        private final long retryAfterSeconds;

        Refused(String message, long retryAfterNanos) {
            super(message, null, false, false);
            this.retryAfterSeconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(retryAfterNanos + 999_999_999L));
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** A request admitted for a caller: {@link #charge} its cost once measured, {@link #close} when it is done. */
    public interface Permit extends AutoCloseable {
        /**
         * Takes the request's cost (its estimated complexity) from the caller's bucket, into debt if need be; a heavy
         * query ({@code heavyCost} or more) then waits for one of the caller's heavy slots, refused after
         * {@code queueWait}.
         */
        void charge(long cost) throws InterruptedException;

        @Override
        void close();
    }

    /**
     * Admits one request of the caller: refused while the caller's cost bucket is empty (or in debt), else it waits
     * for one of the caller's running slots, in line behind at most {@code maxQueued} others and for at most
     * {@code queueWait}; refused beyond. The request takes one point of cost now, the rest by {@link Permit#charge}.
     */
    public Permit enter(String caller) throws InterruptedException {
        return enter(caller, false);
    }

    /**
     * As {@link #enter(String)}; a source client's line has {@code clientMaxConcurrent} running slots and as many
     * places to wait instead of a person's {@code maxConcurrent} and {@code maxQueued}.
     */
    public Permit enter(String caller, boolean sourceClient) throws InterruptedException {
        Line line = lines.computeIfAbsent(caller, c -> new Line(sourceClient));
        if (line.bucket != null) {
            ConsumptionProbe probe = line.bucket.tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                throw new Refused("caller " + caller + " spent its query budget (" + plain(perCaller.costPerSecond())
                        + " complexity points per second)", probe.getNanosToWaitForRefill());
            }
        }
        if (line.slots != null && !line.slots.tryAcquire()) {
            if (line.waiting.incrementAndGet() > line.maxQueued) {
                line.waiting.decrementAndGet();
                throw new Refused("caller " + caller + " has " + line.maxConcurrent + " requests running and "
                        + line.maxQueued + " waiting", TimeUnit.SECONDS.toNanos(1));
            }
            boolean acquired;
            try {
                acquired = line.slots.tryAcquire(perCaller.queueWait().toNanos(), TimeUnit.NANOSECONDS);
            } finally {
                line.waiting.decrementAndGet();
            }
            if (!acquired) {
                throw new Refused("caller " + caller + " waited " + perCaller.queueWait().toMillis() + " ms for one of"
                        + " its " + line.maxConcurrent + " running requests", TimeUnit.SECONDS.toNanos(1));
            }
        }
        return new Permit() {
            private boolean closed;
            private boolean heavy;

            @Override
            public void charge(long cost) throws InterruptedException {
                if (line.bucket != null && cost > 1) {
                    line.bucket.consumeIgnoringRateLimits(cost - 1); // at most the complexity limit
                }
                if (line.heavySlots != null && cost >= perCaller.heavyCost() && !heavy) {
                    if (!line.heavySlots.tryAcquire(perCaller.queueWait().toNanos(), TimeUnit.NANOSECONDS)) {
                        throw new Refused("caller " + caller + " waited " + perCaller.queueWait().toMillis()
                                + " ms for its heavy query (" + plain(cost) + " complexity points) to run: "
                                + perCaller.maxHeavy() + " may run at once", TimeUnit.SECONDS.toNanos(1));
                    }
                    heavy = true;
                }
            }

            @Override
            public synchronized void close() {
                if (!closed && line.slots != null) {
                    line.slots.release();
                }
                if (!closed && heavy) {
                    line.heavySlots.release();
                }
                closed = true;
            }
        };
    }

    /** Takes {@code count} submissions of the client now, or refuses with RATE_LIMITED (taking none). */
    public void submit(String client, int count) {
        Bucket bucket = submissionBucket(client);
        if (bucket == null) {
            return;
        }
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(fit(count));
        if (!probe.isConsumed()) {
            long retryMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(probe.getNanosToWaitForRefill()));
            throw new ApiException(ErrorCode.RATE_LIMITED, "client " + client + " sends more than "
                    + plain(submissions.perSecond()) + " submissions per second; retry after " + retryMs + " ms");
        }
    }

    /** Takes {@code count} submissions of the client, waiting until they are there (a file import slows down). */
    public void awaitSubmissions(String client, int count) throws InterruptedException {
        Bucket bucket = submissionBucket(client);
        if (bucket != null) {
            bucket.asBlocking().consume(fit(count));
        }
    }

    /** How many entries of one batch or import are sent at once. */
    public int inFlight() {
        return submissions.inFlight();
    }

    private Bucket submissionBucket(String client) {
        if (submissions.perSecond() <= 0) {
            return null;
        }
        return submissionBuckets.computeIfAbsent(client, c -> bucket(submissions.perSecond(), submissions.burst()));
    }

    /** A count larger than a full bucket would never pass at once: it passes when the bucket is full. */
    private long fit(int count) {
        return Math.max(1, Math.min(count, (long) Math.max(1, (double) submissions.burst())));
    }

    private Bucket bucket(double perSecond, double burst) {
        long capacity = Math.max(1, (long) burst);
        // refill greedily at the rate: perSecond tokens per second, expressed per millisecond for fractional rates
        Bandwidth bandwidth = perSecond >= 1
                ? Bandwidth.builder().capacity(capacity).refillGreedy((long) perSecond, Duration.ofSeconds(1)).build()
                : Bandwidth.builder().capacity(capacity).refillGreedy(1, Duration.ofNanos((long) (1e9 / perSecond)))
                        .build();
        return Bucket.builder().addLimit(bandwidth).withCustomTimePrecision(clock).build();
    }

    private static String plain(long value) {
        return String.format(java.util.Locale.ROOT, "%,d", value);
    }

    private static String plain(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** One caller's cost bucket and running slots. */
    private final class Line {
        final int maxConcurrent;
        final int maxQueued;
        final Bucket bucket = perCaller.costPerSecond() > 0
                ? bucket(perCaller.costPerSecond(), perCaller.burst()) : null;
        final Semaphore slots;
        final Semaphore heavySlots = perCaller.maxHeavy() > 0 ? new Semaphore(perCaller.maxHeavy(), true) : null;
        final AtomicInteger waiting = new AtomicInteger();

        Line(boolean sourceClient) {
            maxConcurrent = sourceClient ? perCaller.clientMaxConcurrent() : perCaller.maxConcurrent();
            maxQueued = sourceClient ? perCaller.clientMaxConcurrent() : perCaller.maxQueued();
            slots = maxConcurrent > 0 ? new Semaphore(maxConcurrent, true) : null;
        }
    }
}
