package io.mdg.app.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.graphql.security.SecurityProperties;

/**
 * Whether the identity provider's signing keys (its JWKS) can be fetched: a GET with a short timeout
 * ({@value #TIMEOUT_SECONDS} s), its answer reused for {@value #CACHE_SECONDS} s so that frequent health checks
 * never hammer Keycloak. DOWN when unreachable or not a key set: tokens signed with keys the edge has not seen yet
 * cannot be checked then (known keys stay cached by the decoder). Part of the overall health only, never of the
 * liveness or readiness groups: a Keycloak outage must not get the service restarted or taken out of rotation.
 * Never sends or logs a token.
 */
@Component("keycloakJwks")
@Profile("edge")
public class JwksHealthIndicator extends AbstractHealthIndicator {

    static final long TIMEOUT_SECONDS = 2;
    static final long CACHE_SECONDS = 30;

    private final URI jwks;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(TIMEOUT_SECONDS))
            .build();
    private final Clock clock = Clock.systemUTC();
    private volatile Health cached;
    private volatile Instant checkedAt = Instant.MIN;

    public JwksHealthIndicator(SecurityProperties security) {
        super("JWKS check failed");
        this.jwks = URI.create(security.jwksUri());
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Instant now = clock.instant();
        Health health = cached;
        if (health == null || Duration.between(checkedAt, now).getSeconds() >= CACHE_SECONDS) {
            health = probe(now);
            cached = health;
            checkedAt = now;
        }
        builder.status(health.getStatus()).withDetails(health.getDetails());
    }

    private Health probe(Instant now) {
        Health.Builder result = new Health.Builder().withDetail("uri", jwks.toString())
                .withDetail("checkedAt", now.toString());
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(jwks)
                    .timeout(Duration.ofSeconds(TIMEOUT_SECONDS)).GET().build(), HttpResponse.BodyHandlers.ofString());
            result.withDetail("httpStatus", response.statusCode())
                    .withDetail("tookMs", (System.nanoTime() - started) / 1_000_000);
            boolean keys = response.statusCode() == 200 && response.body().contains("\"keys\"");
            return (keys ? result.up() : result.down().withDetail("error", "not a JSON web key set")).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return result.down().withDetail("error", "interrupted").build();
        } catch (Exception e) {
            return result.down().withDetail("error", e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())).build();
        }
    }
}
