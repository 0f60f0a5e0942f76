package io.mdg.api.changerequest;

import java.util.Objects;

import io.mdg.api.SourceSystem;

/**
 * A page of one source system's feed of {@link HeldSubmissionUpdate}s, in feed order, after {@code after} (a position a
 * previous page answered; null: from the start), at most {@code limit}. Answers a list of {@link HeldSubmissionUpdate}.
 */
public record HeldSubmissionUpdatesQuery(SourceSystem source, Long after, int limit) {

    public HeldSubmissionUpdatesQuery {
        Objects.requireNonNull(source, "source");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
    }
}
