package io.mdg.query.distribution.push;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A consumer's webhook endpoint on a free port of the loopback interface: verifies every POST's signature with
 * Standard Webhooks' own verifier (a POST it cannot verify is answered 401, whatever the script), reads the
 * CloudEvents in it (a batch, {@code application/cloudevents-batch+json}, or one event), records what it got and
 * answers as the test's {@link Script} says.
 */
final class PushReceiver {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A POST as it arrived, and the status it was answered with (-1: never answered). */
    record Post(String webhookId, String contentType, boolean verified, List<String> eventIds, int status) {

        boolean accepted() {
            return status >= 200 && status < 300;
        }
    }

    /** An answer; {@link #HANG}: none until the receiver is stopped. */
    record Answer(int status, Map<String, String> headers) {

        static final Answer HANG = new Answer(-1, Map.of());

        static Answer of(int status) {
            return new Answer(status, Map.of());
        }
    }

    /** What to answer to the {@code call}-th POST (from 1). */
    @FunctionalInterface
    interface Script {
        Answer answer(int call);
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final List<JsonNode> acceptedEvents = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final Webhook verifier;
    private volatile Script script;

    private PushReceiver(String secret, Script script) throws IOException {
        this.verifier = new Webhook(secret);
        this.script = script;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    /** A receiver knowing only {@code secret}. */
    static PushReceiver start(String secret, Script script) throws IOException {
        return new PushReceiver(secret, script);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/mdg";
    }

    /** Answers from now on as {@code script} says. */
    void answer(Script changed) {
        this.script = changed;
    }

    List<Post> posts() {
        return List.copyOf(posts);
    }

    /** The ids of the events of every POST it acknowledged, in the order they arrived (duplicates included). */
    List<String> acceptedIds() {
        List<String> ids = new ArrayList<>();
        posts.stream().filter(Post::accepted).forEach(post -> ids.addAll(post.eventIds()));
        return ids;
    }

    /** The events of every POST it acknowledged, as they arrived (duplicates included). */
    List<JsonNode> acceptedEvents() {
        return List.copyOf(acceptedEvents);
    }

    void stop() {
        stopped.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            boolean verified;
            try {
                verifier.verify(body, exchange.getRequestHeaders());
                verified = true;
            } catch (WebhookVerificationException e) {
                verified = false;
            }
            Answer answer = verified ? script.answer(calls.incrementAndGet()) : Answer.of(401);
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            posts.add(new Post(exchange.getRequestHeaders().getFirst("webhook-id"), contentType, verified,
                    eventIds(body), answer.status()));
            if (verified && answer.status() >= 200 && answer.status() < 300) {
                JsonNode json = JSON.readTree(body);
                if (json.isArray()) {
                    json.forEach(acceptedEvents::add);
                } else {
                    acceptedEvents.add(json);
                }
            }
            if (answer == Answer.HANG) {
                stopped.await(30, TimeUnit.SECONDS);
                return;
            }
            answer.headers().forEach(exchange.getResponseHeaders()::add);
            exchange.sendResponseHeaders(answer.status(), -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> eventIds(String body) throws IOException {
        JsonNode json = JSON.readTree(body);
        List<String> ids = new ArrayList<>();
        if (json.isArray()) {
            json.forEach(event -> ids.add(event.path("id").asText()));
        } else {
            ids.add(json.path("id").asText());
        }
        return ids;
    }
}
