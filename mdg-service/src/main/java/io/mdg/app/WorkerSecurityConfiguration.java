package io.mdg.app;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HTTP security of a process that runs without the GraphQL edge (only {@code command} and/or {@code query}): it
 * serves no API, only health probes, info and metrics for the platform (reachable inside the cluster network);
 * everything else is refused.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!edge")
public class WorkerSecurityConfiguration {

    @Bean
    public SecurityFilterChain workerSecurity(HttpSecurity http) throws Exception {
        http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
                                "/actuator/prometheus").permitAll()
                        .anyRequest().denyAll());
        return http.build();
    }
}
