package io.mdg.distribution.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A consumer's webhook endpoint, run by a test on a free port of the loopback interface: it verifies each message's
 * signature with Standard Webhooks' own verifier (when it knows a secret), records what it got, and answers as the
 * test's {@link Script} says (a wrong signature is answered 401 whatever the script).
 */
final class Receiver {

    /** A request as it arrived. */
    record Received(String method, Headers headers, String body, boolean verified) {

        String header(String name) {
            return headers.getFirst(name);
        }
    }

    /**
     * An answer: status, headers, body; or, with {@link #HANG}, no answer until the receiver is stopped; or, when
     * {@code unfinished}, the status line, the headers and the body, of which a longer length was announced.
     */
    record Answer(int status, Map<String, String> headers, String body, boolean unfinished) {

        static final Answer HANG = of(-1);

        static Answer of(int status) {
            return of(status, "");
        }

        static Answer of(int status, String body) {
            return new Answer(status, Map.of(), body, false);
        }

        Answer with(String header, String value) {
            return new Answer(status, Map.of(header, value), body, unfinished);
        }

        /** This answer, but its body never ends (until the receiver is stopped). */
        Answer neverEnding() {
            return new Answer(status, headers, body, true);
        }
    }

    /** What to answer to the {@code call}-th request (from 1). */
    @FunctionalInterface
    interface Script {
        Answer answer(int call);
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final Webhook verifier;
    private final Script script;

    private Receiver(String secret, Script script) throws IOException {
        this.verifier = secret == null ? null : new Webhook(secret);
        this.script = script;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    /** A receiver that knows {@code secret} (null: verifies nothing) and answers as {@code script} says. */
    static Receiver start(String secret, Script script) throws IOException {
        return new Receiver(secret, script);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/mdg";
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** Stops listening, closes its connections and lets any hanging answer go. */
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
            boolean verified = verify(body, exchange.getRequestHeaders());
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestHeaders(), body, verified));
            Answer answer = verifier != null && !verified ? Answer.of(401, "bad signature")
                    : script.answer(calls.incrementAndGet());
            if (answer == Answer.HANG) {
                awaitStop();
                return;
            }
            answer.headers().forEach(exchange.getResponseHeaders()::add);
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            int announced = answer.unfinished() ? bytes.length + 1000 : bytes.length;
            exchange.sendResponseHeaders(answer.status(), announced == 0 ? -1 : announced);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
                out.flush();
                if (answer.unfinished()) {
                    awaitStop();
                }
            }
        }
    }

    private boolean verify(String body, Headers headers) {
        if (verifier == null) {
            return false;
        }
        try {
            verifier.verify(body, headers);
            return true;
        } catch (WebhookVerificationException e) {
            return false;
        }
    }

    private void awaitStop() {
        try {
            stopped.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
