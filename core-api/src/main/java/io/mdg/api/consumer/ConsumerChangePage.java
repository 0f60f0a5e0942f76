package io.mdg.api.consumer;

import java.time.Instant;
import java.util.List;

import io.mdg.api.EntityType;

/**
 * A page of a consumer's change feed.
 *
 * @param changes the entries, in feed order
 * @param head    the place of the feed's latest entry when the page was read (more to read while it is beyond the
 *                page's last entry)
 */
public record ConsumerChangePage(List<Change> changes, long head) {

    public ConsumerChangePage {
        changes = List.copyOf(changes);
    }

    /**
     * One entry.
     *
     * @param seq        its place in the consumer's feed
     * @param id         the CloudEvent id (the idempotency key)
     * @param version    the record's version (0 for a removal)
     * @param cloudEvent the CloudEvents 1.0 JSON envelope the consumer receives (pushed ones get the same)
     */
    public record Change(long seq, String id, ChangeKind kind, EntityType recordType, String recordId, long version,
                         Instant committedAt, String correlationId, String cloudEvent) {
    }
}
