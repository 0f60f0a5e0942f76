package io.mdg.scale;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * One webhook receiver for several consumers: a JDK HTTP server on a free loopback port; each consumer gets its own
 * endpoint ({@code /hook/<name>}) with its own Standard Webhooks secret. Every POST is verified with the library's
 * verifier (401 when it does not verify); the CloudEvents of a verified batch are recorded with the instant they
 * arrived, and the batch is acknowledged (204).
 */
final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A CloudEvent as received: its id, type, subject, record version, the record's data and when it arrived. */
    record Received(String id, String type, String subject, long version, JsonNode record, Instant at) {
        /** The change itself, without when it arrived (a redelivery repeats it). */
        String content() {
            return id + " " + type + " " + subject + " v" + version + " " + record;
        }
    }

    /** One consumer's endpoint. */
    static final class Endpoint {
        private final String url;
        private final List<Received> events = new CopyOnWriteArrayList<>();
        private final AtomicInteger unverified = new AtomicInteger();
        private volatile Webhook verifier;

        private Endpoint(String url) {
            this.url = url;
        }

        String url() {
            return url;
        }

        void secret(String secret) {
            verifier = new Webhook(secret);
        }

        List<Received> events() {
            return List.copyOf(events);
        }

        int unverified() {
            return unverified.get();
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    static WebhookReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        WebhookReceiver receiver = new WebhookReceiver(server);
        server.createContext("/hook/", receiver::handle);
        server.setExecutor(receiver.executor);
        server.start();
        return receiver;
    }

    /** A new endpoint for a consumer (its secret is set once the consumer is registered). */
    Endpoint endpoint(String name) {
        Endpoint endpoint = new Endpoint("http://127.0.0.1:" + server.getAddress().getPort() + "/hook/" + name);
        endpoints.put("/hook/" + name, endpoint);
        return endpoint;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Instant at = Instant.now();
            Endpoint endpoint = endpoints.get(exchange.getRequestURI().getPath());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (endpoint == null || endpoint.verifier == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            try {
                endpoint.verifier.verify(body, exchange.getRequestHeaders());
            } catch (WebhookVerificationException | RuntimeException e) {
                endpoint.unverified.incrementAndGet();
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            JsonNode batch = JSON.readTree(body);
            List<Received> got = new ArrayList<>();
            for (JsonNode event : batch.isArray() ? batch : JSON.createArrayNode().add(batch)) {
                got.add(new Received(event.path("id").asText(), event.path("type").asText(),
                        event.path("subject").asText(), event.path("recordversion").asLong(),
                        event.path("data").path("record"), at));
            }
            endpoint.events.addAll(got);
            exchange.sendResponseHeaders(204, -1);
        }
    }
}
