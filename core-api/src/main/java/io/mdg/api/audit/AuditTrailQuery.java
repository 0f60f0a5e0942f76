package io.mdg.api.audit;

import java.util.Objects;

/**
 * A page of the audit trail, oldest first (time, then the event's position in the event store), after the entry
 * whose cursor is {@code after} (null: from the start). Answers an {@link AuditPage} of at most {@code first} entries
 * (at least 1; at most the rules file's {@code limits.pageSize} are served).
 */
public record AuditTrailQuery(AuditFilter filter, String after, int first) {

    public AuditTrailQuery {
        filter = Objects.requireNonNullElse(filter, AuditFilter.all());
        if (first < 1) {
            throw new IllegalArgumentException("first must be at least 1, was " + first);
        }
        if (after != null) {
            AuditCursor.decode(after);
        }
    }
}
