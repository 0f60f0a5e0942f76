package io.mdg.graphql.security;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import io.mdg.api.Actor;
import io.mdg.api.SourceSystem;

/**
 * The authenticated caller, from the validated token: who (a source client or a person), the source system a
 * client speaks for (from the token's {@code source_system} claim, never from the request) and its roles.
 */
public record Caller(Actor actor, Optional<SourceSystem> sourceSystem, Set<String> roles) {

    public static final String SOURCE_SYSTEM_CLAIM = "source_system";

    public static Caller from(Authentication authentication) {
        if (!(authentication instanceof JwtAuthenticationToken token)) {
            throw new AccessDeniedException("a bearer token is required");
        }
        Jwt jwt = token.getToken();
        Set<String> roles = rolesOf(authentication);
        Optional<SourceSystem> source = sourceSystemOf(jwt);
        Actor actor = source.isPresent() || jwt.getClaimAsString("preferred_username") == null
                ? Actor.client(jwt.getClaimAsString("azp"))
                : Actor.user(jwt.getClaimAsString("preferred_username"));
        return new Caller(actor, source, roles);
    }

    /** The realm roles of an authentication (its {@code ROLE_} authorities without the prefix). */
    public static Set<String> rolesOf(Authentication authentication) {
        return authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_"))
                .map(a -> a.substring("ROLE_".length()))
                .collect(Collectors.toUnmodifiableSet());
    }

    static Optional<SourceSystem> sourceSystemOf(Jwt jwt) {
        String claim = jwt.getClaimAsString(SOURCE_SYSTEM_CLAIM);
        if (claim == null) {
            return Optional.empty();
        }
        try {
            SourceSystem system = SourceSystem.valueOf(claim);
            return system == SourceSystem.STEWARD ? Optional.empty() : Optional.of(system);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The source system this caller submits as; refused for callers that are not source clients. */
    public SourceSystem requireSourceSystem() {
        return sourceSystem.orElseThrow(() -> new AccessDeniedException(
                "only a source-system client may submit records"));
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
