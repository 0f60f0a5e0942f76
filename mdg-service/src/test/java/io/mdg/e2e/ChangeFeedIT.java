package io.mdg.e2e;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.mdg.app.ServiceHarness;
import io.mdg.e2e.support.GraphQlClient;
import io.mdg.e2e.support.GraphQlClient.Answer;
import io.mdg.e2e.support.GraphQlWebSocket;
import io.mdg.e2e.support.KeycloakServer;

/**
 * A portal follows the change feed (GraphQL subscription over WebSocket, real Keycloak token) while a bank account
 * change is held, checked by a supplier steward and released by a finance controller: nothing arrives while the
 * change is pending, then exactly the
 * approved change, with the account masked for the analyst's token.
 */
class ChangeFeedIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SUBMIT = """
            mutation($input: SupplierSubmissionInput!) { submitSupplier(input: $input) { outcome goldenId changeRequestId } }""";
    private static final String APPROVE = """
            mutation($id: ID!) { approveChangeRequest(id: $id, comment: "ok", verificationNote: "called back") { status } }""";

    private static KeycloakServer keycloak;
    private static ServiceHarness service;
    private static GraphQlClient api;

    @BeforeAll
    static void start() throws Exception {
        keycloak = KeycloakServer.shared();
        Path dataDir = Files.createTempDirectory("mdg-e2e-feed");
        service = ServiceHarness.start(dataDir, Map.of("mdg.security.issuer", keycloak.issuer()));
        api = new GraphQlClient("http://localhost:" + service.port() + "/graphql");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void a_portal_follows_the_feed_while_a_bank_change_is_approved() throws Exception {
        String erp = keycloak.clientToken("erp");
        String supplier = api.post(erp, SUBMIT, Map.of("input", Map.of("sourceId", "FEED-1", "sourceVersion", 1,
                "legalName", "Feed Medical Inc."))).data().path("submitSupplier").path("goldenId").asText();
        ServiceHarness.eventually(() -> api.post(keycloak.userToken("andy.analyst"),
                "query($id: ID!) { supplier(id: $id) { id } }", Map.of("id", supplier)).data().path("supplier").path("id")
                .asText(""), supplier::equals, WAIT);

        List<JsonNode> received = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> subscribed = new CompletableFuture<>();
        GraphQlWebSocket socket = subscribe(keycloak.userToken("andy.analyst"), received, subscribed);
        try {
            subscribed.get(10, TimeUnit.SECONDS);
            // the subscription is live once a low-risk change of the supplier comes through the feed (changes made
            // before the server registered it reach nobody); a new change a second at most, not one per poll
            long[] version = {2};
            long[] lastSent = {0};
            eventually(() -> {
                if (System.nanoTime() - lastSent[0] > 1_000_000_000L) {
                    api.post(erp, SUBMIT, Map.of("input", Map.of("sourceId", "FEED-1", "sourceVersion", version[0]++,
                            "tradingNames", List.of("Feed " + version[0]))));
                    lastSent[0] = System.nanoTime();
                }
                return received.size();
            }, n -> n > 0, WAIT);
            received.clear();

            Answer held = api.post(erp, SUBMIT, Map.of("input", Map.of("sourceId", "FEED-1", "sourceVersion",
                    version[0]++, "bankAccount", Map.of("accountHolder", "Feed", "bankName", "Second Bank",
                            "routingNumber", "021000021", "accountNumber", "555566667777", "currency", "USD"))));
            String request = held.data().path("submitSupplier").path("changeRequestId").asText();
            assertThat(request).as(held.body().toString()).isNotEmpty();

            Answer first = api.post(keycloak.userToken("sam.supplier"), APPROVE, Map.of("id", request));
            assertThat(first.body().has("errors")).as(first.body().toString()).isFalse();
            // a marker change of the same record after the first approval: the record's changes reach the feed in
            // order, so once the marker is there, anything the held change or its first approval sent would be too
            api.post(erp, SUBMIT, Map.of("input", Map.of("sourceId", "FEED-1", "sourceVersion", version[0]++,
                    "tradingNames", List.of("Feed marker"))));
            eventually(() -> received.stream().anyMatch(c -> c.path("record").path("tradingNames").toString()
                    .contains("Feed marker")), marked -> marked, WAIT);
            assertThat(received).as("a held or half-approved change is not golden: not in the feed")
                    .allSatisfy(c -> assertThat(c.path("attributes").toString()).doesNotContain("bankAccount"));
            received.clear();

            Answer second = api.post(keycloak.userToken("fay.finance"), APPROVE, Map.of("id", request));
            assertThat(second.body().has("errors")).as(second.body().toString()).isFalse();
            eventually(() -> received.size(), n -> n >= 1, WAIT);
            JsonNode change = received.get(0);
            assertThat(change.path("recordId").asText()).isEqualTo(supplier);
            assertThat(change.path("kind").asText()).isEqualTo("ATTRIBUTES_CHANGED");
            assertThat(change.path("attributes").toString()).contains("bankAccount");
            String account = change.path("record").path("bankAccount").path("accountNumber").asText();
            assertThat(account).as("masked for an analyst").endsWith("7777").doesNotContain("5555");
        } finally {
            socket.close();
        }
    }

    /** The analyst's subscription to supplier changes; answers once it is sent (after the server's ack). */
    private static GraphQlWebSocket subscribe(String token, List<JsonNode> received, CompletableFuture<Void> subscribed)
            throws Exception {
        GraphQlWebSocket socket = GraphQlWebSocket.connect(HttpClient.newHttpClient(),
                URI.create("ws://localhost:" + service.port() + "/graphql"), token, message -> {
                    switch (message.path("type").asText()) {
                        case "next" -> received.add(message.path("payload").path("data").path("recordChanged"));
                        case "error" -> subscribed.completeExceptionally(new AssertionError(message.toString()));
                        default -> { }
                    }
                });
        socket.ended().whenComplete((closed, failure) -> subscribed.completeExceptionally(failure != null ? failure
                : new AssertionError("the service closed the subscription's connection")));
        if (socket.awaitAcknowledged(Duration.ofSeconds(30))) {
            socket.subscribe("feed", """
                    subscription { recordChanged(types: [SUPPLIER]) { recordId kind attributes version
                        record { ... on Supplier { tradingNames bankAccount { accountNumber } } } } }""");
            subscribed.complete(null);
        }
        return socket;
    }
}
