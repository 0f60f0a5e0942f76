package io.mdg.api.audit;

/**
 * Where the tamper-evident audit is broken, and what differs.
 *
 * @param kind           what is wrong
 * @param position       the event's global position (for a checkpoint: null)
 * @param eventId        the event's identifier
 * @param recordId       the aggregate the event belongs to (a golden record, a change request, ...)
 * @param aggregateType  the aggregate's type
 * @param sequenceNumber the event's sequence number within its aggregate
 * @param eventType      the event's payload type
 * @param checkpoint     the checkpoint's number (for a checkpoint's break)
 * @param expected       what was recomputed or exported (hex), when values are compared
 * @param found          what is stored
 * @param message        the break in words
 */
public record AuditBreak(AuditBreakKind kind, Long position, String eventId, String recordId, String aggregateType,
                         Long sequenceNumber, String eventType, Long checkpoint, String expected, String found,
                         String message) {
}
