package io.mdg.e2e.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A graphql-transport-ws client for the end-to-end tests: connects, sends {@code connection_init} with the bearer
 * token, and sends {@code subscribe} only from the caller's thread once the server has acknowledged (a WebSocket
 * takes one send at a time: sending from the listener on {@code connection_ack} could meet the init's send still
 * pending, and that send failed). Every other server message goes to the caller's consumer; {@link #ended()}
 * completes with the close code when the server closes the connection, exceptionally when the connection or a
 * message fails.
 */
public final class GraphQlWebSocket implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CompletableFuture<Void> acknowledged = new CompletableFuture<>();
    private final CompletableFuture<Integer> ended = new CompletableFuture<>();
    private final WebSocket socket;

    private GraphQlWebSocket(HttpClient http, URI uri, Consumer<JsonNode> messages) throws Exception {
        StringBuilder partial = new StringBuilder();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String text = partial.toString();
                    partial.setLength(0);
                    try {
                        JsonNode message = JSON.readTree(text);
                        if ("connection_ack".equals(message.path("type").asText())) {
                            acknowledged.complete(null);
                        } else {
                            messages.accept(message);
                        }
                    } catch (IOException | RuntimeException e) {
                        ended.completeExceptionally(e);
                    }
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int status, String reason) {
                ended.complete(status);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                ended.completeExceptionally(error);
            }
        };
        socket = http.newWebSocketBuilder().subprotocols("graphql-transport-ws").buildAsync(uri, listener)
                .get(10, TimeUnit.SECONDS);
    }

    /** Connects and sends {@code connection_init} (with the token, if any); returns once it is sent. */
    public static GraphQlWebSocket connect(HttpClient http, URI uri, String token, Consumer<JsonNode> messages)
            throws Exception {
        GraphQlWebSocket connection = new GraphQlWebSocket(http, uri, messages);
        connection.send(Map.of("type", "connection_init",
                "payload", token == null ? Map.of() : Map.of("Authorization", "Bearer " + token)));
        return connection;
    }

    /** Waits for {@code connection_ack}: true when it came, false when the connection ended instead. */
    public boolean awaitAcknowledged(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            CompletableFuture.anyOf(acknowledged, ended).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return false;
        }
        return acknowledged.isDone();
    }

    /** Sends {@code subscribe} with the query; returns once it is sent. */
    public void subscribe(String id, String query) throws Exception {
        subscribe(id, query, Map.of());
    }

    /** Sends {@code subscribe} with the query and its variables; returns once it is sent. */
    public void subscribe(String id, String query, Map<String, Object> variables) throws Exception {
        send(Map.of("id", id, "type", "subscribe", "payload", Map.of("query", query, "variables", variables)));
    }

    /**
     * Completes with the close status code when the server closes the connection; exceptionally when it or a
     * message failed.
     */
    public CompletableFuture<Integer> ended() {
        return ended;
    }

    private void send(Map<String, Object> message) throws Exception {
        socket.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
