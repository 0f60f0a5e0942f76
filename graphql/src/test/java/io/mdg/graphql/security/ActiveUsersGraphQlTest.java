package io.mdg.graphql.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.sun.net.httpserver.HttpServer;

import io.mdg.graphql.EdgeTest;

/**
 * Before a person's mutation the edge asks the identity provider's introspection endpoint (here an HTTP server of the
 * test speaking RFC 7662, as Keycloak does) whether the token's person is still active, as the client {@code mdg-api}
 * with its secret: a disabled person's change is refused before any command is sent, an unreachable or failing
 * endpoint refuses it as UNAVAILABLE, source clients and queries are not asked about.
 */
class ActiveUsersGraphQlTest extends EdgeTest {

    private static final String SECRET = "test-secret";
    private static final HttpServer KEYCLOAK = introspectionEndpoint();
    /** Token value -> active (absent: the endpoint answers 500). */
    private static final Map<String, Boolean> ACTIVE = new ConcurrentHashMap<>();
    private static final List<String> ASKED = new CopyOnWriteArrayList<>();

    @DynamicPropertySource
    static void introspection(DynamicPropertyRegistry registry) {
        registry.add("mdg.security.user-status.check", () -> "true");
        registry.add("mdg.security.user-status.client-secret", () -> SECRET);
        registry.add("mdg.security.user-status.cache", () -> "0s");
        // the first call loads the HTTP client's classes: on a loaded machine that alone may take seconds
        registry.add("mdg.security.user-status.timeout", () -> "30s");
        registry.add("mdg.security.user-status.uri",
                () -> "http://localhost:" + KEYCLOAK.getAddress().getPort() + "/introspect");
    }

    @AfterAll
    static void stopEndpoint() {
        KEYCLOAK.stop(0);
    }

    @BeforeEach
    void reset() {
        ACTIVE.clear();
        ASKED.clear();
        when(commandGateway.send(any())).thenReturn(CompletableFuture.completedFuture(null));
        when(queryGateway.query(any(), any(org.axonframework.messaging.responsetypes.ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(Optional.empty()));
    }

    @Test
    void a_disabled_stewards_decision_is_refused_and_no_command_is_sent() throws Exception {
        ACTIVE.put("tok-disabled", false);
        graphql("approveChangeRequest", Map.of("id", "cr-1"), steward("tok-disabled", "sue.supplier"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString(
                        "the account of sue.supplier is disabled")))
                .andExpect(jsonPath("$.data").doesNotExist());
        verify(commandGateway, never()).send(any());
        assertThat(ASKED).containsExactly("tok-disabled");
    }

    @Test
    void an_active_stewards_decision_is_sent() throws Exception {
        ACTIVE.put("tok-active", true);
        graphql("approveChangeRequest", Map.of("id", "cr-1"), steward("tok-active", "sue.supplier"));
        verify(commandGateway).send(any());
        assertThat(ASKED).containsExactly("tok-active");
    }

    @Test
    void when_the_identity_provider_cannot_answer_the_change_is_refused_as_unavailable() throws Exception {
        graphql("approveChangeRequest", Map.of("id", "cr-1"), steward("tok-unknown", "sue.supplier"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("UNAVAILABLE"));
        verify(commandGateway, never()).send(any());
    }

    @Test
    void queries_and_source_clients_are_not_asked_about() throws Exception {
        graphql("{ __typename }", Map.of(), steward("tok-unknown", "sue.supplier"))
                .andExpect(jsonPath("$.errors").doesNotExist());
        graphql("approveChangeRequest", Map.of("id", "cr-1"), jwt().jwt(j -> j.tokenValue("tok-erp")
                .claim("azp", "erp").claim("source_system", "ERP").claim("preferred_username", "service-account-erp"))
                .authorities(new SimpleGrantedAuthority("ROLE_source-system")));
        assertThat(ASKED).isEmpty();
    }

    private static RequestPostProcessor steward(String token, String username) {
        return jwt().jwt(j -> j.tokenValue(token).claim("azp", "mdg-cli").claim("preferred_username", username))
                .authorities(new SimpleGrantedAuthority("ROLE_supplier-steward"));
    }

    /** RFC 7662 with client authentication: {@code active} for the tokens the test knows, 500 for others. */
    private static HttpServer introspectionEndpoint() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.createContext("/introspect", exchange -> {
                String expected = "Basic " + Base64.getEncoder().encodeToString(("mdg-api:" + SECRET)
                        .getBytes(StandardCharsets.UTF_8));
                String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String token = form.startsWith("token=") ? URLDecoder.decode(form.substring(6).split("&")[0],
                        StandardCharsets.UTF_8) : "";
                ASKED.add(token);
                Boolean active = ACTIVE.get(token);
                int status = !expected.equals(exchange.getRequestHeaders().getFirst("Authorization")) ? 401
                        : active == null ? 500 : 200;
                byte[] body = (status == 200 ? "{\"active\":" + active + (active ? ",\"sub\":\"u-1\"" : "") + "}"
                        : "{\"error\":\"failed\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
