package io.mdg.graphql.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

/** The loops answer exactly as the regular expressions of Spring Security they replace. */
class RequestChecksTest {

    /** Spring Security's DefaultBearerTokenResolver. */
    private static final Pattern BEARER = Pattern.compile("^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$",
            Pattern.CASE_INSENSITIVE);
    /** Spring Security's StrictHttpFirewall: header and parameter names, header values. */
    private static final Pattern NAME = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    /** What Spring's resolver answers: the token, null (no bearer header), or "MALFORMED". */
    private static String spring(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "bearer", 0, 6)) {
            return null;
        }
        Matcher matcher = BEARER.matcher(authorization);
        return matcher.matches() ? matcher.group("token") : "MALFORMED";
    }

    private static String ours(String authorization) {
        try {
            return RequestChecks.bearerToken(authorization);
        } catch (OAuth2AuthenticationException e) {
            assertThat(e.getError().getErrorCode()).isEqualTo("invalid_token");
            assertThat(e.getError().getDescription()).isEqualTo("Bearer token is malformed");
            return "MALFORMED";
        }
    }

    @Test
    void bearer_headers_are_read_as_spring_reads_them() {
        List<String> headers = List.of("Bearer eyJ.abc.d-e_f~g+h/i", "bearer abc", "BEARER abc==", "Bearer abc=",
                "Bearer abc=d", "Bearer ", "Bearer", "Bearer  abc", "Bearer abc ", "Bearer abc\n", "Bearer a b",
                "Bearerabc", "Basic dXNlcjpwYXNz", "bearer:abc", "Bearer ===", "Bearer a.b.c", "Bearer é",
                "Bearer abc\tdef", "Token abc", "");
        for (String header : headers) {
            assertThat(ours(header)).as(header).isEqualTo(spring(header));
        }
        assertThat(ours(null)).isNull();
    }

    @Test
    void a_malformed_bearer_header_is_refused_not_ignored() {
        assertThatThrownBy(() -> RequestChecks.bearerToken("Bearer not a token"))
                .isInstanceOf(OAuth2AuthenticationException.class);
    }

    @Test
    void random_headers_get_the_same_answers_as_the_regular_expressions() {
        Random random = new Random(19);
        String alphabet = "Bb earER-._~+/=\t\n\r\u0000\u007f\u0085\u00e9\u0378\ud800\udc00\uffff aZ09";
        for (int n = 0; n < 100_000; n++) {
            StringBuilder text = new StringBuilder(random.nextBoolean() ? "Bearer " : "");
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = text.toString();
            assertThat(ours(s)).as(s).isEqualTo(spring(s));
            assertThat(RequestChecks.assignedAndNotControl(s)).as(s).isEqualTo(NAME.matcher(s).matches());
            assertThat(RequestChecks.headerValue(s)).as(s).isEqualTo(VALUE.matcher(s).matches());
        }
    }

    @Test
    void header_characters_are_checked_as_the_firewall_checks_them() {
        for (String s : List.of("application/json", "Bearer abc", "a\tb", "a\u0000b", "a\nb", "\u0378", "caf\u00e9",
                "\ud83d\ude00", "\ud800", "\u0085", "")) {
            assertThat(RequestChecks.assignedAndNotControl(s)).as(s).isEqualTo(NAME.matcher(s).matches());
            assertThat(RequestChecks.headerValue(s)).as(s).isEqualTo(VALUE.matcher(s).matches());
        }
    }
}
