package io.mdg.graphql.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.threeten.extra.MutableClock;

class VerifiedTokensTest {

    private static final String ISSUER = "http://localhost:8180/realms/mdg";
    private static final SecurityProperties PROPERTIES =
            new SecurityProperties(ISSUER, null, "mdg-api", Duration.ofSeconds(30), null);

    /** The signature check: counts its calls; knows which token texts carry which claims, refuses the rest. */
    static final class Verifier implements JwtDecoder {
        final Map<String, Jwt> signed = new ConcurrentHashMap<>();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Jwt decode(String token) {
            calls.incrementAndGet();
            Jwt jwt = signed.get(token);
            if (jwt == null) {
                throw new BadJwtException("An error occurred while attempting to decode the Jwt: Signed JWT rejected");
            }
            return jwt;
        }

        String sign(String token, Instant expiresAt, String audience) {
            signed.put(token, Jwt.withTokenValue(token).header("alg", "RS256").issuer(ISSUER)
                    .audience(List.of(audience)).issuedAt(expiresAt.minus(Duration.ofMinutes(5)))
                    .expiresAt(expiresAt).subject("andy.analyst").claim("typ", "Bearer").build());
            return token;
        }
    }

    /** A clock the test moves; the cache's ticker follows it. */
    private final MutableClock clock = MutableClock.of(Instant.parse("2026-12-05T09:00:00Z"), ZoneOffset.UTC);
    private final Verifier verifier = new Verifier();
    private final VerifiedTokens tokens = new VerifiedTokens(verifier,
            SecurityConfiguration.tokenValidator(PROPERTIES, clock), clock, this::nanos, VerifiedTokens.MAX_ENTRIES);

    /** The cache's ticker: the clock's time in nanoseconds. */
    private long nanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Test
    void a_token_seen_before_is_not_verified_again() {
        String token = verifier.sign("header.claims.signature", clock.instant().plus(Duration.ofMinutes(5)), "mdg-api");
        Jwt first = tokens.decode(token);
        Jwt second = tokens.decode(token);
        assertThat(second).isSameAs(first);
        assertThat(verifier.calls).hasValue(1);
    }

    @Test
    void a_remembered_token_is_refused_once_it_has_expired_beyond_the_clock_skew() {
        String token = verifier.sign("header.claims.signature", clock.instant().plus(Duration.ofMinutes(2)), "mdg-api");
        tokens.decode(token);
        clock.add(Duration.ofMinutes(2).plusSeconds(29));
        assertThat(tokens.decode(token).getSubject()).isEqualTo("andy.analyst");
        clock.add(Duration.ofSeconds(2));
        assertThatThrownBy(() -> tokens.decode(token)).isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void the_claims_are_checked_on_every_call_even_for_a_remembered_token() {
        java.util.concurrent.atomic.AtomicBoolean refuse = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicInteger checks = new AtomicInteger();
        var claims = SecurityConfiguration.tokenValidator(PROPERTIES, clock);
        VerifiedTokens checked = new VerifiedTokens(verifier, jwt -> {
            checks.incrementAndGet();
            return refuse.get() ? org.springframework.security.oauth2.core.OAuth2TokenValidatorResult.failure(
                    new org.springframework.security.oauth2.core.OAuth2Error("invalid_token", "refused now", null))
                    : claims.validate(jwt);
        }, clock, this::nanos, VerifiedTokens.MAX_ENTRIES);
        String token = verifier.sign("header.claims.signature", clock.instant().plus(Duration.ofMinutes(5)), "mdg-api");
        checked.decode(token);
        checked.decode(token);
        refuse.set(true);
        assertThatThrownBy(() -> checked.decode(token)).isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("refused now");
        assertThat(verifier.calls).hasValue(1);
        assertThat(checks).hasValue(3);
    }

    @Test
    void a_token_for_another_audience_is_refused_every_time_and_never_remembered() {
        String token = verifier.sign("header.other-audience.signature", clock.instant().plus(Duration.ofMinutes(5)),
                "another-api");
        for (int time = 0; time < 3; time++) {
            assertThatThrownBy(() -> tokens.decode(token)).isInstanceOf(JwtValidationException.class)
                    .hasMessageContaining("not meant for this API");
        }
        assertThat(verifier.calls).hasValue(3);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void an_audience_given_as_one_string_is_accepted_and_another_refused() {
        Instant expiry = clock.instant().plus(Duration.ofMinutes(5));
        for (String audience : List.of("mdg-api", "another-api")) {
            verifier.signed.put("token-for-" + audience, Jwt.withTokenValue("token-for-" + audience)
                    .header("alg", "RS256").issuer(ISSUER).claim("aud", audience).expiresAt(expiry).build());
        }
        assertThat(tokens.decode("token-for-mdg-api").getAudience()).containsExactly("mdg-api");
        assertThatThrownBy(() -> tokens.decode("token-for-another-api")).isInstanceOf(JwtValidationException.class);
    }

    @Test
    void a_forged_copy_of_a_remembered_token_is_verified_on_its_own_and_refused() {
        String token = verifier.sign("header.claims.signature", clock.instant().plus(Duration.ofMinutes(5)), "mdg-api");
        tokens.decode(token);
        for (int time = 0; time < 2; time++) {
            assertThatThrownBy(() -> tokens.decode("header.claims.forged")).isInstanceOf(BadJwtException.class);
        }
        assertThat(verifier.calls).hasValue(3);
    }

    @Test
    void a_token_is_remembered_at_most_five_minutes_even_when_it_lives_longer() {
        String token = verifier.sign("header.long-lived.signature", clock.instant().plus(Duration.ofHours(1)), "mdg-api");
        tokens.decode(token);
        clock.add(Duration.ofMinutes(4).plusSeconds(59));
        tokens.decode(token);
        assertThat(verifier.calls).hasValue(1);
        clock.add(Duration.ofSeconds(2));
        tokens.decode(token);
        assertThat(verifier.calls).hasValue(2);
    }

    @Test
    void an_expired_token_is_refused_and_not_remembered() {
        String token = verifier.sign("header.expired.signature", clock.instant().minus(Duration.ofMinutes(1)), "mdg-api");
        assertThatThrownBy(() -> tokens.decode(token)).isInstanceOf(JwtValidationException.class);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void at_most_4096_tokens_are_remembered() {
        Instant expiry = clock.instant().plus(Duration.ofMinutes(5));
        for (int i = 0; i < VerifiedTokens.MAX_ENTRIES + 500; i++) {
            tokens.decode(verifier.sign("header.claims-" + i + ".signature", expiry, "mdg-api"));
        }
        assertThat(tokens.size()).isEqualTo(VerifiedTokens.MAX_ENTRIES);
    }
}
