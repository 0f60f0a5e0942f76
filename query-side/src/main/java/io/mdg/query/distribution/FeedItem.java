package io.mdg.query.distribution;

import java.time.Instant;

import io.mdg.api.EntityType;

/**
 * One entry of a consumer's change feed, ready to deliver: its place in the consumer's feed, the CloudEvents 1.0
 * JSON envelope as the consumer receives it (the record masked for that consumer), and what delivery state and
 * metrics need without opening the envelope.
 *
 * @param seq           its place in the consumer's feed (1, 2, ...; gap-free and ordered per consumer)
 * @param id            the CloudEvent id (the idempotency key a receiver deduplicates by; the same in every retry)
 * @param recordType    the golden record's type
 * @param recordId      the golden record's id
 * @param version       the record's version after the change (0 for a removal: the consumer no longer receives it)
 * @param kind          what happened (CREATED, CHANGED, MERGED, DEACTIVATED, REACTIVATED, SNAPSHOT, REMOVED)
 * @param committedAt   when the change was committed (the event's time): delivery lag is measured from it
 * @param correlationId the correlation id of the request that made the change (null: none recorded)
 * @param cloudEvent    the envelope, one CloudEvents 1.0 JSON object (UTF-8)
 */
public record FeedItem(long seq, String id, EntityType recordType, String recordId, long version, String kind,
                       Instant committedAt, String correlationId, byte[] cloudEvent) {
}
