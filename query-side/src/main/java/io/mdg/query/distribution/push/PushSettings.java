package io.mdg.query.distribution.push;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.mdg.distribution.webhook.Backoff;

/**
 * How consumers' feeds are pushed to their endpoints ({@code mdg.distribution.push.*}; application.yml says why each
 * default). A value left out takes its default, so tests name only what they shorten.
 *
 * @param maxBatch        entries one POST carries at most (1: each entry alone, as {@code application/cloudevents+json})
 * @param threads         the shared scheduler's threads that run every consumer's worker
 * @param pollInterval    how long a worker that found nothing new waits before it reads its feed again
 * @param refreshInterval how often the registry is read for consumers added, changed or no longer pushed to
 * @param backoffBase     the ceiling of the first wait after a failed POST (exponential, with full jitter)
 * @param backoffMax      the longest wait, whatever the attempt or the endpoint's Retry-After
 * @param maxAttempts     POSTs of one batch before it is parked
 * @param pauseAfter      consecutive batches ending parked before the consumer is paused
 * @param pauseProbe      how often a paused consumer's endpoint is probed (one POST of its next entry)
 * @param connectTimeout  how long to wait for a connection (TCP and TLS)
 * @param requestTimeout  how long to wait for the endpoint's answer
 */
@ConfigurationProperties(prefix = "mdg.distribution.push")
public record PushSettings(Integer maxBatch, Integer threads, Duration pollInterval, Duration refreshInterval,
                           Duration backoffBase, Duration backoffMax, Integer maxAttempts, Integer pauseAfter,
                           Duration pauseProbe, Duration connectTimeout, Duration requestTimeout) {

    public PushSettings {
        maxBatch = positive(maxBatch, 100, "max-batch");
        threads = positive(threads, 2, "threads");
        pollInterval = or(pollInterval, Duration.ofMillis(200));
        refreshInterval = or(refreshInterval, Duration.ofMillis(500));
        backoffBase = or(backoffBase, Duration.ofSeconds(1));
        backoffMax = or(backoffMax, Duration.ofMinutes(5));
        maxAttempts = positive(maxAttempts, 10, "max-attempts");
        pauseAfter = positive(pauseAfter, 3, "pause-after");
        pauseProbe = or(pauseProbe, Duration.ofMinutes(1));
        connectTimeout = or(connectTimeout, Duration.ofSeconds(5));
        requestTimeout = or(requestTimeout, Duration.ofSeconds(10));
    }

    /** Every default. */
    public static PushSettings defaults() {
        return new PushSettings(null, null, null, null, null, null, null, null, null, null, null);
    }

    Backoff backoff() {
        return new Backoff(backoffBase, backoffMax, maxAttempts);
    }

    private static Duration or(Duration value, Duration fallback) {
        return value == null ? fallback : value;
    }

    private static Integer positive(Integer value, int fallback, String name) {
        if (value != null && value < 1) {
            throw new IllegalArgumentException("mdg.distribution.push." + name + " must be at least 1, not " + value);
        }
        return value == null ? fallback : value;
    }
}
