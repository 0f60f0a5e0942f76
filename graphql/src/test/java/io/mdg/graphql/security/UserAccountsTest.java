package io.mdg.graphql.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The admin API's answers as {@link UserAccounts} reads them, from a server on a free port that answers as Keycloak's
 * token endpoint and admin API do (the real Keycloak is asked in ApprovalDelegationIT): enabled, disabled, deleted,
 * the service account's token kept and renewed, and every failure to ask an UNKNOWN (the caller refuses).
 */
class UserAccountsTest {

    private static final String BEARER = "Bearer token-";

    private HttpServer server;
    private final Map<String, String> users = new ConcurrentHashMap<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final List<String> lookups = new CopyOnWriteArrayList<>();
    private volatile int adminStatus = 200;
    private volatile int expiresIn = 300;
    private volatile String acceptedToken = null;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/realms/mdg/protocol/openid-connect/token", this::token);
        server.createContext("/admin/realms/mdg/users", this::users);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void token(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String expected = "Basic " + java.util.Base64.getEncoder()
                .encodeToString("mdg-api:secret".getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(auth) || !body.contains("grant_type=client_credentials")) {
            answer(exchange, 401, "{\"error\":\"unauthorized_client\"}");
            return;
        }
        answer(exchange, 200, "{\"access_token\":\"token-" + tokensIssued.incrementAndGet() + "\",\"expires_in\":"
                + expiresIn + ",\"token_type\":\"Bearer\"}");
    }

    private void users(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        lookups.add(query);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith(BEARER) || (acceptedToken != null && !auth.equals("Bearer " + acceptedToken))) {
            answer(exchange, 401, "{\"error\":\"HTTP 401 Unauthorized\"}");
            return;
        }
        if (adminStatus != 200) {
            answer(exchange, adminStatus, "{\"error\":\"unknown_error\"}");
            return;
        }
        String username = query.replaceAll(".*username=([^&]*).*", "$1");
        String enabled = users.get(username);
        answer(exchange, 200, enabled == null ? "[]"
                : "[{\"id\":\"1\",\"username\":\"" + username + "\",\"enabled\":" + enabled + "}]");
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private UserAccounts accounts(String secret, Duration cache) {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return new UserAccounts(URI.create(base + "/admin/realms/mdg"),
                URI.create(base + "/realms/mdg/protocol/openid-connect/token"), "mdg-api", secret, cache,
                Duration.ofSeconds(5), Clock.systemUTC());
    }

    @Test
    void an_enabled_account_is_active_a_disabled_or_deleted_one_inactive() {
        users.put("fay.finance", "true");
        users.put("fern.finance", "false");
        UserAccounts accounts = accounts("secret", Duration.ZERO);

        assertThat(accounts.status("fay.finance")).isEqualTo(UserAccounts.Status.ACTIVE);
        assertThat(accounts.status("fern.finance")).isEqualTo(UserAccounts.Status.INACTIVE);
        assertThat(accounts.status("gone.finance")).isEqualTo(UserAccounts.Status.INACTIVE);
        assertThat(lookups).allMatch(q -> q.contains("exact=true"));
    }

    @Test
    void the_service_accounts_token_is_kept_until_shortly_before_it_expires() {
        users.put("fay.finance", "true");
        UserAccounts accounts = accounts("secret", Duration.ZERO);
        accounts.status("fay.finance");
        accounts.status("fay.finance");
        accounts.status("fay.finance");
        assertThat(lookups).hasSize(3);
        assertThat(tokensIssued).hasValue(1);

        // a token living 10 s is renewed at half its life: a short-lived one is never used to its end
        expiresIn = 0;
        UserAccounts shortLived = accounts("secret", Duration.ZERO);
        shortLived.status("fay.finance");
        shortLived.status("fay.finance");
        assertThat(tokensIssued).hasValue(3);
    }

    @Test
    void a_token_the_admin_api_no_longer_accepts_is_renewed_once() {
        users.put("fay.finance", "true");
        UserAccounts accounts = accounts("secret", Duration.ZERO);
        assertThat(accounts.status("fay.finance")).isEqualTo(UserAccounts.Status.ACTIVE);
        acceptedToken = "token-2";
        assertThat(accounts.status("fay.finance")).isEqualTo(UserAccounts.Status.ACTIVE);
        assertThat(tokensIssued).hasValue(2);
    }

    @Test
    void an_answer_is_used_again_for_the_cache_time() {
        users.put("fay.finance", "true");
        UserAccounts accounts = accounts("secret", Duration.ofSeconds(60));
        assertThat(accounts.status("fay.finance")).isEqualTo(UserAccounts.Status.ACTIVE);
        users.put("fay.finance", "false");
        assertThat(accounts.status("fay.finance")).isEqualTo(UserAccounts.Status.ACTIVE);
        assertThat(lookups).hasSize(1);

        UserAccounts uncached = accounts("secret", Duration.ZERO);
        assertThat(uncached.status("fay.finance")).isEqualTo(UserAccounts.Status.INACTIVE);
    }

    @Test
    void every_failure_to_ask_is_unknown_and_not_kept() {
        users.put("fay.finance", "true");
        assertThat(accounts("wrong", Duration.ofSeconds(60)).status("fay.finance"))
                .as("the client's secret refused").isEqualTo(UserAccounts.Status.UNKNOWN);

        UserAccounts accounts = accounts("secret", Duration.ofSeconds(60));
        adminStatus = 403;
        assertThat(accounts.status("fay.finance")).as("no view-users").isEqualTo(UserAccounts.Status.UNKNOWN);
        adminStatus = 503;
        assertThat(accounts.status("fay.finance")).isEqualTo(UserAccounts.Status.UNKNOWN);
        adminStatus = 200;
        assertThat(accounts.status("fay.finance")).as("asked again, not a kept failure")
                .isEqualTo(UserAccounts.Status.ACTIVE);

        server.stop(0);
        assertThat(accounts("secret", Duration.ZERO).status("fay.finance")).as("unreachable")
                .isEqualTo(UserAccounts.Status.UNKNOWN);
    }

    @Test
    void the_admin_api_and_token_endpoint_are_found_beside_the_jwks_endpoint_unless_configured() {
        SecurityProperties inside = new SecurityProperties("http://localhost:8180/realms/mdg",
                "http://keycloak:8180/realms/mdg/protocol/openid-connect/certs", null, null, null);
        UserAccountsProperties defaults = new UserAccountsProperties(null, null, null, null);
        assertThat(defaults.adminUri(inside)).hasToString("http://keycloak:8180/admin/realms/mdg");
        assertThat(defaults.tokenUri(inside))
                .hasToString("http://keycloak:8180/realms/mdg/protocol/openid-connect/token");
        assertThat(defaults.cache()).isEqualTo(Duration.ofSeconds(5));
        UserAccountsProperties configured = new UserAccountsProperties("https://idp.example.org/admin/realms/mdg/",
                "https://idp.example.org/realms/mdg/protocol/openid-connect/token", null, null);
        assertThat(configured.adminUri(inside)).hasToString("https://idp.example.org/admin/realms/mdg");
        assertThat(configured.tokenUri(inside))
                .hasToString("https://idp.example.org/realms/mdg/protocol/openid-connect/token");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new UserAccountsProperties(null, null,
                Duration.ofSeconds(61), null)).hasMessageContaining("between 0 and 60 s");
    }
}
