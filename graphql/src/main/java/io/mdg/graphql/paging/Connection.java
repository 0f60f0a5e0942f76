package io.mdg.graphql.paging;

import java.util.List;
import java.util.function.Function;

/**
 * A page of a list in the Relay connection shape every paged list of the API answers ({@code ChangeRequestConnection},
 * {@code AuditConnection}, {@code SensitiveReadConnection}, {@code SubmissionOutcomeConnection}): the edges, each
 * with its node and the opaque cursor a reader passes as {@code after} to resume behind it, and whether more follow.
 *
 * @param <N> the node
 */
public record Connection<N>(List<Edge<N>> edges, PageInfo pageInfo) {

    public record Edge<N>(String cursor, N node) {
    }

    public record PageInfo(boolean hasNextPage, String endCursor) {
    }

    public Connection {
        edges = List.copyOf(edges);
    }

    /** A page of {@code nodes} (in order), each edge's cursor given by {@code cursor}. */
    public static <N> Connection<N> of(List<N> nodes, Function<N, String> cursor, boolean hasNextPage) {
        List<Edge<N>> edges = nodes.stream().map(node -> new Edge<>(cursor.apply(node), node)).toList();
        return new Connection<>(edges, new PageInfo(hasNextPage,
                edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor()));
    }

    /** The first {@code size} of {@code found} (a query asked for one more, to learn whether more follow). */
    public static <N> Connection<N> firstOf(List<N> found, int size, Function<N, String> cursor) {
        return of(found.size() > size ? found.subList(0, size) : found, cursor, found.size() > size);
    }
}
