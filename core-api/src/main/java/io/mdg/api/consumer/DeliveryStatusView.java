package io.mdg.api.consumer;

import java.time.Duration;
import java.time.Instant;

/**
 * Where the push delivery to one consumer stands.
 *
 * @param consumerId  the consumer
 * @param state       ACTIVE, or PAUSED (its endpoint kept failing: only probed now and then)
 * @param ackedSeq    the place in its feed up to which every entry was acknowledged by the endpoint or parked
 * @param backlog     entries of its feed after that place
 * @param parked      entries parked in its dead-letter list
 * @param lag         how long its oldest entry not yet acknowledged (nor parked) has waited since its change was
 *                    committed; zero when none waits
 * @param lastError       what went wrong last, kept after the endpoint recovers (null: nothing ever did)
 * @param lastErrorAt     when
 * @param lastDeliveredAt when the endpoint last acknowledged a POST (null: never)
 */
public record DeliveryStatusView(String consumerId, State state, long ackedSeq, long backlog, long parked,
                                 Duration lag, String lastError, Instant lastErrorAt, Instant lastDeliveredAt) {

    /** Whether the consumer is delivered to as its feed grows, or only probed. */
    public enum State { ACTIVE, PAUSED }
}
