package io.mdg.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.command.idempotency.IdempotencyStore;

/**
 * Idempotency keys over HTTP with signed tokens, on the real service (command bus with group commit, PostgreSQL):
 * a repeat gets the first answer and appends no event, another input or a repeat in flight is a conflict, batch
 * entries have a key each, steward actions take keys too, the answers are stored encrypted, and the guarantee holds
 * after a restart.
 */
class IdempotencyKeysTest {

    private static final String SUBMIT = "mutation($input: SupplierSubmissionInput!) { submitSupplier(input: $input) "
            + "{ outcome goldenId consistencyToken attributes { attribute status } errors { field code } } }";

    @TempDir
    static Path dataDir;
    static ServiceHarness service;
    static LocalTokens tokens;
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        tokens = new LocalTokens();
        service = start(dataDir);
    }

    static ServiceHarness start(Path dir) {
        return tokens.startService(dir);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    @Test
    void a_repeat_with_the_same_key_and_input_gets_the_first_answer_and_appends_no_event() throws Exception {
        Map<String, Object> input = Map.of("sourceId", "IDEM-1", "legalName", "Idem Medical Inc.",
                "taxId", "12-7000001");
        JsonNode first = submit(service, erp(), "key-idem-1", input).path("data").path("submitSupplier");
        assertThat(first.path("outcome").asText()).isEqualTo("CREATED");
        long events = events(service);

        // the same input written otherwise: literals in another order instead of variables
        String literal = "mutation { submitSupplier(input: { taxId: \"12-7000001\", legalName: \"Idem Medical Inc.\", "
                + "sourceId: \"IDEM-1\" }) { outcome goldenId consistencyToken attributes { attribute status } errors { field code } } }";
        JsonNode repeat = graphql(service, literal, Map.of(), erp(), "key-idem-1").path("data").path("submitSupplier");
        assertThat(repeat).isEqualTo(first);
        assertThat(events(service)).isEqualTo(events);

        // without the key, the same submission is decided again (UNCHANGED: the old idempotency by content)
        JsonNode unkeyed = submit(service, erp(), null, input).path("data").path("submitSupplier");
        assertThat(unkeyed.path("outcome").asText()).isEqualTo("UNCHANGED");
    }

    @Test
    void the_same_key_with_another_input_is_a_conflict_naming_the_key() throws Exception {
        submit(service, erp(), "key-idem-2", Map.of("sourceId", "IDEM-2", "legalName", "Two Medical Inc."));
        long events = events(service);
        JsonNode refused = submit(service, erp(), "key-idem-2", Map.of("sourceId", "IDEM-2",
                "legalName", "Two Medical Incorporated"));
        JsonNode error = refused.path("errors").get(0);
        assertThat(error.path("extensions").path("code").asText()).isEqualTo("CONFLICT");
        assertThat(error.path("extensions").path("reason").asText()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(error.path("message").asText()).contains("key-idem-2");
        assertThat(events(service)).isEqualTo(events);
    }

    @Test
    void keys_are_scoped_to_the_calling_client() throws Exception {
        submit(service, erp(), "key-shared", Map.of("sourceId", "IDEM-3", "legalName", "Three Medical Inc."));
        // another client (of the same source system, even) has keys of its own
        JsonNode other = submit(service, tokens.client("erp-europe", "ERP"), "key-shared",
                Map.of("sourceId", "IDEM-3-EU", "legalName", "Drei Medical GmbH"));
        assertThat(other.path("data").path("submitSupplier").path("outcome").asText()).isEqualTo("CREATED");
    }

    @Test
    void a_repeat_while_the_first_is_in_flight_is_a_conflict_on_any_node() throws Exception {
        // another node's transaction holding the key: the advisory lock it takes, held here in an open transaction
        DataSource dataSource = service.bean(DataSource.class);
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
                lock.setInt(1, IdempotencyStore.LOCK_SPACE);
                lock.setString(2, IdempotencyStore.lockName("client:erp", "key-flight"));
                lock.execute();
            }
            JsonNode refused = submit(service, erp(), "key-flight", Map.of("sourceId", "IDEM-4",
                    "legalName", "Four Medical Inc."));
            assertThat(refused.path("errors").get(0).path("extensions").path("reason").asText())
                    .isEqualTo("IDEMPOTENCY_KEY_IN_FLIGHT");
            assertThat(refused.path("errors").get(0).path("extensions").path("code").asText()).isEqualTo("CONFLICT");
            other.rollback();
        }
        JsonNode after = submit(service, erp(), "key-flight", Map.of("sourceId", "IDEM-4",
                "legalName", "Four Medical Inc."));
        assertThat(after.path("data").path("submitSupplier").path("outcome").asText()).isEqualTo("CREATED");
    }

    @Test
    void concurrent_repeats_get_the_first_answer_or_in_flight_and_create_one_record() throws Exception {
        String token = erp();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<JsonNode>> sent = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                sent.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return submit(service, token, "key-race", Map.of("sourceId", "IDEM-5",
                                "legalName", "Race Medical Inc."));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            List<JsonNode> answers = sent.stream().map(CompletableFuture::join).toList();
            List<JsonNode> answered = answers.stream().filter(a -> a.path("errors").isMissingNode())
                    .map(a -> a.path("data").path("submitSupplier")).toList();
            assertThat(answered).isNotEmpty();
            assertThat(answered).allSatisfy(a -> assertThat(a).isEqualTo(answered.get(0)));
            assertThat(answered.get(0).path("outcome").asText()).isEqualTo("CREATED");
            assertThat(answers.stream().filter(a -> !a.path("errors").isMissingNode()))
                    .allSatisfy(a -> assertThat(a.path("errors").get(0).path("extensions").path("reason").asText())
                            .isEqualTo("IDEMPOTENCY_KEY_IN_FLIGHT"));
            String goldenId = answered.get(0).path("goldenId").asText();
            assertThat(new JdbcTemplate(service.bean(DataSource.class)).queryForObject(
                    "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?", Long.class, goldenId))
                    .isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void batch_entries_have_a_key_each_and_share_the_keys_of_single_submissions() throws Exception {
        submit(service, erp(), "key-batch-0", Map.of("sourceId", "IDEM-6", "legalName", "Six Medical Inc."));
        String batch = "mutation($input: BatchInput!) { submitBatch(input: $input) { index result { outcome goldenId } "
                + "error { code } } }";
        Map<String, Object> input = Map.of("suppliers", List.of(
                Map.of("sourceId", "IDEM-6", "legalName", "Six Medical Inc.", "idempotencyKey", "key-batch-0"),
                Map.of("sourceId", "IDEM-7", "legalName", "Seven Medical Inc.", "idempotencyKey", "key-batch-1"),
                Map.of("sourceId", "IDEM-8", "legalName", "Eight Medical Inc.", "idempotencyKey", "key-batch-2")));
        JsonNode first = graphql(service, batch, Map.of("input", input), erp(), null).path("data").path("submitBatch");
        assertThat(first.get(0).path("result").path("outcome").asText()).isEqualTo("CREATED"); // the single's answer
        assertThat(first.get(1).path("result").path("outcome").asText()).isEqualTo("CREATED");
        long events = events(service);
        JsonNode repeat = graphql(service, batch, Map.of("input", input), erp(), null).path("data").path("submitBatch");
        assertThat(repeat).isEqualTo(first);
        assertThat(events(service)).isEqualTo(events);

        JsonNode header = graphql(service, batch, Map.of("input", input), erp(), "key-batch-header");
        assertThat(header.path("errors").get(0).path("extensions").path("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(header.path("errors").get(0).path("message").asText()).contains("idempotencyKey");
    }

    @Test
    void import_rows_have_a_key_each_like_batch_entries() throws Exception {
        String rows = "{\"sourceId\":\"IDEM-IMP-1\",\"legalName\":\"Imported Medical Inc.\","
                + "\"idempotencyKey\":\"key-import-1\"}\n"
                + "{\"sourceId\":\"IDEM-IMP-2\",\"legalName\":\"Bad Key Medical Inc.\",\"idempotencyKey\":\"no key\"}\n";
        List<JsonNode> first = importSuppliers(rows);
        assertThat(first.get(0).path("outcome").asText()).isEqualTo("CREATED");
        assertThat(first.get(1).path("outcome").asText()).isEqualTo("REJECTED");
        assertThat(first.get(1).path("errors").toString()).contains("INVALID_IDEMPOTENCY_KEY");
        long events = events(service);
        List<JsonNode> repeat = importSuppliers(rows);
        assertThat(repeat.get(0).path("outcome").asText()).isEqualTo("CREATED");
        assertThat(repeat.get(0).path("goldenId")).isEqualTo(first.get(0).path("goldenId"));
        assertThat(events(service)).isEqualTo(events);
    }

    /** The NDJSON answer lines of an import of supplier rows, the summary left out. */
    private static List<JsonNode> importSuppliers(String ndjson) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + service.port() + "/import/supplier"))
                .header("Authorization", "Bearer " + erp())
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(ndjson)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            JsonNode node = json.readTree(line);
            if (node.has("row")) {
                lines.add(node);
            }
        }
        lines.sort(java.util.Comparator.comparingInt(n -> n.path("row").asInt()));
        return lines;
    }

    @Test
    void an_invalid_key_and_a_key_on_several_mutation_fields_are_refused_before_anything_is_done() throws Exception {
        long events = events(service);
        JsonNode invalid = submit(service, erp(), "not a key!", Map.of("sourceId", "IDEM-9", "legalName", "Nine"));
        assertThat(invalid.path("errors").get(0).path("extensions").path("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(invalid.path("errors").get(0).path("message").asText()).contains("Idempotency-Key");
        JsonNode tooLong = submit(service, erp(), "k".repeat(129), Map.of("sourceId", "IDEM-9", "legalName", "Nine"));
        assertThat(tooLong.path("errors").get(0).path("message").asText()).contains("at most 128");

        String two = "mutation { a: submitSupplier(input: { sourceId: \"IDEM-10\", legalName: \"Ten\" }) { outcome } "
                + "b: submitSupplier(input: { sourceId: \"IDEM-11\", legalName: \"Eleven\" }) { outcome } }";
        JsonNode several = graphql(service, two, Map.of(), erp(), "key-two-fields");
        assertThat(several.path("errors").get(0).path("extensions").path("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(several.path("errors").get(0).path("message").asText()).contains("2 mutation fields");
        assertThat(several.path("data").isNull()).isTrue();
        assertThat(events(service)).isEqualTo(events);
    }

    @Test
    void a_steward_action_with_a_key_is_applied_once() throws Exception {
        String id = submit(service, erp(), null, Map.of("sourceId", "IDEM-12", "legalName", "Twelve Medical Inc."))
                .path("data").path("submitSupplier").path("goldenId").asText();
        String suspend = "mutation { changeLifecycle(type: SUPPLIER, id: \"" + id + "\", status: SUSPENDED, "
                + "reason: \"quality hold\") { id status } }";
        String sam = tokens.user("sam.supplier", "supplier-steward");
        JsonNode first = graphql(service, suspend, Map.of(), sam, "key-suspend");
        assertThat(first.path("data").path("changeLifecycle").path("status").asText()).isEqualTo("SUSPENDED");
        long events = events(service);
        JsonNode repeat = graphql(service, suspend, Map.of(), sam, "key-suspend");
        assertThat(repeat.path("data").path("changeLifecycle")).isEqualTo(first.path("data").path("changeLifecycle"));
        assertThat(events(service)).isEqualTo(events);

        JsonNode other = graphql(service, suspend.replace("quality hold", "another reason"), Map.of(), sam,
                "key-suspend");
        assertThat(other.path("errors").get(0).path("extensions").path("reason").asText())
                .isEqualTo("IDEMPOTENCY_KEY_REUSED");
        // the same key is another person's own key
        JsonNode sue = graphql(service, suspend.replace("SUSPENDED", "ACTIVE"), Map.of(),
                tokens.user("sue.supplier", "supplier-steward"), "key-suspend");
        assertThat(sue.path("errors").isMissingNode()).isTrue();
    }

    @Test
    void a_keyed_registration_repeated_by_an_admin_answers_the_first_consumer_and_registers_no_second()
            throws Exception {
        String register = "mutation { registerConsumer(input: { name: \"Keyed receiver\", clientId: \"inventory\", "
                + "types: [SUPPLIER], delivery: PULL }) { consumerId consumer { name } } }";
        String ada = tokens.user("ada.admin", "admin");
        JsonNode first = graphql(service, register, Map.of(), ada, "key-register").path("data")
                .path("registerConsumer");
        assertThat(first.path("consumerId").asText()).startsWith("consumer-");
        long events = events(service);
        JsonNode repeat = graphql(service, register, Map.of(), ada, "key-register").path("data")
                .path("registerConsumer");
        assertThat(repeat.path("consumerId").asText()).isEqualTo(first.path("consumerId").asText());
        assertThat(repeat.path("consumer").path("name").asText()).isEqualTo("Keyed receiver");
        assertThat(events(service)).isEqualTo(events);
    }

    @Test
    void stored_answers_are_encrypted_with_the_event_keys() throws Exception {
        JsonNode answer = submit(service, erp(), "key-sealed", Map.of("sourceId", "IDEM-13",
                "legalName", "Sealed Medical Inc.")).path("data").path("submitSupplier");
        byte[] stored = new JdbcTemplate(service.bean(DataSource.class)).queryForObject(
                "SELECT answer FROM mdg_idempotency WHERE scope = 'client:erp' AND idem_key = 'key-sealed'",
                byte[].class);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1))
                .doesNotContain(answer.path("goldenId").asText()).doesNotContain("legalName");
    }

    @Test
    void the_guarantee_holds_after_a_restart(@TempDir Path ownDir) throws Exception {
        Map<String, Object> input = Map.of("sourceId", "IDEM-R", "legalName", "Restart Medical Inc.");
        JsonNode first;
        long events;
        try (ServiceHarness before = start(ownDir)) {
            first = submit(before, erp(), "key-restart", input).path("data").path("submitSupplier");
            assertThat(first.path("outcome").asText()).isEqualTo("CREATED");
            events = events(before);
        }
        try (ServiceHarness after = start(ownDir)) {
            JsonNode repeat = submit(after, erp(), "key-restart", input).path("data").path("submitSupplier");
            assertThat(repeat).isEqualTo(first);
            assertThat(events(after)).isEqualTo(events);
            JsonNode reused = submit(after, erp(), "key-restart", Map.of("sourceId", "IDEM-R",
                    "legalName", "Restart Medical Incorporated"));
            assertThat(reused.path("errors").get(0).path("extensions").path("reason").asText())
                    .isEqualTo("IDEMPOTENCY_KEY_REUSED");
        }
    }

    // --------------------------------------------------------------------------------------------------- helpers

    private static String erp() throws Exception {
        return tokens.client("erp", "ERP");
    }

    private static long events(ServiceHarness on) {
        return new JdbcTemplate(on.bean(DataSource.class)).queryForObject("SELECT count(*) FROM domainevententry",
                Long.class);
    }

    private static JsonNode submit(ServiceHarness on, String token, String key, Map<String, Object> input)
            throws Exception {
        return graphql(on, SUBMIT, Map.of("input", input), token, key);
    }

    private static JsonNode graphql(ServiceHarness on, String query, Map<String, Object> variables, String token,
                                    String key) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + on.port() + "/graphql"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }
}
