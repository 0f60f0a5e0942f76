package io.mdg.api.consumer;

import java.util.Objects;

/**
 * The deliveries parked in a push consumer's dead-letter list, in feed order. Answers a list of
 * {@link ParkedDeliveryView} (use {@code ResponseTypes.multipleInstancesOf}); empty for a consumer without any.
 *
 * @param consumerId the consumer
 * @param limit      at most this many (the first ones in feed order)
 */
public record FindParkedDeliveriesQuery(String consumerId, int limit) {

    public static final int MAX_LIMIT = 1_000;

    public FindParkedDeliveriesQuery {
        Objects.requireNonNull(consumerId, "consumerId");
        limit = limit <= 0 ? 100 : Math.min(limit, MAX_LIMIT);
    }
}
