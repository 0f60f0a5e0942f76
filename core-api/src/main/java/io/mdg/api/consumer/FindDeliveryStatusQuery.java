package io.mdg.api.consumer;

import java.util.List;

/**
 * The push delivery status of some consumers. Answers a list of {@link DeliveryStatusView}, one per consumer that is
 * pushed to (others are left out).
 */
public record FindDeliveryStatusQuery(List<String> consumerIds) {

    public FindDeliveryStatusQuery {
        consumerIds = List.copyOf(consumerIds);
    }
}
