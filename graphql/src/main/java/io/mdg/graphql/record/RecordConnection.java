package io.mdg.graphql.record;

import java.util.List;

import io.mdg.api.record.RecordFilter;

/**
 * The GraphQL types {@code SupplierPage}, {@code ItemPage}, {@code ContractPage} and {@code LocationPage}: a Relay
 * connection whose cursor is the record id (the order is by id), with the fields of the earlier page shape
 * ({@code records}, {@code nextAfter}) kept for existing clients. {@code filter} is what the page was asked with,
 * for {@code totalCount}.
 */
public record RecordConnection<T extends MasterRecordNode>(List<Edge<T>> edges, PageInfo pageInfo,
                                                           RecordFilter filter) {

    /** The GraphQL types {@code SupplierEdge}, ...: the cursor is the record id. */
    public record Edge<T>(String cursor, T node) {
    }

    /** The GraphQL type {@code PageInfo}. */
    public record PageInfo(boolean hasNextPage, String endCursor) {
    }

    static <T extends MasterRecordNode> RecordConnection<T> of(List<T> nodes, boolean hasNextPage,
                                                               RecordFilter filter) {
        List<Edge<T>> edges = nodes.stream().map(n -> new Edge<>(n.id(), n)).toList();
        return new RecordConnection<>(edges, new PageInfo(hasNextPage, nodes.isEmpty() ? null
                : nodes.get(nodes.size() - 1).id()), filter);
    }

    /** The deprecated {@code records} field: the nodes of the page. */
    public List<T> records() {
        return edges.stream().map(Edge::node).toList();
    }

    /** The deprecated {@code nextAfter} field: the end cursor when more follow, else null. */
    public String nextAfter() {
        return pageInfo.hasNextPage() ? pageInfo.endCursor() : null;
    }
}
