package io.mdg.graphql.changerequest;

import java.util.List;

import io.mdg.api.changerequest.ChangeRequestView;

/** The GraphQL type {@code ChangeRequestConnection} (Relay): the cursor of an edge is the change request id. */
public record ChangeRequestConnection(List<Edge> edges, PageInfo pageInfo) {

    public record Edge(String cursor, ChangeRequestView node) {
    }

    public record PageInfo(boolean hasNextPage, String endCursor) {
    }

    static ChangeRequestConnection of(List<ChangeRequestView> views, boolean hasNextPage) {
        List<Edge> edges = views.stream().map(v -> new Edge(v.id(), v)).toList();
        return new ChangeRequestConnection(edges,
                new PageInfo(hasNextPage, edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor()));
    }
}
