package io.mdg.graphql.hygiene;

import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;

import reactor.core.publisher.Mono;

/**
 * Hands an HTTP request's {@link CallerLimits.Permit} (admitted by {@link CallerLimitsFilter}) to the GraphQL
 * execution, where {@link QueryLimitsInstrumentation} charges the query's estimated cost to it.
 */
public class CallerLimitsInterceptor implements WebGraphQlInterceptor {

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        Object permit = request.getAttributes().get(CallerLimitsFilter.PERMIT);
        if (permit != null) {
            request.configureExecutionInput((input, builder) ->
                    builder.graphQLContext(context -> context.put(QueryLimitsInstrumentation.PERMIT, permit)).build());
        }
        return chain.next(request);
    }
}
