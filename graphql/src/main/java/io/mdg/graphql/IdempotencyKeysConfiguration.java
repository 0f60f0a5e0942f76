package io.mdg.graphql;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import io.mdg.graphql.idempotency.IdempotencyKeyInstrumentation;
import io.mdg.graphql.idempotency.IdempotencyKeyInterceptor;
import io.mdg.graphql.security.Caller;

/**
 * Idempotency keys at the edge: the {@code Idempotency-Key} header handed to the execution with the caller's scope
 * (the client of a source system's token, the person of a user's: the actor of {@link Caller}), and the claim of the
 * keyed mutation made from its resolved arguments (an instrumentation: Spring Boot adds every {@code Instrumentation}
 * bean to the engine). The command side keeps the answers ({@code mdg.idempotency.retention}).
 */
@Configuration(proxyBeanMethods = false)
@Profile("edge")
public class IdempotencyKeysConfiguration {

    @Bean
    public IdempotencyKeyInterceptor idempotencyKeyInterceptor() {
        return new IdempotencyKeyInterceptor(() -> {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            return authentication instanceof JwtAuthenticationToken
                    ? Caller.from(authentication).actor().toString() : null;
        });
    }

    @Bean
    public IdempotencyKeyInstrumentation idempotencyKeyInstrumentation() {
        return new IdempotencyKeyInstrumentation();
    }
}
