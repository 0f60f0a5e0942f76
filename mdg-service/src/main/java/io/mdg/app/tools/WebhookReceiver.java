package io.mdg.app.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A consumer's endpoint for trying push delivery on one machine ({@code ./mdg webhook-receiver --port P --secret
 * whsec_...}): listens on the loopback interface, verifies each POST's Standard Webhooks signature with the standard's
 * own library (answers 401 when it does not verify), and prints one line per CloudEvent it accepted (204). What a
 * real consumer does first with every delivery; not part of the service.
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Webhook verifier;
    private final PrintStream out;

    private WebhookReceiver(HttpServer server, Webhook verifier, PrintStream out) {
        this.server = server;
        this.verifier = verifier;
        this.out = out;
    }

    /** Listens on 127.0.0.1:{@code port} (0: a free one) for POSTs signed with {@code secret}. */
    public static WebhookReceiver start(int port, String secret, PrintStream out) throws IOException {
        Webhook verifier = new Webhook(secret);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        WebhookReceiver receiver = new WebhookReceiver(server, verifier, out);
        server.createContext("/", receiver::handle);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        return receiver;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            try {
                verifier.verify(body, exchange.getRequestHeaders());
            } catch (WebhookVerificationException e) {
                out.printf("REFUSED %s: the signature does not verify (%s)%n", id, e.getMessage());
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            List<String> lines = new ArrayList<>();
            try {
                JsonNode events = JSON.readTree(body);
                for (JsonNode event : events.isArray() ? events : JSON.createArrayNode().add(events)) {
                    lines.add(String.format("verified %s: %s %s version %s (id %s, committed %s)", id,
                            event.path("type").asText(), event.path("subject").asText(),
                            event.path("recordversion").asText(), event.path("id").asText(),
                            event.path("time").asText()));
                }
            } catch (IOException e) {
                out.printf("REFUSED %s: not JSON (%s)%n", id, e.getMessage());
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            lines.forEach(out::println);
            out.flush();
            exchange.sendResponseHeaders(204, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** {@code --port P --secret whsec_...}; runs until stopped (Ctrl-C). */
    public static void main(String[] args) throws Exception {
        int port = 0;
        String secret = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--secret" -> secret = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (secret == null || !secret.startsWith("whsec_")) {
            System.err.println("usage: --port <port> --secret whsec_... (the secret registerConsumer answered)");
            System.exit(2);
        }
        WebhookReceiver receiver = start(port, secret, System.out);
        System.out.printf("listening on http://127.0.0.1:%d/ (any path); Ctrl-C stops%n", receiver.port());
        Thread.currentThread().join();
    }
}
