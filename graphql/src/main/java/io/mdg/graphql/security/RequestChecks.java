package io.mdg.graphql.security;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Two checks Spring Security makes on every request, written as loops over the characters instead of the regular
 * expressions Spring uses (they showed in the profile of every request: the firewall matches one per header read),
 * with exactly the same answers:
 * <ul>
 *   <li>{@link #firewall()}: Spring's {@link StrictHttpFirewall} with its defaults, its header-name, header-value and
 *       parameter-name checks as loops: a name is assigned, non-control characters
 *       ({@code [\p{IsAssigned}&&[^\p{IsControl}]]*}), a value the same or a tab;</li>
 *   <li>{@link #bearerToken()}: the {@code Authorization: Bearer <token>} header as Spring's default resolver reads
 *       it ({@code ^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$}, case-insensitive; tokens in query or form parameters
 *       off): no such header, no token; a header that starts with "bearer" but is not of that form is refused as a
 *       malformed token (401 invalid_token).</li>
 * </ul>
 */
public final class RequestChecks {

    private RequestChecks() {
    }

    /** Spring's strict firewall (every default kept), with the character checks as loops. */
    public static StrictHttpFirewall firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(RequestChecks::assignedAndNotControl);
        firewall.setAllowedHeaderValues(RequestChecks::headerValue);
        firewall.setAllowedParameterNames(RequestChecks::assignedAndNotControl);
        return firewall;
    }

    /** The bearer token of the Authorization header, as Spring's default resolver finds it. */
    public static BearerTokenResolver bearerToken() {
        return request -> bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION));
    }

    private static final String BEARER = "bearer";

    /** The token of an Authorization header value; null when it is not a bearer header; refused when malformed. */
    static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        int length = authorization.length();
        int start = BEARER.length() + 1;
        if (length <= start || authorization.charAt(BEARER.length()) != ' ') {
            throw malformed();
        }
        int i = start;
        while (i < length && tokenCharacter(authorization.charAt(i))) {
            i++;
        }
        if (i == start) {
            throw malformed();
        }
        while (i < length && authorization.charAt(i) == '=') {
            i++;
        }
        if (i != length) {
            throw malformed();
        }
        // the token with its padding, as the regular expression's group has it
        return authorization.substring(start);
    }

    private static OAuth2AuthenticationException malformed() {
        return new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
    }

    /** {@code [a-zA-Z0-9-._~+/]} */
    private static boolean tokenCharacter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }

    /** {@code [\p{IsAssigned}&&[^\p{IsControl}]]*} */
    static boolean assignedAndNotControl(String s) {
        return allowed(s, false);
    }

    /** {@code [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*} */
    static boolean headerValue(String s) {
        return allowed(s, true);
    }

    private static boolean allowed(String s, boolean tab) {
        int length = s.length();
        for (int i = 0; i < length; ) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                // printable ASCII: assigned, not a control character
                i++;
                continue;
            }
            int codePoint = s.codePointAt(i);
            i += Character.charCount(codePoint);
            int type = Character.getType(codePoint);
            if (type == Character.UNASSIGNED || type == Character.CONTROL && !(tab && codePoint == '\t')) {
                return false;
            }
        }
        return true;
    }
}
