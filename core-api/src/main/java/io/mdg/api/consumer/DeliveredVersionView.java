package io.mdg.api.consumer;

import java.time.Instant;

import io.mdg.api.EntityType;

/**
 * The last change of one record a push consumer's endpoint acknowledged.
 *
 * @param recordType  the record's type
 * @param recordId    the record's id
 * @param version     the record's version in it; 0 for a removal (the consumer no longer receives the record)
 * @param kind        what the change was (CREATED, CHANGED, ..., REMOVED)
 * @param seq         its place in the consumer's feed
 * @param eventId     the CloudEvent id
 * @param committedAt when the change was committed
 * @param deliveredAt when the endpoint acknowledged it
 */
public record DeliveredVersionView(EntityType recordType, String recordId, long version, String kind, long seq,
                                   String eventId, Instant committedAt, Instant deliveredAt) {

    /** Whether what the consumer was sent last is the record's removal from its feed. */
    public boolean removed() {
        return "REMOVED".equals(kind);
    }
}
