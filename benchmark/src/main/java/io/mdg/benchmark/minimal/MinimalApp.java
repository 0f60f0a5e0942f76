package io.mdg.benchmark.minimal;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.mdg.benchmark.BenchEndpoints;

/**
 * Figure 4's denominator: a minimal Spring Boot application with nothing but {@code spring-boot-starter-web} and
 * {@code spring-boot-starter-oauth2-resource-server} on its class path (benchmark/minimal-app/pom.xml) and one
 * endpoint, {@code GET /bench/constant}, answering the same constant JSON as the service's {@link BenchEndpoints}.
 * Spring Boot's own resource-server chain: every request needs a JWT, RS256-signed by a key of the realm's JWKS,
 * unexpired, from the issuer and for the audience the service requires (its settings come as arguments, e.g.
 * {@code --spring.security.oauth2.resourceserver.jwt.jwk-set-uri=...}; {@code MinimalAppProcess} passes them).
 * Whatever the service's {@code /bench/constant} pays beyond this app is per-request overhead of the service.
 *
 * <p>Lives in its own package so that its component scan sees nothing else of the benchmark jar; only under the
 * {@value #PROFILE} profile, which its own {@link #main} activates, so that the service (whose component scan covers
 * {@code io.mdg}, and which runs with the benchmark jar on its class path) never picks it up.
 */
@SpringBootApplication(proxyBeanMethods = false)
@RestController
@Profile(MinimalApp.PROFILE)
public class MinimalApp {

    static final String PROFILE = "bench-minimal-app";

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(MinimalApp.class);
        application.setAdditionalProfiles(PROFILE);
        application.run(args);
    }

    @GetMapping(path = BenchEndpoints.PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<byte[]> constant() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(BenchEndpoints.BODY);
    }
}
