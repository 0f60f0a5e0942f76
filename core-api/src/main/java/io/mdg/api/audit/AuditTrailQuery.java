package io.mdg.api.audit;

import java.util.Objects;

/**
 * A page of the audit trail, oldest first (time, then the event's position in the event store), after the entry
 * whose cursor is {@code after} (null: from the start). Answers an {@link AuditPage}. {@code first}: 1 to
 * {@link #MAX_PAGE}.
 */
public record AuditTrailQuery(AuditFilter filter, String after, int first) {

    /** The largest page a query answers. */
    public static final int MAX_PAGE = 500;

    public AuditTrailQuery {
        filter = Objects.requireNonNullElse(filter, AuditFilter.all());
        if (first < 1 || first > MAX_PAGE) {
            throw new IllegalArgumentException("first must be between 1 and " + MAX_PAGE + ", was " + first);
        }
        if (after != null) {
            AuditCursor.decode(after);
        }
    }
}
