package io.mdg.benchmark;

import static io.mdg.demo.data.DemoNetwork.JSON;
import static io.mdg.demo.data.DemoNetwork.json;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.HdrHistogram.Histogram;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.mdg.api.EntityType;

/**
 * Figure 9's consumers of golden records, in the benchmark's JVM: push receivers (JDK HTTP servers on loopback that
 * verify each POST's Standard Webhooks signature with the library's own verifier, answer 204 at once and record every
 * CloudEvent of the batch with the time it arrived) and a pull reader (a loop over the consumer's {@code changes}
 * pages with its own client's token, resuming from the cursor). Each keeps an {@link Inbox}: per change its
 * CloudEvent id, subject, whether it is a creation, its {@code time} (when the change was committed) and when it
 * arrived here; the lag of a delivery is the one minus the other (one machine, one clock).
 */
final class Distribution {

    private Distribution() {
    }

    /** One change as a consumer got it; times in microseconds since the epoch. */
    record Delivery(String id, String subject, boolean created, long committedMicros, long receivedMicros) {
    }

    /** What one consumer got, in arrival order. */
    static final class Inbox {
        private final String name;
        private final List<Delivery> deliveries = new ArrayList<>();
        /** Subjects ({@code SUPPLIER/<id>}) whose creation arrived: what {@link #missing} counts against. */
        private final Set<String> created = ConcurrentHashMap.newKeySet();

        Inbox(String name) {
            this.name = name;
        }

        String name() {
            return name;
        }

        void add(List<Delivery> got) {
            synchronized (deliveries) {
                deliveries.addAll(got);
            }
            for (Delivery d : got) {
                if (d.created()) {
                    created.add(d.subject());
                }
            }
        }

        List<Delivery> snapshot() {
            synchronized (deliveries) {
                return List.copyOf(deliveries);
            }
        }

        /** How many of these creations have not arrived. */
        long missing(Set<String> subjects) {
            long missing = 0;
            for (String subject : subjects) {
                if (!created.contains(subject)) {
                    missing++;
                }
            }
            return missing;
        }
    }

    /**
     * The lag of one consumer for a set of creations: the first arrival of each (receive time minus its CloudEvent
     * {@code time}), and every delivery of those records (any kind) with the times of the first and last.
     */
    record Lag(String consumer, Histogram micros, long expected, long arrived, long deliveries, long duplicates,
               long firstMicros, long lastMicros) {

        long missing() {
            return expected - arrived;
        }

        double p50Ms() {
            return micros.getTotalCount() == 0 ? Double.NaN : micros.getValueAtPercentile(50) / 1000.0;
        }

        double p99Ms() {
            return micros.getTotalCount() == 0 ? Double.NaN : micros.getValueAtPercentile(99) / 1000.0;
        }

        double maxMs() {
            return micros.getTotalCount() == 0 ? Double.NaN : micros.getMaxValue() / 1000.0;
        }
    }

    /** The lag of a consumer for these creations ({@code SUPPLIER/<id>}, ...). */
    static Lag lag(Inbox inbox, Set<String> subjects) {
        Histogram histogram = Load.histogram();
        Set<String> seenIds = new HashSet<>();
        Set<String> arrived = new HashSet<>();
        long deliveries = 0;
        long duplicates = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Delivery d : inbox.snapshot()) {
            if (!subjects.contains(d.subject())) {
                continue;
            }
            deliveries++;
            first = Math.min(first, d.receivedMicros());
            last = Math.max(last, d.receivedMicros());
            if (!seenIds.add(d.id())) {
                duplicates++;
                continue;
            }
            if (d.created() && arrived.add(d.subject())) {
                Load.record(histogram, (d.receivedMicros() - d.committedMicros()) * 1000);
            }
        }
        return new Lag(inbox.name(), histogram, subjects.size(), arrived.size(), deliveries, duplicates, first, last);
    }

    /** The subjects of the records a load created: {@code SUPPLIER/<id>}, as the CloudEvents name them. */
    static Set<String> subjects(Ingest.Result result) {
        Set<String> subjects = new HashSet<>();
        result.created().forEach((type, ids) -> {
            synchronized (ids) {
                ids.forEach(id -> subjects.add(type.name() + "/" + id));
            }
        });
        return subjects;
    }

    /**
     * Waits until every inbox has every one of these creations, or the timeout; answers whether they all did. Polls
     * every 100 ms, each time looking only for those still missing (the lag is measured per change, not by this wait).
     */
    static boolean awaitAll(List<Inbox> inboxes, Set<String> subjects, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Set<String>> missing = new ArrayList<>();
        for (int i = 0; i < inboxes.size(); i++) {
            missing.add(new HashSet<>(subjects));
        }
        while (true) {
            boolean all = true;
            for (int i = 0; i < inboxes.size(); i++) {
                Set<String> arrived = inboxes.get(i).created;
                missing.get(i).removeIf(arrived::contains);
                all &= missing.get(i).isEmpty();
            }
            if (all) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    static long micros(String isoTime) {
        Instant at = Instant.parse(isoTime);
        return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
    }

    // ------------------------------------------------------------------------------------------- push

    /**
     * A push consumer's endpoint: a JDK HTTP server on a free loopback port. Each POST is read, verified with
     * Standard Webhooks' {@link Webhook} verifier (401 when it does not verify, as a receiver would answer), answered
     * 204 at once, then its CloudEvents (a batch or a single one) are recorded with the time the POST had been read.
     */
    static final class Receiver implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService threads;
        private final Inbox inbox;
        private final AtomicLong posts = new AtomicLong();
        private final AtomicLong unverified = new AtomicLong();
        private final AtomicReference<String> firstProblem = new AtomicReference<>();
        private volatile Webhook verifier;

        private Receiver(String name, HttpServer server, ExecutorService threads) {
            this.inbox = new Inbox(name);
            this.server = server;
            this.threads = threads;
        }

        static Receiver start(String name) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
                Thread thread = new Thread(r, "receiver-" + name);
                thread.setDaemon(true);
                return thread;
            });
            Receiver receiver = new Receiver(name, server, threads);
            server.createContext("/hook", receiver::handle);
            server.setExecutor(threads);
            server.start();
            return receiver;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        void secret(String secret) {
            verifier = new Webhook(secret);
        }

        Inbox inbox() {
            return inbox;
        }

        long posts() {
            return posts.get();
        }

        long unverified() {
            return unverified.get();
        }

        String firstProblem() {
            return firstProblem.get();
        }

        private void handle(HttpExchange exchange) throws IOException {
            byte[] body;
            long received;
            try (exchange) {
                body = exchange.getRequestBody().readAllBytes();
                received = nowMicros();
                posts.incrementAndGet();
                Webhook webhook = verifier;
                try {
                    if (webhook == null) {
                        throw new IllegalStateException("no secret yet");
                    }
                    webhook.verify(new String(body, StandardCharsets.UTF_8), exchange.getRequestHeaders());
                } catch (Exception e) {
                    unverified.incrementAndGet();
                    firstProblem.compareAndSet(null, "signature not verified: " + e);
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                exchange.sendResponseHeaders(204, -1);
            }
            try {
                inbox.add(events(body, received));
            } catch (IOException | RuntimeException e) {
                firstProblem.compareAndSet(null, "unreadable batch: " + e);
            }
        }

        /** The CloudEvents of a body (a batch array or one object): only id, type, subject and time are read. */
        private static List<Delivery> events(byte[] body, long received) throws IOException {
            List<Delivery> got = new ArrayList<>();
            try (JsonParser parser = JSON.getFactory().createParser(body)) {
                JsonToken token = parser.nextToken();
                boolean batch = token == JsonToken.START_ARRAY;
                if (batch) {
                    token = parser.nextToken();
                }
                while (token == JsonToken.START_OBJECT) {
                    String id = null;
                    String type = null;
                    String subject = null;
                    String time = null;
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String field = parser.getCurrentName();
                        JsonToken value = parser.nextToken();
                        switch (field) {
                            case "id" -> id = parser.getText();
                            case "type" -> type = parser.getText();
                            case "subject" -> subject = parser.getText();
                            case "time" -> time = parser.getText();
                            default -> {
                                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                                    parser.skipChildren();
                                }
                            }
                        }
                    }
                    got.add(new Delivery(id, subject, "io.mdg.record.created".equals(type), micros(time), received));
                    if (!batch) {
                        break;
                    }
                    token = parser.nextToken();
                }
            }
            return got;
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }

    // ------------------------------------------------------------------------------------------- pull

    private static final String CHANGES = "query C($c: ID!, $after: String, $first: Int) { changes(consumer: $c, "
            + "after: $after, first: $first) { changes { id kind recordType recordId committedAt cloudEvent } "
            + "cursor hasMore } }";

    /**
     * A pull consumer's reader: reads pages of {@code changes} with its own client's token, each from the cursor the
     * last one answered; the next page at once while the feed has more, else after {@code idle}. Records each change
     * with the time its page arrived; on the first entry of each page it checks that the CloudEvent's {@code time} is
     * the entry's {@code committedAt}.
     */
    static final class PullReader implements AutoCloseable {
        private final Inbox inbox;
        private final Thread thread;
        private final AtomicLong pages = new AtomicLong();
        private final AtomicLong errors = new AtomicLong();
        private final AtomicReference<String> firstProblem = new AtomicReference<>();
        private volatile boolean running = true;

        PullReader(String name, int port, String consumerId, Supplier<String> token, int pageSize, Duration idle) {
            this.inbox = new Inbox(name);
            this.thread = new Thread(() -> read(port, consumerId, token, pageSize, idle), "pull-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        Inbox inbox() {
            return inbox;
        }

        long pages() {
            return pages.get();
        }

        long errors() {
            return errors.get();
        }

        String firstProblem() {
            return firstProblem.get();
        }

        private void read(int port, String consumerId, Supplier<String> token, int pageSize, Duration idle) {
            String cursor = null;
            HttpConnection connection = new HttpConnection("127.0.0.1", port);
            try {
                while (running) {
                    boolean more = false;
                    try {
                        Map<String, Object> variables = new LinkedHashMap<>();
                        variables.put("c", consumerId);
                        variables.put("after", cursor);
                        variables.put("first", pageSize);
                        HttpConnection.Response response = connection.send(HttpConnection.request("POST", "127.0.0.1",
                                port, "/graphql", token.get(), "application/json",
                                json(Map.of("query", CHANGES, "variables", variables))));
                        long received = nowMicros();
                        JsonNode answer = JSON.readTree(response.body());
                        JsonNode page = answer.path("data").path("changes");
                        if (response.status() != 200 || answer.has("errors") || !page.isObject()) {
                            errors.incrementAndGet();
                            firstProblem.compareAndSet(null, "HTTP " + response.status() + " "
                                    + response.text().substring(0, Math.min(300, response.text().length())));
                        } else {
                            pages.incrementAndGet();
                            List<Delivery> got = new ArrayList<>();
                            for (JsonNode change : page.path("changes")) {
                                long committed = micros(change.path("committedAt").asText());
                                if (got.isEmpty()) {
                                    String time = JSON.readTree(change.path("cloudEvent").asText()).path("time").asText();
                                    if (micros(time) != committed) {
                                        firstProblem.compareAndSet(null, "CloudEvent time " + time
                                                + " is not committedAt " + change.path("committedAt").asText());
                                    }
                                }
                                got.add(new Delivery(change.path("id").asText(), change.path("recordType").asText()
                                        + "/" + change.path("recordId").asText(),
                                        "CREATED".equals(change.path("kind").asText()), committed, received));
                            }
                            inbox.add(got);
                            cursor = page.path("cursor").asText();
                            more = page.path("hasMore").asBoolean(false);
                        }
                    } catch (IOException | RuntimeException e) {
                        errors.incrementAndGet();
                        firstProblem.compareAndSet(null, e.toString());
                    }
                    if (!more) {
                        Thread.sleep(idle.toMillis());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                connection.close();
            }
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------------------------------- registration

    private static final String REGISTER = "mutation R($input: ConsumerInput!) { registerConsumer(input: $input) "
            + "{ consumerId webhookSecret } }";

    /** A consumer registered by an admin: its id and (pushed to) its signing secret. */
    record Registered(String consumerId, String webhookSecret) {
    }

    static Registered register(int port, String adminToken, String name, String clientId, List<EntityType> types,
                               String delivery, String endpoint) throws IOException {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("name", name);
        input.put("clientId", clientId);
        input.put("types", types.stream().map(Enum::name).toList());
        input.put("delivery", delivery);
        if (endpoint != null) {
            input.put("endpoint", endpoint);
        }
        JsonNode answer = graphQl(port, adminToken, REGISTER, Map.of("input", input));
        JsonNode registration = answer.path("data").path("registerConsumer");
        return new Registered(registration.path("consumerId").asText(),
                registration.path("webhookSecret").isTextual() ? registration.path("webhookSecret").asText() : null);
    }

    /** Where each push consumer's delivery stands, as the service reports it (admin), one line per consumer. */
    static String deliveryStatus(int port, String adminToken) {
        try {
            JsonNode answer = graphQl(port, adminToken, "{ consumers { name delivery deliveryStatus { state ackedSeq "
                    + "backlog parked lagMillis lastError } } }", Map.of());
            List<String> lines = new ArrayList<>();
            for (JsonNode consumer : answer.path("data").path("consumers")) {
                JsonNode status = consumer.path("deliveryStatus");
                if (status.isObject()) {
                    lines.add(String.format("%s %s, acknowledged up to %,d, backlog %,d, parked %,d%s",
                            consumer.path("name").asText(), status.path("state").asText(),
                            status.path("ackedSeq").asLong(), status.path("backlog").asLong(),
                            status.path("parked").asLong(), status.path("lastError").isTextual()
                                    ? ", last error " + status.path("lastError").asText() : ""));
                }
            }
            return String.join("; ", lines);
        } catch (IOException | RuntimeException e) {
            return "delivery status not read: " + e;
        }
    }

    private static JsonNode graphQl(int port, String token, String query, Map<String, Object> variables)
            throws IOException {
        try (HttpConnection connection = new HttpConnection("127.0.0.1", port)) {
            HttpConnection.Response response = connection.send(HttpConnection.request("POST", "127.0.0.1", port,
                    "/graphql", token, "application/json", json(Map.of("query", query, "variables", variables))));
            JsonNode answer = JSON.readTree(response.body());
            if (response.status() != 200 || answer.has("errors")) {
                throw new IllegalStateException("GraphQL answered HTTP " + response.status() + ": "
                        + response.text().substring(0, Math.min(500, response.text().length())));
            }
            return answer;
        }
    }
}
