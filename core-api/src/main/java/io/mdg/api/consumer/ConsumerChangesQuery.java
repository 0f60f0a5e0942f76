package io.mdg.api.consumer;

import java.util.Objects;

/**
 * A page of a consumer's change feed after a place in it (0: from its first entry), at most {@code limit} entries.
 * Answers a {@link ConsumerChangePage}; an unknown consumer's page is empty.
 */
public record ConsumerChangesQuery(String consumerId, long afterSeq, int limit) {

    public ConsumerChangesQuery {
        Objects.requireNonNull(consumerId, "consumerId");
        if (afterSeq < 0 || limit < 0) {
            throw new IllegalArgumentException("a place in a feed and a page size are not negative");
        }
    }
}
