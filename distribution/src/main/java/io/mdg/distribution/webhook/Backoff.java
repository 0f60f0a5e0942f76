package io.mdg.distribution.webhook;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * When to try a message again: exponential back-off with full jitter, and how many attempts a message gets before
 * its delivery is parked for an operator.
 *
 * <p>After the attempt numbered {@code n} (from 0) failed, the wait is a random duration between 0 and
 * {@code min(max, base * 2^n)}; at least the receiver's {@code Retry-After} when it gave one; never more than
 * {@code max}. The jitter spreads the retries of many messages that failed together (a consumer's outage) instead
 * of sending them back in one burst.
 */
public final class Backoff {

    private final Duration base;
    private final Duration max;
    private final int maxAttempts;
    /** Given a ceiling in nanoseconds, a duration between 0 and it (inclusive). */
    private final LongUnaryOperator jitter;

    /**
     * @param base        the ceiling of the first wait
     * @param max         the longest wait, whatever the attempt or the receiver's Retry-After
     * @param maxAttempts how many attempts a message gets in all before it is parked
     */
    public Backoff(Duration base, Duration max, int maxAttempts) {
        this(base, max, maxAttempts, ceiling -> ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    Backoff(Duration base, Duration max, int maxAttempts, LongUnaryOperator jitter) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(max, "max");
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("the back-off needs 0 < base <= max, not base " + base + ", max " + max);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("a message needs at least 1 attempt, not " + maxAttempts);
        }
        this.base = base;
        this.max = max;
        this.maxAttempts = maxAttempts;
        this.jitter = Objects.requireNonNull(jitter, "jitter");
    }

    /** Whether a message that failed {@code failedAttempts} times has had all its attempts: park it. */
    public boolean exhausted(int failedAttempts) {
        return failedAttempts >= maxAttempts;
    }

    /**
     * How long to wait before the next attempt, after {@code failedAttempts} (at least 1) failed attempts, the last
     * of which was answered with {@code retryAfter} (empty when the receiver did not ask for a wait).
     */
    public Duration delay(int failedAttempts, Optional<Duration> retryAfter) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("a delay follows a failed attempt, not " + failedAttempts);
        }
        Objects.requireNonNull(retryAfter, "retryAfter");
        Duration jittered = Duration.ofNanos(jitter.applyAsLong(ceilingNanos(failedAttempts - 1)));
        Duration wait = retryAfter.filter(asked -> asked.compareTo(jittered) > 0).orElse(jittered);
        return wait.compareTo(max) > 0 ? max : wait;
    }

    /** {@code min(max, base * 2^n)} in nanoseconds, without overflowing for large {@code n}. */
    private long ceilingNanos(int n) {
        long maxNanos = max.toNanos();
        long baseNanos = base.toNanos();
        return n >= Long.SIZE - 1 || baseNanos > maxNanos >> n ? maxNanos : Math.min(maxNanos, baseNanos << n);
    }

    /** How many attempts a message gets in all. */
    public int maxAttempts() {
        return maxAttempts;
    }

    @Override
    public String toString() {
        return "Backoff[base " + base + ", max " + max + ", " + maxAttempts + " attempts]";
    }
}
