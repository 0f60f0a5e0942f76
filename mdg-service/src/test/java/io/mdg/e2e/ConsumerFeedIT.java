package io.mdg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.app.ServiceHarness;
import io.mdg.e2e.support.GraphQlClient;
import io.mdg.e2e.support.GraphQlClient.Answer;
import io.mdg.e2e.support.GraphQlWebSocket;
import io.mdg.e2e.support.KeycloakServer;

/**
 * A consumer's system pulls its change feed with its own client's token (real Keycloak): an initial load of the
 * records that existed when it was registered, then the changes after them, resumed from the cursor of its last page
 * (nothing missed, nothing twice); another client may not read it, and a cursor that is not one is refused.
 */
class ConsumerFeedIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUBMIT = """
            mutation($input: SupplierSubmissionInput!) { submitSupplier(input: $input) { outcome goldenId } }""";
    private static final String CHANGES = """
            query($consumer: ID!, $after: String) { changes(consumer: $consumer, after: $after, first: 2) {
                changes { seq id kind recordType recordId version committedAt correlationId cloudEvent }
                cursor hasMore } }""";

    private static KeycloakServer keycloak;
    private static ServiceHarness service;
    private static GraphQlClient api;

    @BeforeAll
    static void start() throws Exception {
        keycloak = KeycloakServer.shared();
        Path dataDir = Files.createTempDirectory("mdg-e2e-consumer-feed");
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
    void a_consumer_pulls_its_initial_load_then_resumes_its_feed_from_its_cursor() throws Exception {
        String erp = keycloak.clientToken("erp");
        String first = submit(erp, "PULL-1", 1, "Pull Medical Inc.");
        String second = submit(erp, "PULL-2", 1, "Second Surgical LLC");
        String consumer = api.post(keycloak.userToken("ada.admin"), """
                mutation { registerConsumer(input: { name: "Inventory platform", clientId: "inventory",
                    types: [SUPPLIER], delivery: PULL }, initialLoad: true) { consumerId } }""", Map.of())
                .data().path("registerConsumer").path("consumerId").asText();
        String inventory = keycloak.clientToken("inventory");

        // the initial load, two pages of at most two entries
        List<JsonNode> read = new ArrayList<>();
        String cursor = readAll(inventory, consumer, null, read, 2);
        assertThat(read).extracting(c -> c.path("kind").asText() + " " + c.path("recordId").asText())
                .containsExactlyInAnyOrder("SNAPSHOT " + first, "SNAPSHOT " + second);
        assertThat(read).extracting(c -> c.path("seq").asLong()).containsExactly(1L, 2L);
        JsonNode envelope = JSON.readTree(read.get(0).path("cloudEvent").asText());
        assertThat(envelope.path("specversion").asText()).isEqualTo("1.0");
        assertThat(envelope.path("type").asText()).isEqualTo("io.mdg.record.snapshot");
        assertThat(envelope.path("id").asText()).isEqualTo(read.get(0).path("id").asText());
        assertThat(envelope.path("data").path("record").path("attributes").path("legalName").asText())
                .isIn("Pull Medical Inc.", "Second Surgical LLC");
        assertThat(envelope.path("rulesversion").asText()).isNotEmpty();

        // later changes, read from the cursor: exactly them, in order (a low-risk change applies at once)
        api.post(erp, SUBMIT, Map.of("input", Map.of("sourceId", "PULL-1", "sourceVersion", 2,
                "legalName", "Pull Medical Inc.", "tradingNames", List.of("Pull Med"))));
        String third = submit(erp, "PULL-3", 1, "Third Care Co.");
        List<JsonNode> later = new ArrayList<>();
        String next = readAll(inventory, consumer, cursor, later, 2);
        assertThat(later).extracting(c -> c.path("kind").asText() + " " + c.path("recordId").asText()
                + " v" + c.path("version").asLong())
                .containsExactly("CHANGED " + first + " v2", "CREATED " + third + " v1");
        assertThat(later).extracting(c -> c.path("seq").asLong()).containsExactly(3L, 4L);
        assertThat(later.get(0).path("correlationId").asText()).isNotEmpty();

        // the cursor of the last page resumes after it: nothing new, nothing again
        Answer again = api.post(inventory, CHANGES, Map.of("consumer", consumer, "after", next));
        assertThat(again.data().path("changes").path("changes")).isEmpty();
        assertThat(again.data().path("changes").path("cursor").asText()).isEqualTo(next);

        // a subscription from the cursor after the initial load replays the backlog (3, 4), then goes live (5)
        List<JsonNode> pushed = new CopyOnWriteArrayList<>();
        try (GraphQlWebSocket socket = GraphQlWebSocket.connect(HttpClient.newHttpClient(),
                URI.create("ws://localhost:" + service.port() + "/graphql"), inventory, message -> {
                    if (message.path("type").asText().equals("next")) {
                        pushed.add(message.path("payload").path("data").path("consumerChanges"));
                    }
                })) {
            assertThat(socket.awaitAcknowledged(Duration.ofSeconds(30))).isTrue();
            socket.subscribe("feed", "subscription($c: ID!, $after: String) { consumerChanges(consumer: $c, "
                    + "after: $after) { seq kind recordId cursor } }", Map.of("c", consumer, "after", cursor));
            ServiceHarness.eventually(pushed::size, n -> n >= 2, WAIT);
            String fourth = submit(erp, "PULL-4", 1, "Fourth Health");
            ServiceHarness.eventually(pushed::size, n -> n >= 3, WAIT);
            assertThat(pushed).extracting(c -> c.path("seq").asLong() + " " + c.path("kind").asText() + " "
                    + c.path("recordId").asText()).containsExactly("3 CHANGED " + first, "4 CREATED " + third,
                    "5 CREATED " + fourth);
            assertThat(pushed.get(2).path("cursor").asText()).isNotEqualTo(next);
        }

        // another client may not read the inventory platform's feed; a made-up cursor is refused
        assertThat(code(api.post(keycloak.clientToken("sourcing"), CHANGES, Map.of("consumer", consumer))))
                .isEqualTo("FORBIDDEN");
        assertThat(code(api.post(inventory, CHANGES, Map.of("consumer", consumer, "after", "not-a-cursor"))))
                .isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void bad_registrations_are_refused_with_the_field_and_the_reason_and_register_nothing() {
        String admin = keycloak.userToken("ada.admin");
        String register = """
                mutation($input: ConsumerInput!) { registerConsumer(input: $input) { consumerId } }""";
        Map<String, Object> push = Map.of("name", "Bad push", "clientId", "bad-push", "types", List.of("SUPPLIER"),
                "delivery", "PUSH");

        Answer noUrl = api.post(admin, register, Map.of("input", push));
        Map<String, Object> loopback = new java.util.HashMap<>(push);
        loopback.put("endpoint", "https://127.0.0.1:8443/hook");
        Answer local = api.post(admin, register, Map.of("input", loopback));
        Map<String, Object> plain = new java.util.HashMap<>(push);
        plain.put("endpoint", "http://10.1.2.3/hook");
        Answer privateHttp = api.post(admin, register, Map.of("input", plain));
        Answer group = api.post(admin, register, Map.of("input", Map.of("name", "Bad group", "clientId", "bad-group",
                "types", List.of("SUPPLIER"), "delivery", "PULL", "attributeGroups",
                List.of(Map.of("type", "SUPPLIER", "groups", List.of("no-such-group"))))));
        Answer type = api.post(admin, register, Map.of("input", Map.of("name", "Bad type", "clientId", "bad-type",
                "types", List.of("PATIENT"), "delivery", "PULL")));

        assertThat(code(noUrl)).isEqualTo("VALIDATION_FAILED");
        assertThat(noUrl.body().toString()).contains("endpoint");
        assertThat(code(local)).isEqualTo("VALIDATION_FAILED");
        assertThat(local.body().toString()).contains("loopback");
        assertThat(code(privateHttp)).isEqualTo("VALIDATION_FAILED");
        assertThat(privateHttp.body().toString()).contains("https");
        assertThat(code(group)).isEqualTo("VALIDATION_FAILED");
        assertThat(group.body().toString()).contains("no-such-group");
        assertThat(code(type)).isNotEmpty();
        assertThat(type.body().toString()).contains("PATIENT");
        assertThat(api.post(admin, "{ consumers { name } }", Map.of()).data().path("consumers").toString())
                .doesNotContain("Bad push", "Bad group", "Bad type");
    }

    /** Reads pages from {@code after} until the feed has {@code atLeast} new entries and no more; the last cursor. */
    private static String readAll(String token, String consumer, String after, List<JsonNode> into, int atLeast)
            throws Exception {
        String[] cursor = {after};
        ServiceHarness.eventually(() -> {
            Map<String, Object> variables = new java.util.HashMap<>(Map.of("consumer", consumer));
            if (cursor[0] != null) {
                variables.put("after", cursor[0]);
            }
            JsonNode page = api.post(token, CHANGES, variables).data().path("changes");
            page.path("changes").forEach(into::add);
            cursor[0] = page.path("cursor").asText();
            return into.size() >= atLeast && !page.path("hasMore").asBoolean();
        }, done -> done, WAIT);
        return cursor[0];
    }

    private static String submit(String token, String sourceId, int version, String legalName) {
        return api.post(token, SUBMIT, Map.of("input", Map.of("sourceId", sourceId, "sourceVersion", version,
                "legalName", legalName))).data().path("submitSupplier").path("goldenId").asText();
    }

    private static String code(Answer answer) {
        return answer.body().path("errors").path(0).path("extensions").path("code").asText();
    }
}
