package io.mdg.api.audit;

import java.util.List;

/**
 * The answer to an {@link AuditTrailQuery}: entries in trail order, each with its cursor, and whether more follow.
 */
public record AuditPage(List<Edge> edges, boolean hasNextPage) {

    public AuditPage {
        edges = edges == null ? List.of() : List.copyOf(edges);
    }

    /** An entry and its cursor (pass as {@code after} for the entries after it). */
    public record Edge(String cursor, AuditEntry node) {
    }

    /** The cursor of the last entry, null on an empty page. */
    public String endCursor() {
        return edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor();
    }
}
