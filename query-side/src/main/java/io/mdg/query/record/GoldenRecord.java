package io.mdg.query.record;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

import io.mdg.api.EntityType;
import io.mdg.api.record.RecordView;

/**
 * A golden record as the read model keeps it: the record exactly as readers get it ({@link RecordView}, immutable),
 * and what only the projection needs, the change request of each pending change (in the order of
 * {@link RecordView#pendingChanges()}; an entry is null for a change held without one).
 *
 * <p>The projection's idempotency mark is the record's {@link #sequence()}: the sequence number of the last event of
 * its aggregate that was applied (the view's version minus one).
 */
public record GoldenRecord(RecordView view, List<String> pendingRequests) {

    public GoldenRecord {
        Objects.requireNonNull(view, "view");
        pendingRequests = pendingRequests == null || pendingRequests.isEmpty() ? List.of()
                : Collections.unmodifiableList(new java.util.ArrayList<>(pendingRequests));
        if (pendingRequests.size() != view.pendingChanges().size()) {
            throw new IllegalArgumentException("one change request (or null) per pending change of " + view.id());
        }
    }

    public String id() {
        return view.id();
    }

    public EntityType type() {
        return view.type();
    }

    /** The sequence number of the last event applied. */
    public long sequence() {
        return view.version() - 1;
    }
}
