package io.mdg.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntUnaryOperator;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.mdg.e2e.support.GraphQlClient;
import io.mdg.e2e.support.KeycloakServer;
import io.mdg.resilience.support.ServiceProcess;

/**
 * Push delivery end to end: the assembled jar in its own JVM (embedded PostgreSQL, real Keycloak tokens), a push
 * consumer registered by an admin, and a real HTTP receiver started here that verifies every POST's Standard
 * Webhooks signature with the library's own verifier and records the CloudEvents it got. Through a receiver that
 * fails twice then recovers, one that stays down until its deliveries are parked and an operator replays them, and a
 * SIGKILL of the service while deliveries are under way (then a restart on the same data): every golden record the
 * ERP created arrives, each record's changes in order, and a change that arrives twice arrives with the same id.
 */
class PushDeliveryIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUBMIT = """
            mutation($input: SupplierSubmissionInput!) { submitSupplier(input: $input) { outcome goldenId } }""";

    private static KeycloakServer keycloak;
    private static Receiver receiver;
    private static Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        keycloak = KeycloakServer.shared();
        receiver = Receiver.start();
        dataDir = Files.createTempDirectory("mdg-push");
    }

    @AfterAll
    static void stop() {
        if (receiver != null) {
            receiver.stop();
        }
    }

    @Test
    void every_change_reaches_the_endpoint_in_order_through_failures_an_outage_and_a_kill_9() throws Exception {
        Map<String, String> properties = Map.of(
                "mdg.security.issuer", keycloak.issuer(),
                "mdg.consumers.allow-insecure-endpoints", "true",
                "mdg.distribution.push.max-batch", "10",
                "mdg.distribution.push.poll-interval", "50ms",
                "mdg.distribution.push.backoff-base", "100ms",
                "mdg.distribution.push.backoff-max", "300ms",
                "mdg.distribution.push.max-attempts", "3",
                "mdg.distribution.push.pause-after", "1000",
                "logging.level.root", "WARN");
        List<String> created = new ArrayList<>();
        String consumer;
        ServiceProcess first = ServiceProcess.start("push-before", dataDir, properties, Map.of());
        try {
            GraphQlClient api = new GraphQlClient(first.graphqlUrl());
            JsonNode registration = api.post(keycloak.userToken("ada.admin"), """
                    mutation($url: String!) { registerConsumer(input: { name: "ERP purchasing", clientId: "erp",
                        types: [SUPPLIER], delivery: PUSH, endpoint: $url }) { consumerId webhookSecret } }""",
                    Map.of("url", receiver.url())).data().path("registerConsumer");
            consumer = registration.path("consumerId").asText();
            receiver.secret(registration.path("webhookSecret").asText());
            String erp = keycloak.clientToken("erp");

            // the endpoint fails twice (503, then 429 with Retry-After), then recovers: everything arrives
            receiver.answer(call -> call == 1 ? 503 : call == 2 ? 429 : 200);
            for (int i = 1; i <= 5; i++) {
                created.add(submit(api, erp, "PUSH-" + i));
            }
            awaitDelivered(created);
            assertThat(receiver.refused()).as("POSTs refused by the receiver").isGreaterThanOrEqualTo(2);

            // the endpoint is down: after the attempts the changes are parked, with the last error, then replayed
            receiver.answer(call -> 503);
            List<String> during = new ArrayList<>();
            for (int i = 6; i <= 8; i++) {
                during.add(submit(api, erp, "PUSH-" + i));
            }
            String admin = keycloak.userToken("ada.admin");
            Awaitility.await("the changes parked").atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() ->
                    api.post(admin, "query($c: ID!) { parkedDeliveries(consumer: $c) { recordId lastError } }",
                            Map.of("c", consumer)).data().path("parkedDeliveries").size() >= 3);
            JsonNode parked = api.post(admin, "query($c: ID!) { parkedDeliveries(consumer: $c) { recordId lastError } }",
                    Map.of("c", consumer)).data().path("parkedDeliveries");
            assertThat(parked.get(0).path("lastError").asText()).contains("503");
            receiver.answer(call -> 200);
            api.post(admin, "mutation($c: ID!) { replayParkedDeliveries(consumer: $c) { queued } }", Map.of("c", consumer));
            created.addAll(during);
            awaitDelivered(created);

            // deliveries under way when the service's JVM is killed: slow answers keep batches in flight
            receiver.answer(call -> 200);
            receiver.delay(Duration.ofMillis(300));
            int before = receiver.events().size();
            for (int i = 9; i <= 60; i++) {
                created.add(submit(api, erp, "PUSH-" + i));
            }
            Awaitility.await("deliveries under way").atMost(WAIT).until(() -> receiver.events().size() > before);
            first.kill();
            long deliveredAtKill = receiver.events().stream().filter(e -> e.type().equals("io.mdg.record.created"))
                    .map(Event::subject).distinct().count();
            assertThat(deliveredAtKill).as("killed while changes were still to deliver").isLessThan(created.size());
        } finally {
            first.close();
        }
        receiver.delay(Duration.ZERO);
        try (ServiceProcess second = ServiceProcess.start("push-after", dataDir, properties, Map.of())) {
            awaitDelivered(created);
        }

        List<Event> events = receiver.events();
        assertThat(receiver.unverified()).as("POSTs whose signature did not verify").isZero();
        // each record's changes in order (a duplicate repeats an earlier change: same id, same content)
        Map<String, Event> byId = new LinkedHashMap<>();
        Map<String, Long> lastVersion = new LinkedHashMap<>();
        for (Event event : events) {
            Event earlier = byId.putIfAbsent(event.id(), event);
            if (earlier != null) {
                assertThat(event).as("a change delivered again is the same change").isEqualTo(earlier);
                continue;
            }
            Long last = lastVersion.put(event.subject(), event.version());
            assertThat(last == null || last < event.version()).as("order of " + event.subject()).isTrue();
        }
        System.out.printf("PushDeliveryIT: %d events received, %d distinct, %d POSTs refused%n", events.size(),
                byId.size(), receiver.refused());
        assertThat(byId.values()).filteredOn(e -> e.type().equals("io.mdg.record.created"))
                .extracting(Event::subject).containsExactlyInAnyOrderElementsOf(
                        created.stream().map(id -> "SUPPLIER/" + id).toList());
    }

    private static void awaitDelivered(List<String> goldenIds) {
        Set<String> wanted = new LinkedHashSet<>(goldenIds.stream().map(id -> "SUPPLIER/" + id).toList());
        Awaitility.await("every created supplier delivered").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> receiver.events().stream().filter(e -> e.type().equals("io.mdg.record.created"))
                        .map(Event::subject).toList().containsAll(wanted));
    }

    private static String submit(GraphQlClient api, String token, String sourceId) {
        String id = api.post(token, SUBMIT, Map.of("input", Map.of("sourceId", sourceId, "sourceVersion", 1,
                "legalName", sourceId + " Medical Supply"))).data().path("submitSupplier").path("goldenId").asText();
        assertThat(id).as("golden id of " + sourceId).isNotEmpty();
        return id;
    }

    /** A CloudEvent as received. */
    record Event(String id, String type, String subject, long version) {
    }

    /**
     * The consumer's endpoint: a JDK HTTP server on a free loopback port that verifies each POST with Standard
     * Webhooks' verifier (401 when it does not verify), records the events of a verified batch it accepts, and
     * answers as the test says.
     */
    static final class Receiver {
        private final HttpServer server;
        private final List<Event> events = new CopyOnWriteArrayList<>();
        private final AtomicInteger calls = new AtomicInteger();
        private final AtomicInteger refused = new AtomicInteger();
        private final AtomicInteger unverified = new AtomicInteger();
        private final AtomicLong delayMillis = new AtomicLong();
        private volatile Webhook verifier;
        private volatile IntUnaryOperator answer = call -> 200;

        private Receiver(HttpServer server) {
            this.server = server;
        }

        static Receiver start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            Receiver receiver = new Receiver(server);
            server.createContext("/hook", receiver::handle);
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
            return receiver;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        void secret(String secret) {
            verifier = new Webhook(secret);
        }

        /** The status of the n-th POST from now on (counted from 1). */
        void answer(IntUnaryOperator statusOfCall) {
            calls.set(0);
            answer = statusOfCall;
        }

        void delay(Duration delay) {
            delayMillis.set(delay.toMillis());
        }

        List<Event> events() {
            return List.copyOf(events);
        }

        int refused() {
            return refused.get();
        }

        int unverified() {
            return unverified.get();
        }

        void stop() {
            server.stop(0);
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                try {
                    verifier.verify(body, exchange.getRequestHeaders());
                } catch (WebhookVerificationException | RuntimeException e) {
                    unverified.incrementAndGet();
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                Thread.sleep(delayMillis.get());
                int status = answer.applyAsInt(calls.incrementAndGet());
                if (status != 200) {
                    refused.incrementAndGet();
                    if (status == 429) {
                        exchange.getResponseHeaders().add("Retry-After", "1");
                    }
                    exchange.sendResponseHeaders(status, -1);
                    return;
                }
                JsonNode batch = JSON.readTree(body);
                List<Event> got = new ArrayList<>();
                for (JsonNode event : batch.isArray() ? batch : JSON.createArrayNode().add(batch)) {
                    got.add(new Event(event.path("id").asText(), event.path("type").asText(),
                            event.path("subject").asText(), event.path("recordversion").asLong()));
                }
                events.addAll(got);
                exchange.sendResponseHeaders(204, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
