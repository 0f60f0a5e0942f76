package io.mdg.graphql.hygiene;

import org.springframework.http.HttpMethod;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.http.HttpServletRequest;

/** A servlet filter of the edge's limits that sees only {@code POST}s to the GraphQL endpoint. */
abstract class GraphQlPostFilter extends OncePerRequestFilter {

    private final String path;

    GraphQlPostFilter(String path) {
        this.path = path;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !HttpMethod.POST.matches(request.getMethod()) || !path.equals(request.getRequestURI());
    }
}
