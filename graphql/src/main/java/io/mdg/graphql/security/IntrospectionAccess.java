package io.mdg.graphql.security;

import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import graphql.introspection.Introspection;
import reactor.core.publisher.Mono;

/**
 * Schema introspection ({@code __schema}, {@code __type}) only for callers with one of the roles of
 * {@code mdg.security.introspection-roles} ({@code *}: every authenticated caller, the development default; the
 * {@code prod} profile: {@code admin}; empty: nobody). For anyone else the request runs with graphql-java's
 * per-request switch {@link Introspection#INTROSPECTION_DISABLED}, so an introspection field answers an error and no
 * schema. A request whose caller cannot be told (no authentication found) is treated as anyone else.
 */
@Component
@Profile("edge")
@Order(Ordered.LOWEST_PRECEDENCE)
public class IntrospectionAccess implements WebGraphQlInterceptor {

    /** Every authenticated caller may introspect. */
    public static final String ANY_CALLER = "*";

    private final List<String> roles;

    public IntrospectionAccess(@Value("${mdg.security.introspection-roles:*}") List<String> roles) {
        this.roles = roles.stream().map(String::strip).filter(role -> !role.isEmpty()).toList();
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        // HTTP: the request thread's security context; WebSocket: the session's, in the Reactor context.
        Authentication onThread = SecurityContextHolder.getContext().getAuthentication();
        return Mono.deferContextual(context -> {
            Authentication caller = context.<SecurityContext>getOrEmpty(SecurityContext.class.getName())
                    .map(SecurityContext::getAuthentication).orElse(onThread);
            if (!allowed(caller)) {
                request.configureExecutionInput((input, builder) ->
                        builder.graphQLContext(Map.of(Introspection.INTROSPECTION_DISABLED, true)).build());
            }
            return chain.next(request);
        });
    }

    boolean allowed(Authentication caller) {
        if (caller == null || !caller.isAuthenticated()
                || caller instanceof org.springframework.security.authentication.AnonymousAuthenticationToken) {
            return false;
        }
        return roles.contains(ANY_CALLER) || caller.getAuthorities().stream()
                .anyMatch(authority -> roles.contains(authority.getAuthority().replaceFirst("^ROLE_", "")));
    }
}
