package io.mdg.graphql.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.context.annotation.Profile;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlInterceptor;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

import io.mdg.graphql.security.SecurityConfiguration;
import io.mdg.graphql.security.SecurityProperties;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Authenticates GraphQL over WebSocket. A browser cannot send an {@code Authorization} header with the WebSocket
 * handshake, so the client puts its bearer token in the payload of the {@code connection_init} message
 * ({@code {"Authorization": "Bearer ey..."}}, key {@code authorization} also accepted). The token is checked exactly
 * like an HTTP request's (the app's {@link JwtDecoder}: issuer, signature, expiry, audience, type; roles from
 * {@link SecurityConfiguration#jwtAuthenticationConverter()}), and the authentication is kept with the WebSocket
 * session and put into the Reactor context of every {@code subscribe} on it (under the key of Spring for GraphQL's
 * {@code SecurityContextThreadLocalAccessor}), where {@code @PreAuthorize} and {@code Authentication} arguments find
 * it, as with Spring for GraphQL's {@code AuthenticationWebSocketInterceptor}.
 *
 * <p>A connection without a valid token in {@code connection_init} (and without an authenticated handshake, for
 * clients that can send the header) is refused: Spring for GraphQL closes it with status 4401 Unauthorized.
 *
 * <p>A connection lives no longer than its token: graphql-transport-ws has no message to re-authenticate, so at
 * {@code connection_init} a timer is set to the token's expiry plus the allowed clock skew (the last instant an HTTP
 * request with the same token would be accepted), and when it fires the connection is closed with
 * {@link #TOKEN_EXPIRED} (4401, reason "Token expired"); the client reconnects with a new token. A token without an
 * expiry is refused. Nothing cheaper is re-checked in between (no per-message role check).
 */
@Component
@Profile("edge")
public class FeedAuthenticationInterceptor implements WebSocketGraphQlInterceptor {

    /** Where the session keeps its security context. */
    static final String SECURITY_CONTEXT = FeedAuthenticationInterceptor.class.getName() + ".SECURITY_CONTEXT";
    /** The Reactor context key that Spring for GraphQL propagates to data fetchers as the security context. */
    static final String CONTEXT_KEY = SecurityContext.class.getName();

    private static final Pattern BEARER = Pattern.compile("^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$",
            Pattern.CASE_INSENSITIVE);

    /** The close status of a connection whose token expired: 4401 Unauthorized, as graphql-ws clients know it. */
    public static final CloseStatus TOKEN_EXPIRED = new CloseStatus(4401, "Token expired");
    /** Where the session keeps the timer that closes it when its token expires. */
    static final String EXPIRY = FeedAuthenticationInterceptor.class.getName() + ".EXPIRY";

    private final ProviderManager authentication;
    private final Duration clockSkew;

    public FeedAuthenticationInterceptor(JwtDecoder jwtDecoder, SecurityProperties security) {
        JwtAuthenticationProvider provider = new JwtAuthenticationProvider(jwtDecoder);
        provider.setJwtAuthenticationConverter(SecurityConfiguration.jwtAuthenticationConverter());
        this.authentication = new ProviderManager(provider);
        this.clockSkew = security.clockSkew();
    }

    @Override
    public Mono<Object> handleConnectionInitialization(WebSocketSessionInfo session, Map<String, Object> payload) {
        Object header = payload == null ? null
                : payload.getOrDefault("Authorization", payload.get("authorization"));
        if (header == null) {
            return session.getPrincipal()
                    .filter(Authentication.class::isInstance)
                    .map(principal -> {
                        closeOnExpiry(session, (Authentication) principal);
                        session.getAttributes().put(SECURITY_CONTEXT,
                                new SecurityContextImpl((Authentication) principal));
                        return (Object) Map.of();
                    })
                    .switchIfEmpty(Mono.error(new AuthenticationCredentialsNotFoundException(
                            "connection_init needs {\"Authorization\": \"Bearer <token>\"}")))
                    .then(Mono.empty());
        }
        return Mono.fromCallable(() -> {
            Matcher matcher = BEARER.matcher(header.toString().strip());
            if (!matcher.matches()) {
                throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
            }
            Authentication authenticated = authentication.authenticate(
                    new BearerTokenAuthenticationToken(matcher.group("token")));
            closeOnExpiry(session, authenticated);
            session.getAttributes().put(SECURITY_CONTEXT, new SecurityContextImpl(authenticated));
            return Map.of();
        }).then(Mono.empty());
    }

    /** Sets the timer that closes the connection once the token is no longer accepted; refuses a token without exp. */
    private void closeOnExpiry(WebSocketSessionInfo session, Authentication authenticated) {
        Instant expiresAt = authenticated instanceof JwtAuthenticationToken jwt ? jwt.getToken().getExpiresAt() : null;
        if (expiresAt == null) {
            throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("the token has no expiry"));
        }
        Duration left = Duration.between(Instant.now(), expiresAt.plus(clockSkew));
        Disposable timer = Mono.delay(left.isNegative() ? Duration.ZERO : left)
                .subscribe(fired -> FeedWebSocketHandler.close(session.getAttributes(), TOKEN_EXPIRED));
        Object previous = session.getAttributes().put(EXPIRY, timer);
        if (previous instanceof Disposable earlier) {
            earlier.dispose();
        }
    }

    @Override
    public void handleConnectionClosed(WebSocketSessionInfo session, int statusCode, Map<String, Object> payload) {
        if (session.getAttributes().remove(EXPIRY) instanceof Disposable timer) {
            timer.dispose();
        }
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        if (request instanceof WebSocketGraphQlRequest webSocket
                && webSocket.getSessionInfo().getAttributes().get(SECURITY_CONTEXT) instanceof SecurityContext context) {
            return chain.next(request).contextWrite(Context.of(CONTEXT_KEY, context));
        }
        return chain.next(request);
    }
}
