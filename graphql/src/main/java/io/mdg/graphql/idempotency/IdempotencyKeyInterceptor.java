package io.mdg.graphql.idempotency;

import java.util.function.Supplier;

import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;

import io.mdg.api.idempotency.IdempotencyClaim;
import reactor.core.publisher.Mono;

/**
 * Hands a request's {@value IdempotencyClaim#HEADER} header and the caller's scope (the client or person of the
 * token, as {@code client:erp} or {@code user:sam.supplier}) to the GraphQL execution, where
 * {@link IdempotencyKeyInstrumentation} checks the key and makes the claim of the mutation. A request without the
 * header passes untouched.
 */
public class IdempotencyKeyInterceptor implements WebGraphQlInterceptor {

    /** The GraphQL context keys of the header's value and the caller's scope. */
    static final String KEY = "mdg.idempotencyKey";
    static final String SCOPE = "mdg.idempotencyScope";

    private final Supplier<String> callerScope;

    /** @param callerScope the current caller's scope (null when not signed in) */
    public IdempotencyKeyInterceptor(Supplier<String> callerScope) {
        this.callerScope = callerScope;
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        String key = request.getHeaders().getFirst(IdempotencyClaim.HEADER);
        if (key != null) {
            String scope = callerScope.get();
            request.configureExecutionInput((input, builder) -> builder.graphQLContext(context -> {
                context.put(KEY, key);
                if (scope != null) {
                    context.put(SCOPE, scope);
                }
            }).build());
        }
        return chain.next(request);
    }
}
