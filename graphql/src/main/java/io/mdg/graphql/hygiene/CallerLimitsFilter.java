package io.mdg.graphql.hygiene;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.mdg.api.Actor;
import io.mdg.api.error.ErrorCode;
import io.mdg.graphql.security.Caller;

/**
 * Admits a {@code POST} to the GraphQL endpoint through the caller's {@link CallerLimits} after authentication (the
 * caller is the token's user, or its client for a source client): over its share it is answered HTTP 429 with
 * {@code Retry-After} and a GraphQL-shaped error ({@code extensions.code} RATE_LIMITED, {@code retryAfterSeconds}),
 * unread and unexecuted. An admitted request
 * carries its {@link CallerLimits.Permit} in the request attribute {@link #PERMIT} (the query limits charge its cost
 * there) and frees its running slot when its answer is complete, also when it completes asynchronously.
 */
public class CallerLimitsFilter extends GraphQlPostFilter {

    /** The request attribute that holds the admitted request's permit. */
    public static final String PERMIT = CallerLimits.Permit.class.getName();

    private final CallerLimits limits;

    public CallerLimitsFilter(String path, CallerLimits limits) {
        super(path);
        this.limits = limits;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            chain.doFilter(request, response); // the security chain answers 401
            return;
        }
        CallerLimits.Permit permit;
        try {
            permit = limits.enter(callerOf(authentication), isSourceClient(authentication));
        } catch (CallerLimits.Refused refused) {
            refuse(response, refused);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServletException("interrupted while waiting for a running slot", e);
        }
        request.setAttribute(PERMIT, permit);
        boolean async = false;
        try {
            chain.doFilter(request, response);
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new Release(permit));
                async = true;
            }
        } finally {
            if (!async) {
                permit.close();
            }
        }
    }

    /**
     * Who the caller is: a person by user name, a source client by client id (the token's principal name is its
     * {@code azp}, which every user signed in through the same client shares).
     */
    static String callerOf(Authentication authentication) {
        if (authentication instanceof JwtAuthenticationToken) {
            Actor actor = Caller.from(authentication).actor();
            return actor.type() + ":" + actor.name();
        }
        return authentication.getName();
    }

    /** Whether the caller is a source client (a client-credentials token), not a person. */
    static boolean isSourceClient(Authentication authentication) {
        return authentication instanceof JwtAuthenticationToken
                && Caller.from(authentication).actor().type() == Actor.ActorType.CLIENT;
    }

    private static void refuse(HttpServletResponse response, CallerLimits.Refused refused) throws IOException {
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(refused.retryAfterSeconds()));
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        String message = refused.getMessage().replace("\\", "\\\\").replace("\"", "\\\"");
        response.getOutputStream().write(("{\"errors\":[{\"message\":\"" + message + "; retry after "
                + refused.retryAfterSeconds() + " s\",\"extensions\":{\"code\":\"" + ErrorCode.RATE_LIMITED.name()
                + "\",\"retryAfterSeconds\":" + refused.retryAfterSeconds() + "}}]}").getBytes(StandardCharsets.UTF_8));
    }

    /** Frees an asynchronous request's slot when it is complete, however it completes. */
    private record Release(CallerLimits.Permit permit) implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            permit.close();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            permit.close();
        }

        @Override
        public void onError(AsyncEvent event) {
            permit.close();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }
}
