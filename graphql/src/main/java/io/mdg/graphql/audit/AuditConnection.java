package io.mdg.graphql.audit;

import java.util.List;

import io.mdg.api.audit.AuditEntry;
import io.mdg.api.audit.AuditPage;

/** The GraphQL type {@code AuditConnection} (Relay), with each entry as the caller may see it. */
public record AuditConnection(List<Edge> edges, PageInfo pageInfo) {

    public record Edge(String cursor, AuditEntry node) {
    }

    public record PageInfo(boolean hasNextPage, String endCursor) {
    }

    static AuditConnection of(AuditPage page, AuditMasking masking) {
        List<Edge> edges = page.edges().stream().map(e -> new Edge(e.cursor(), masking.apply(e.node()))).toList();
        return new AuditConnection(edges, new PageInfo(page.hasNextPage(), page.endCursor()));
    }
}
