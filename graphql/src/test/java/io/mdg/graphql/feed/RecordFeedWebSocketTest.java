package io.mdg.graphql.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.awaitility.Awaitility;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.DefaultSubscriptionQueryResult;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.client.ClientGraphQlResponse;
import org.springframework.graphql.client.SubscriptionErrorException;
import org.springframework.graphql.client.WebSocketGraphQlClient;
import org.springframework.graphql.client.WebSocketDisconnectedException;
import org.springframework.graphql.client.WebSocketGraphQlClientInterceptor;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.client.StandardWebSocketClient;

import io.mdg.api.EntityType;
import io.mdg.api.feed.RecordChange;
import io.mdg.api.feed.RecordChangeKind;
import io.mdg.api.feed.RecordChangesQuery;
import io.mdg.graphql.Fixtures;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The change feed over a real WebSocket (graphql-transport-ws) against the edge on a random port: the token comes in
 * {@code connection_init} and is checked by the app's {@link JwtDecoder} (mocked here: the token text names the
 * caller); the Axon subscription query is mocked with a sink the test emits into.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.graphql.websocket.path=/graphql", "mdg.security.clock-skew=1s"})
class RecordFeedWebSocketTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SUBSCRIPTION = """
            subscription($types: [RecordType!]) {
              recordChanged(types: $types) {
                type recordId version kind attributes at
                record { id version ... on Supplier { legalName bankAccount { accountNumber } } }
              }
            }""";

    @LocalServerPort
    int port;
    @MockitoBean
    QueryGateway queryGateway;
    @MockitoBean
    CommandGateway commandGateway;
    @MockitoBean
    JwtDecoder jwtDecoder;
    /** Kept by the query side in the service's PostgreSQL, which the edge alone has not. */
    @MockitoBean
    io.mdg.api.audit.SensitiveReadLog sensitiveReadLog;

    // replaying: the edge subscribes to the updates a moment after it asked for the subscription query (off the
    // caller's thread), so an update emitted in between must not be lost to the test
    private final Sinks.Many<RecordChange> updates = Sinks.many().replay().all();
    private final AtomicReference<RecordChangesQuery> subscribed = new AtomicReference<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final List<WebSocketGraphQlClient> clients = new CopyOnWriteArrayList<>();

    @BeforeEach
    void feedAndTokens() {
        when(queryGateway.subscriptionQuery(anyString(), any(RecordChangesQuery.class), any(ResponseType.class),
                any(ResponseType.class), anyInt())).thenAnswer(call -> {
                    subscribed.set(call.getArgument(1));
                    return new DefaultSubscriptionQueryResult<>(Mono.just(List.of()), updates.asFlux(), () -> {
                        cancelled.set(true);
                        return true;
                    });
                });
        when(jwtDecoder.decode("analyst-token")).thenReturn(jwt("andy.analyst", null, "analyst"));
        when(jwtDecoder.decode("steward-token")).thenReturn(jwt("sam.supplier", null, "supplier-steward"));
        when(jwtDecoder.decode("erp-token")).thenReturn(jwt("service-account-erp", "ERP", "source-system"));
        when(jwtDecoder.decode("forged-token")).thenThrow(new BadJwtException("signature does not match"));
        when(jwtDecoder.decode("expiring-token")).thenAnswer(call -> jwt("andy.analyst", null, "analyst",
                Instant.now().plusSeconds(2)));
        when(jwtDecoder.decode("timeless-token")).thenReturn(jwt("andy.analyst", null, "analyst", null));
    }

    @AfterEach
    void stopClients() {
        clients.forEach(client -> client.stop().block(WAIT));
    }

    @Test
    void a_reader_follows_approved_changes_with_the_record_and_bank_accounts_masked() throws Exception {
        Subscription analyst = subscribe("Bearer analyst-token", Map.of("types", List.of("SUPPLIER")));
        eventually(() -> subscribed.get() != null);
        assertThat(subscribed.get()).isEqualTo(new RecordChangesQuery(Set.of(EntityType.SUPPLIER)));

        Instant at = Instant.parse("2026-03-05T09:30:00Z");
        updates.tryEmitNext(new RecordChange(EntityType.SUPPLIER, "s-1", 3, RecordChangeKind.ATTRIBUTES_CHANGED,
                List.of("legalName"), at, Fixtures.acme()));
        eventually(() -> !analyst.received.isEmpty());

        ClientGraphQlResponse response = analyst.received.get(0);
        assertThat(response.getErrors()).isEmpty();
        Map<String, Object> change = response.field("recordChanged").getValue();
        assertThat(change).containsEntry("type", "SUPPLIER").containsEntry("recordId", "s-1")
                .containsEntry("version", 3).containsEntry("kind", "ATTRIBUTES_CHANGED")
                .containsEntry("attributes", List.of("legalName")).containsEntry("at", "2026-03-05T09:30:00Z");
        assertThat(response.field("recordChanged.record.legalName").<String>getValue()).isEqualTo("Acme Medical Inc.");
        assertThat(response.field("recordChanged.record.bankAccount.accountNumber").<String>getValue())
                .isEqualTo("*****6789");

        analyst.disposable.dispose();
        eventually(cancelled::get);
    }

    @Test
    void a_supplier_steward_sees_the_bank_account_in_full() throws Exception {
        Subscription steward = subscribe("Bearer steward-token", Map.of());
        eventually(() -> subscribed.get() != null);
        assertThat(subscribed.get().types()).isEmpty();
        updates.tryEmitNext(new RecordChange(EntityType.SUPPLIER, "s-1", 1, RecordChangeKind.CREATED,
                List.of("legalName", "bankAccount"), Instant.now(), Fixtures.acme()));
        eventually(() -> !steward.received.isEmpty());
        assertThat(steward.received.get(0).field("recordChanged.record.bankAccount.accountNumber").<String>getValue())
                .isEqualTo("123456789");
    }

    @Test
    void a_connection_without_a_token_or_with_a_forged_one_is_closed_and_never_subscribes() throws Exception {
        Subscription anonymous = subscribe(null, Map.of());
        Subscription forged = subscribe("Bearer forged-token", Map.of());
        eventually(() -> anonymous.failure.get() != null && forged.failure.get() != null);
        assertThat(anonymous.received).isEmpty();
        assertThat(forged.received).isEmpty();
        verify(queryGateway, never()).subscriptionQuery(anyString(), any(), any(ResponseType.class),
                any(ResponseType.class), anyInt());
    }

    @Test
    void a_source_client_is_forbidden_the_feed() throws Exception {
        Subscription erp = subscribe("Bearer erp-token", Map.of());
        eventually(() -> erp.failure.get() != null);
        assertThat(erp.failure.get()).isInstanceOf(SubscriptionErrorException.class);
        assertThat(((SubscriptionErrorException) erp.failure.get()).getErrors().get(0).getExtensions())
                .containsEntry("code", "FORBIDDEN");
        verify(queryGateway, never()).subscriptionQuery(anyString(), any(), any(ResponseType.class),
                any(ResponseType.class), anyInt());
    }

    @Test
    void a_connection_is_closed_with_4401_when_its_token_expires_and_its_subscriptions_end() throws Exception {
        Subscription analyst = subscribe("Bearer expiring-token", Map.of());
        eventually(() -> subscribed.get() != null);
        assertThat(analyst.failure.get()).as("open while the token is valid").isNull();

        eventually(() -> analyst.failure.get() != null);
        assertThat(analyst.failure.get()).isInstanceOf(WebSocketDisconnectedException.class);
        CloseStatus status = ((WebSocketDisconnectedException) analyst.failure.get()).getCloseStatus();
        assertThat(status.getCode()).isEqualTo(4401);
        assertThat(status.getReason()).isEqualTo("Token expired");
        eventually(cancelled::get);
    }

    @Test
    void a_token_without_an_expiry_is_refused() throws Exception {
        Subscription timeless = subscribe("Bearer timeless-token", Map.of());
        eventually(() -> timeless.failure.get() != null);
        assertThat(timeless.received).isEmpty();
        verify(queryGateway, never()).subscriptionQuery(anyString(), any(), any(ResponseType.class),
                any(ResponseType.class), anyInt());
    }

    private record Subscription(List<ClientGraphQlResponse> received, AtomicReference<Throwable> failure,
                                Disposable disposable) {
    }

    private Subscription subscribe(String authorization, Map<String, Object> variables) {
        WebSocketGraphQlClient client = WebSocketGraphQlClient
                .builder(URI.create("ws://localhost:" + port + "/graphql"), new StandardWebSocketClient())
                .interceptor(new WebSocketGraphQlClientInterceptor() {
                    @Override
                    public Mono<Object> connectionInitPayload() {
                        return authorization == null ? Mono.empty()
                                : Mono.just(Map.of("Authorization", authorization));
                    }
                })
                .build();
        clients.add(client);
        List<ClientGraphQlResponse> received = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Flux<ClientGraphQlResponse> responses = client.document(SUBSCRIPTION).variables(variables).executeSubscription();
        Disposable disposable = responses.subscribe(received::add, failure::set);
        return new Subscription(received, failure, disposable);
    }

    private static Jwt jwt(String username, String sourceSystem, String role) {
        return jwt(username, sourceSystem, role, Instant.now().plusSeconds(300));
    }

    /** A decoded token; {@code expiresAt} null: without {@code exp}. */
    private static Jwt jwt(String username, String sourceSystem, String role, Instant expiresAt) {
        Jwt.Builder builder = Jwt.withTokenValue("t").header("alg", "RS256")
                .claim("azp", sourceSystem == null ? "mdg-cli" : "erp")
                .claim("preferred_username", username)
                .claim("realm_access", Map.of("roles", List.of(role)))
                .issuedAt(Instant.now());
        if (expiresAt != null) {
            builder.expiresAt(expiresAt);
        }
        if (sourceSystem != null) {
            builder.claim("source_system", sourceSystem);
        }
        return builder.build();
    }

    private static void eventually(BooleanSupplier condition) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(condition::getAsBoolean);
    }
}
