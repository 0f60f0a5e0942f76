package io.mdg.api.consumer;

import java.time.Instant;

import io.mdg.api.EntityType;

/**
 * One entry of a push consumer's feed that was not delivered and waits for an operator.
 *
 * @param consumerId      the consumer
 * @param seq             its place in the consumer's feed
 * @param recordType      the golden record's type
 * @param recordId        the golden record's id
 * @param version         the record's version in it (0: a removal)
 * @param kind            what happened (CREATED, CHANGED, ..., REMOVED)
 * @param eventId         the CloudEvent id (the receiver's idempotency key)
 * @param attempts        how often it was posted (0: held back, never posted)
 * @param lastError       what the endpoint (or the network) said the last time; for one held back, why it was
 * @param parkedAt        when it was parked
 * @param heldBehind      the place of the earlier parked entry of the same record it waits behind; null when it was
 *                        itself posted and failed
 * @param replayRequested an operator asked for it to be delivered again; it is, shortly
 */
public record ParkedDeliveryView(String consumerId, long seq, EntityType recordType, String recordId, long version,
                                 String kind, String eventId, int attempts, String lastError, Instant parkedAt,
                                 Long heldBehind, boolean replayRequested) {
}
