package io.mdg.api.consumer;

import io.mdg.api.Actor;

/**
 * An admin had parked deliveries of a push consumer delivered again. Not an aggregate event: stored so that the audit
 * trail keeps who did it and when.
 *
 * @param consumerId the consumer
 * @param seq        the entry named (its record's parked entries were replayed); null: every parked entry
 * @param actor      the admin
 * @param queued     entries queued to be delivered again
 * @param parked     entries of the consumer parked in all afterwards (the queued ones included)
 */
public record ParkedDeliveriesReplayedEvent(String consumerId, Long seq, Actor actor, int queued, long parked) {
}
