package io.mdg.graphql.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The edge's security: every API call needs a Keycloak access token of realm {@code mdg} for audience
 * {@code mdg-api}, RS256-signed by a key from the realm's JWKS (fetched lazily, refreshed when an unknown key id
 * appears), unexpired within the configured clock skew. Realm roles and {@code mdg-api} client roles become
 * {@code ROLE_*} authorities; operations check them with method security. The same chain protects the GraphQL
 * endpoint and the file import endpoint ({@code /import/**}, source clients only).
 */
@Configuration(proxyBeanMethods = false)
@Profile("edge")
@EnableMethodSecurity
@EnableConfigurationProperties({SecurityProperties.class, UserStatusProperties.class})
public class SecurityConfiguration {

    /**
     * The steward console's files ({@code GET /console/**}, static, and {@code /console/config.json}) need no token:
     * the page signs in at Keycloak and calls {@code /graphql} with the user's bearer token like any other client.
     * Its own Content-Security-Policy: scripts and styles from this service only (no inline code), calls to this
     * service and to the Keycloak issuer (token, refresh), no framing (as on every API answer).
     */
    @Bean
    @org.springframework.core.annotation.Order(1)
    public SecurityFilterChain consoleSecurity(HttpSecurity http, SecurityProperties properties) throws Exception {
        http
                .securityMatcher(request -> HttpMethod.GET.matches(request.getMethod())
                        && consolePath(request.getRequestURI().substring(request.getContextPath().length())))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(headers -> headers
                        .referrerPolicy(r -> r.policy(
                                org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .contentSecurityPolicy(csp -> csp.policyDirectives(consolePolicy(properties.issuer()))))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        return http.build();
    }

    /**
     * Inbound webhooks ({@code POST /inbound/{source}}, one path segment, nothing else): no bearer token, no session,
     * no CSRF; the controller verifies the sender's signature before anything is kept (io.mdg.app.intake). Any other
     * method or path under {@code /inbound} falls through to {@link #apiSecurity} and needs a token like the rest of
     * the API; an Authorization header sent with a webhook is ignored, never checked or used.
     */
    @Bean
    @org.springframework.core.annotation.Order(2)
    public SecurityFilterChain inboundWebhookSecurity(HttpSecurity http) throws Exception {
        http
                .securityMatcher(request -> HttpMethod.POST.matches(request.getMethod())
                        && inboundWebhookPath(request.getRequestURI().substring(request.getContextPath().length())))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives("frame-ancestors 'none'")))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        return http.build();
    }

    /** {@code /inbound/<source>}: one segment of letters, digits, - and _ (a source's name). */
    static boolean inboundWebhookPath(String path) {
        return path.startsWith("/inbound/") && path.length() > "/inbound/".length() && path.length() <= 9 + 64
                && path.substring("/inbound/".length()).chars().allMatch(c -> c >= 'a' && c <= 'z'
                || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_');
    }

    /**
     * Before each mutation by a person, the identity provider is asked whether that person may still act
     * ({@link ActiveUsers}). Off only where tokens come from no identity provider (tests that sign their own); never
     * with the {@code prod} profile.
     */
    @Bean
    public ActiveUserInstrumentation activeUserInstrumentation(UserStatusProperties userStatus,
                                                               SecurityProperties security,
                                                               org.springframework.core.env.Environment environment) {
        if (!userStatus.check()) {
            if (environment.acceptsProfiles(org.springframework.core.env.Profiles.of("prod"))) {
                throw new IllegalStateException("mdg.security.user-status.check=false is refused with the prod"
                        + " profile: a person disabled in the identity provider must lose the right to change"
                        + " anything at once");
            }
            return new ActiveUserInstrumentation(null);
        }
        return new ActiveUserInstrumentation(new ActiveUsers(userStatus, security));
    }

    static boolean consolePath(String path) {
        return path.equals("/console") || path.startsWith("/console/");
    }

    /** The console's CSP: only this service's scripts and styles; fetch to itself and to the issuer's origin. */
    static String consolePolicy(String issuer) {
        java.net.URI uri = java.net.URI.create(issuer);
        String keycloak = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
                + "connect-src 'self' " + keycloak + "; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    }

    @Bean
    public SecurityFilterChain apiSecurity(HttpSecurity http, JwtDecoder jwtDecoder, SecurityProperties properties)
            throws Exception {
        http
                .csrf(csrf -> csrf.disable())
                // Browsers may call cross-origin only from the configured origins (portals, the console elsewhere).
                .cors(cors -> cors.configurationSource(corsConfigurationSource(properties)))
                // On top of Spring Security's defaults (nosniff, frame DENY, no-cache, HSTS over https):
                .headers(headers -> headers
                        .referrerPolicy(r -> r.policy(
                                org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .contentSecurityPolicy(csp -> csp.policyDirectives("frame-ancestors 'none'")))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers(HttpMethod.GET, "/graphiql", "/graphiql/**").permitAll()
                        // The WebSocket handshake of GraphQL subscriptions: browsers cannot send a header with it,
                        // so the token comes in the connection_init message (FeedAuthenticationInterceptor).
                        .requestMatchers(SecurityConfiguration::webSocketHandshake).permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/actuator/**").hasRole(Roles.ADMIN)
                        // File imports: source clients only (the controller checks the source system claim too).
                        .requestMatchers("/import/**").hasRole(Roles.SOURCE_SYSTEM)
                        // Exclusion-list imports: admins only (the controller checks the role too).
                        .requestMatchers("/screening/**").hasRole(Roles.ADMIN)
                        // The inbound queue's entries and dead letters: admins only (the controller checks too).
                        .requestMatchers("/intake/**").hasRole(Roles.ADMIN)
                        // The audit-trail export: auditors and admins only.
                        .requestMatchers("/audit/**").hasAnyRole(Roles.AUDITOR, Roles.ADMIN)
                        .anyRequest().authenticated())
                .exceptionHandling(e -> e.accessDeniedHandler(DeniedRequests.accessDenied()))
                .oauth2ResourceServer(rs -> rs
                        .bearerTokenResolver(RequestChecks.bearerToken())
                        .authenticationEntryPoint(DeniedRequests.unauthenticated())
                        .accessDeniedHandler(DeniedRequests.accessDenied())
                        .jwt(jwt -> jwt
                        .decoder(jwtDecoder)
                        .jwtAuthenticationConverter(jwtAuthenticationConverter())));
        return http.build();
    }

    /** CORS for the configured origins only: the API's methods and headers, bearer tokens (no cookies). */
    static org.springframework.web.cors.CorsConfigurationSource corsConfigurationSource(SecurityProperties properties) {
        org.springframework.web.cors.CorsConfiguration cors = new org.springframework.web.cors.CorsConfiguration();
        cors.setAllowedOrigins(properties.allowedOrigins());
        cors.setAllowedMethods(List.of("GET", "POST"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept", "X-Correlation-Id", "traceparent"));
        cors.setExposedHeaders(List.of("X-Correlation-Id"));
        cors.setAllowCredentials(false);
        cors.setMaxAge(java.time.Duration.ofHours(1));
        org.springframework.web.cors.UrlBasedCorsConfigurationSource source =
                new org.springframework.web.cors.UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        return source;
    }

    /**
     * Signature checked by Nimbus against the realm's JWKS (fetched lazily, refreshed for an unknown key id), the
     * result remembered per token text by {@link VerifiedTokens}, which runs the claim checks
     * ({@link #tokenValidator}) on every call, remembered or not.
     */
    @Bean
    public JwtDecoder jwtDecoder(SecurityProperties properties) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwksUri())
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        // the claims are checked by VerifiedTokens, on every call
        decoder.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success());
        // A token whose key cannot be fetched (a key id not cached while Keycloak is unreachable) cannot be checked:
        // fail closed with 401 like any other unverifiable token, not with a 500 (IdentityProviderOutageIT).
        JwtDecoder verifier = token -> {
            try {
                return decoder.decode(token);
            } catch (org.springframework.security.oauth2.jwt.BadJwtException e) {
                throw e;
            } catch (org.springframework.security.oauth2.jwt.JwtException e) {
                throw new org.springframework.security.oauth2.jwt.BadJwtException(
                        "the token cannot be verified now: " + e.getMessage(), e);
            }
        };
        return new VerifiedTokens(verifier, tokenValidator(properties, java.time.Clock.systemUTC()));
    }

    /**
     * Spring Security's strict firewall with its character checks as loops ({@link RequestChecks}): Spring's regular
     * expressions ran on every header the application read.
     */
    @Bean
    public org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer requestFirewall() {
        return web -> web.httpFirewall(RequestChecks.firewall());
    }

    /**
     * No Micrometer observations of Spring Security's filters, authentications and authorizations: nobody reads
     * them, and they were a tenth of every request's CPU. The HTTP server's own request metrics stay.
     */
    @Bean
    public org.springframework.security.config.observation.SecurityObservationSettings noSecurityObservations() {
        return org.springframework.security.config.observation.SecurityObservationSettings.noObservations();
    }

    static OAuth2TokenValidator<Jwt> tokenValidator(SecurityProperties properties, java.time.Clock clock) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
        timestamps.setClock(clock);
        return new DelegatingOAuth2TokenValidator<>(List.of(
                timestamps,
                new JwtIssuerValidator(properties.issuer()),
                claimContains("aud", properties.audience(), "the token is not meant for this API"),
                jwt -> {
                    Object typ = jwt.getClaims().get("typ");
                    return typ == null || "Bearer".equals(typ)
                            ? OAuth2TokenValidatorResult.success()
                            : OAuth2TokenValidatorResult.failure(
                                    new OAuth2Error("invalid_token", "only access tokens are accepted", null));
                }));
    }

    private static OAuth2TokenValidator<Jwt> claimContains(String claim, String value, String description) {
        // read as the decoder left it (a list of strings, or one string), without a conversion per request
        return jwt -> {
            Object values = jwt.getClaims().get(claim);
            return (values instanceof Collection<?> list ? list.contains(value) : value.equals(values))
                    ? OAuth2TokenValidatorResult.success()
                    : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", description, null));
        };
    }

    /**
     * A WebSocket upgrade request to the GraphQL endpoint ({@code GET /graphql} with {@code Upgrade: websocket};
     * {@code spring.graphql.websocket.path}). Nothing else is let through unauthenticated this way.
     */
    static boolean webSocketHandshake(jakarta.servlet.http.HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return HttpMethod.GET.matches(request.getMethod()) && "/graphql".equals(path)
                && "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
    }

    /** Token claims to an authentication with the caller's roles; also used for tokens that come over WebSocket. */
    public static JwtAuthenticationConverter jwtAuthenticationConverter() {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(SecurityConfiguration::authorities);
        converter.setPrincipalClaimName("azp");
        return converter;
    }

    /** Realm roles and the {@code mdg-api} client's roles, as {@code ROLE_<name>}. */
    static Collection<GrantedAuthority> authorities(Jwt jwt) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        addRoles(authorities, jwt.getClaimAsMap("realm_access"));
        Map<String, Object> resourceAccess = jwt.getClaimAsMap("resource_access");
        if (resourceAccess != null && resourceAccess.get("mdg-api") instanceof Map<?, ?> api) {
            @SuppressWarnings("unchecked")
            Map<String, Object> apiAccess = (Map<String, Object>) api;
            addRoles(authorities, apiAccess);
        }
        return authorities;
    }

    private static void addRoles(List<GrantedAuthority> authorities, Map<String, Object> access) {
        if (access != null && access.get("roles") instanceof Collection<?> roles) {
            for (Object role : roles) {
                authorities.add(new SimpleGrantedAuthority("ROLE_" + role));
            }
        }
    }
}
