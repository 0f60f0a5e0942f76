package io.mdg.api.consumer;

/**
 * What a replay of parked deliveries set going.
 *
 * @param consumerId the consumer
 * @param queued     parked entries now due to be delivered again (by the consumer's delivery worker, in feed order)
 * @param parked     entries of the consumer parked in all (the queued ones included, until they are delivered)
 */
public record ParkedReplayResult(String consumerId, int queued, long parked) {
}
