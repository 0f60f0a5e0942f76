package io.mdg.api.consumer;

import java.util.List;
import java.util.Objects;

import io.mdg.api.EntityType;

/**
 * Which version of each of some records a push consumer's endpoint acknowledged last, and when: what the consumer
 * (e.g. the ERP) has. Answers a list of {@link DeliveredVersionView}, one per record that was ever delivered to it
 * (records never delivered are left out).
 */
public record FindDeliveredVersionsQuery(String consumerId, EntityType type, List<String> recordIds) {

    public static final int MAX_IDS = 1_000;

    public FindDeliveredVersionsQuery {
        Objects.requireNonNull(consumerId, "consumerId");
        Objects.requireNonNull(type, "type");
        recordIds = List.copyOf(recordIds);
        if (recordIds.size() > MAX_IDS) {
            throw new IllegalArgumentException("at most " + MAX_IDS + " records at once, not " + recordIds.size());
        }
    }
}
