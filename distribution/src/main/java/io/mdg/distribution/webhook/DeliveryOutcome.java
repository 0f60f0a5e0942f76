package io.mdg.distribution.webhook;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one attempt to deliver a message.
 *
 * @param status      delivered, to be retried, or failed for good
 * @param description a short account for an operator (status code, the first bytes of the answer, or the error),
 *                    never a secret
 * @param retryAfter  how long the receiver asked us to wait ({@code Retry-After}), when it did and the attempt is to
 *                    be retried
 */
public record DeliveryOutcome(Status status, String description, Optional<Duration> retryAfter) {

    /** The three fates of an attempt. */
    public enum Status {
        /** The receiver answered 2xx. */
        DELIVERED,
        /** Worth another attempt later: a timeout, a connection failure, a host not resolving, 5xx, 429, 408. */
        RETRY,
        /** Not worth another attempt: other answers (4xx; 3xx, redirects not being followed), a refused endpoint. */
        FAILED
    }

    public DeliveryOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (status != Status.RETRY && retryAfter.isPresent()) {
            throw new IllegalArgumentException("only an attempt to retry has a Retry-After");
        }
    }

    public static DeliveryOutcome delivered(String description) {
        return new DeliveryOutcome(Status.DELIVERED, description, Optional.empty());
    }

    public static DeliveryOutcome retry(String description, Optional<Duration> retryAfter) {
        return new DeliveryOutcome(Status.RETRY, description, retryAfter);
    }

    public static DeliveryOutcome failed(String description) {
        return new DeliveryOutcome(Status.FAILED, description, Optional.empty());
    }
}
