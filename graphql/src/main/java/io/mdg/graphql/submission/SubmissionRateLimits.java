package io.mdg.graphql.submission;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.error.ErrorCode;
import io.mdg.graphql.error.ApiException;

/**
 * Per source client limits on submissions: a token bucket per client id ({@code mdg.edge.rate-limit.submissions-per-
 * second}, default 5,000, with a burst of {@code mdg.edge.rate-limit.burst}, default 10,000 — one client cannot starve
 * the others or the command side). A GraphQL submission or batch over the limit is refused as a whole with
 * RATE_LIMITED and the time after which it would pass; nothing of it is sent. A file import waits for permits
 * instead (it streams, so it slows down rather than fails). A rate of 0 switches the limits off.
 */
@Component
@Profile("edge")
public class SubmissionRateLimits {

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    @Autowired
    public SubmissionRateLimits(@Value("${mdg.edge.rate-limit.submissions-per-second:5000}") double perSecond,
                                @Value("${mdg.edge.rate-limit.burst:10000}") double burst) {
        this(perSecond, burst, System::nanoTime);
    }

    SubmissionRateLimits(double perSecond, double burst, LongSupplier nanoClock) {
        this.perSecond = perSecond;
        this.burst = Math.max(burst, perSecond > 0 ? 1 : 0);
        this.nanoClock = nanoClock;
    }

    /** Takes {@code count} permits for the client now, or refuses with RATE_LIMITED (taking none). */
    public void check(String client, int count) {
        long waitNanos = tryAcquire(client, count);
        if (waitNanos > 0) {
            long retryMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos));
            throw new ApiException(ErrorCode.RATE_LIMITED, "client " + client + " sends more than "
                    + java.math.BigDecimal.valueOf(perSecond).stripTrailingZeros().toPlainString() + " submissions per second; retry after " + retryMs + " ms");
        }
    }

    /** Takes {@code count} permits for the client, waiting until they are there. */
    public void acquire(String client, int count) throws InterruptedException {
        long waitNanos;
        while ((waitNanos = tryAcquire(client, count)) > 0) {
            TimeUnit.NANOSECONDS.sleep(waitNanos);
        }
    }

    /** 0 when the permits were taken, else how long until they would be there (nothing taken). */
    long tryAcquire(String client, int count) {
        if (perSecond <= 0) {
            return 0;
        }
        if (count > burst) {
            // larger than a full bucket: it would never pass at once; let it pass when the bucket is full
            count = (int) burst;
        }
        return buckets.computeIfAbsent(client, c -> new Bucket(burst, nanoClock.getAsLong())).take(count);
    }

    private final class Bucket {
        private double tokens;
        private long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }

        synchronized long take(int count) {
            long now = nanoClock.getAsLong();
            tokens = Math.min(burst, tokens + (now - at) * perSecond / 1e9);
            at = now;
            if (tokens >= count) {
                tokens -= count;
                return 0;
            }
            return (long) Math.ceil((count - tokens) / perSecond * 1e9);
        }
    }
}
