package io.mdg.api.ops;

import java.time.Instant;

/**
 * One event parked in a processing group's dead-letter queue: what it is, why it failed and how often it was
 * retried. Never its payload (events can carry bank details).
 *
 * @param processingGroup    the projection's processing group
 * @param sequenceIdentifier the sequence it holds up: the aggregate (golden record or change request) id
 * @param index              its place in that sequence (0 is the one that failed first; later ones wait behind it)
 * @param eventType          the event's payload type (simple name)
 * @param eventId            the event's identifier
 * @param eventTimestamp     when the event happened
 * @param correlationId      the correlation id of the request that caused the event, if any
 * @param enqueuedAt         when it was parked
 * @param lastTouched        when it was last parked or retried
 * @param causeType          the failure's exception type; null for an event that only waits behind an earlier one
 * @param causeMessage       the failure's message (shortened)
 * @param retries            how many retries failed so far
 */
public record DeadLetterView(String processingGroup, String sequenceIdentifier, long index, String eventType,
                             String eventId, Instant eventTimestamp, String correlationId, Instant enqueuedAt,
                             Instant lastTouched, String causeType, String causeMessage, int retries) {
}
