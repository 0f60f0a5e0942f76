package io.mdg.graphql.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import io.mdg.graphql.correlation.Correlation;

/**
 * HTTP-level refusals (401 without or with a bad token, 403 without the role for an endpoint): answered as the
 * OAuth 2.0 bearer-token specification (RFC 6750) says, with no detail beyond the error code, and logged with the method,
 * path, caller and correlation id (the log line never holds the token).
 */
final class DeniedRequests {

    private static final Logger log = LoggerFactory.getLogger(DeniedRequests.class);

    private DeniedRequests() {
    }

    /**
     * 401 with {@code WWW-Authenticate: Bearer}, plus {@code error="invalid_token"} when a token was sent; why it was
     * refused (expired, wrong issuer or audience, bad signature) goes to the log only, not to the caller.
     */
    static AuthenticationEntryPoint unauthenticated() {
        return (request, response, exception) -> {
            boolean tokenSent = request.getHeader("Authorization") != null;
            log.warn("Unauthenticated {} {}: {} [correlationId={}]", request.getMethod(), request.getRequestURI(),
                    tokenSent ? exception.getMessage() : "no token", Correlation.find().orElse("-"));
            response.setHeader("WWW-Authenticate", tokenSent ? "Bearer error=\"invalid_token\"" : "Bearer");
            response.setStatus(401);
        };
    }

    static AccessDeniedHandler accessDenied() {
        BearerTokenAccessDeniedHandler delegate = new BearerTokenAccessDeniedHandler();
        return (request, response, exception) -> {
            log.warn("Denied {} {} to {} [correlationId={}]", request.getMethod(), request.getRequestURI(),
                    request.getUserPrincipal() == null ? "anonymous" : request.getUserPrincipal().getName(),
                    Correlation.find().orElse("-"));
            delegate.handle(request, response, exception);
        };
    }
}
