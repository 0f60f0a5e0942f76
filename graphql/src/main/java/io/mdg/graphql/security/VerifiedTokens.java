package io.mdg.graphql.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * The edge's {@link JwtDecoder}: remembers which token texts have already passed the signature check, so that a
 * client sending the same access token again (every request of a session) costs a map lookup instead of an RSA
 * verification and a JSON parse. What is remembered, and what is not:
 * <ul>
 *   <li>Only a token that passed the signature check <em>and</em> the claim checks is remembered, keyed by its whole
 *       text (header, claims and signature): a token differing in any character, a forged signature included, is a
 *       different key and is verified from scratch. A refused token is never remembered.</li>
 *   <li>The claim checks (expiry and not-before with the clock skew, issuer, audience, token type) run on every call,
 *       remembered or not: a remembered token is refused the moment it expires.</li>
 *   <li>An entry lives until the token's expiry, at most {@link #MAX_AGE}, and there are at most
 *       {@link #MAX_ENTRIES} (the least useful are dropped first). A token without an expiry is never remembered.</li>
 * </ul>
 * Nothing is remembered that the signature check itself would decide differently later except a signing key removed
 * from the realm: the key set is itself cached for five minutes by the verifier, so a remembered token of a removed
 * key is accepted no longer than {@link #MAX_AGE}, which is the verifier's own window. Access tokens are not checked
 * for revocation with or without this cache (no introspection): they are valid until they expire.
 */
public final class VerifiedTokens implements JwtDecoder {

    /** At most this many tokens are remembered (about 4 KiB each: the token text and its parsed claims). */
    public static final int MAX_ENTRIES = 4_096;
    /** A token is remembered at most this long, even when it expires later. */
    public static final Duration MAX_AGE = Duration.ofMinutes(5);

    private final JwtDecoder verifier;
    private final OAuth2TokenValidator<Jwt> claims;
    private final Clock clock;
    private final Cache<String, Jwt> verified;

    /**
     * @param verifier checks the signature and parses the token (no claim checks needed: {@code claims} runs on
     *                 every call)
     * @param claims   the claim checks, run on every call
     */
    public VerifiedTokens(JwtDecoder verifier, OAuth2TokenValidator<Jwt> claims) {
        this(verifier, claims, Clock.systemUTC(), Ticker.systemTicker(), MAX_ENTRIES);
    }

    VerifiedTokens(JwtDecoder verifier, OAuth2TokenValidator<Jwt> claims, Clock clock, Ticker ticker,
                   int maxEntries) {
        this.verifier = Objects.requireNonNull(verifier);
        this.claims = Objects.requireNonNull(claims);
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfter(new UntilExpiry())
                .ticker(ticker)
                // evictions on the calling thread: no background task, bounded at once
                .executor(Runnable::run)
                .build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt jwt = verified.getIfPresent(token);
        if (jwt != null) {
            checkClaims(jwt);
            return jwt;
        }
        jwt = verifier.decode(token);
        checkClaims(jwt);
        if (jwt.getExpiresAt() != null && lifetime(jwt) > 0) {
            verified.put(token, jwt);
        }
        return jwt;
    }

    /** How many tokens are remembered now (after pending evictions). */
    long size() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    private void checkClaims(Jwt jwt) {
        OAuth2TokenValidatorResult result = claims.validate(jwt);
        if (result.hasErrors()) {
            Collection<OAuth2Error> errors = result.getErrors();
            String description = errors.stream().map(OAuth2Error::getDescription).filter(Objects::nonNull)
                    .findFirst().orElse("Unable to validate Jwt");
            // as Spring's NimbusJwtDecoder does: a BadJwtException, answered 401 invalid_token
            throw new JwtValidationException("An error occurred while attempting to decode the Jwt: " + description,
                    errors);
        }
    }

    /** Nanoseconds until the token expires, at most {@link #MAX_AGE}; 0 or less when it has. */
    private long lifetime(Jwt jwt) {
        Instant expiresAt = jwt.getExpiresAt();
        if (expiresAt == null) {
            return 0;
        }
        Duration left = Duration.between(clock.instant(), expiresAt);
        return (left.compareTo(MAX_AGE) > 0 ? MAX_AGE : left).toNanos();
    }

    private final class UntilExpiry implements Expiry<String, Jwt> {
        @Override
        public long expireAfterCreate(String token, Jwt jwt, long currentTime) {
            return Math.max(0, lifetime(jwt));
        }

        @Override
        public long expireAfterUpdate(String token, Jwt jwt, long currentTime, long currentDuration) {
            return Math.max(0, lifetime(jwt));
        }

        @Override
        public long expireAfterRead(String token, Jwt jwt, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
