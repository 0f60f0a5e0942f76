package io.mdg.app.ops;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.audit.AuditAction;
import io.mdg.api.audit.AuditEntry;
import io.mdg.api.audit.AuditFilter;
import io.mdg.api.audit.AuditPage;
import io.mdg.api.audit.AuditTrailQuery;
import io.mdg.api.model.Attributes;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.ops.CheckConsistencyQuery;
import io.mdg.api.ops.ConsistencyDifference;
import io.mdg.api.ops.ConsistencyReport;
import io.mdg.api.record.FindRecordQuery;
import io.mdg.api.record.RecordView;
import io.mdg.api.record.SubmitRecordCommand;
import io.mdg.api.submission.SubmissionResult;
import io.mdg.app.LocalTokens;
import io.mdg.app.MdgApplication;
import io.mdg.demo.data.DemoNetwork;
import io.mdg.query.record.GoldenRecord;
import io.mdg.query.record.RecordAttributesListener;
import io.mdg.query.record.RecordReadModel;

/**
 * Operations on the whole service (embedded stack, GraphQL edge with locally signed tokens): dead-letter queues of
 * the projections, replay, the consistency check. One service for the class; the tests run in order because they
 * share its read models (the corruption test goes last).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Actor ERP = Actor.client("erp");
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();

    /** The record the golden-records projection fails on while set (test-only fault). */
    static final AtomicReference<String> FAILING_RECORD = new AtomicReference<>();
    /** The record whose read-store writes fail as if the store were unreachable while set (test-only fault). */
    static final AtomicReference<String> UNREACHABLE_FOR_RECORD = new AtomicReference<>();
    static final AtomicInteger UNREACHABLE_FAILURES = new AtomicInteger();

    @TempDir
    static Path dataDir;
    static LocalTokens tokens;
    static ConfigurableApplicationContext service;
    static CommandGateway commands;

    /**
     * Test-only beans, registered as a source of the application (not component-scanned, so no other test gets
     * them): a listener of the golden-records projection that throws for one record while {@link #FAILING_RECORD}
     * names it.
     */
    static class FaultInjection {

        @Bean
        RecordAttributesListener faultInjectingListener() {
            return new RecordAttributesListener() {
                @Override
                public boolean follows(EntityType type) {
                    return true;
                }

                @Override
                public void attributesChanging(EntityType type, String recordId, MasterAttributes before,
                                               MasterAttributes after) {
                    if (recordId.equals(FAILING_RECORD.get())) {
                        throw new IllegalStateException("injected fault for record " + recordId);
                    }
                    if (recordId.equals(UNREACHABLE_FOR_RECORD.get())) {
                        UNREACHABLE_FAILURES.incrementAndGet();
                        throw new MongoSocketReadException("injected outage for record " + recordId,
                                new ServerAddress("localhost", 1));
                    }
                }

                @Override
                public void reset() {
                }
            };
        }
    }

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("axoniq.update-checker.disabled", "true");
        tokens = new LocalTokens();
        Map<String, Object> properties = new HashMap<>(Map.of(
                "server.port", "0",
                "mdg.data-dir", dataDir.toString(),
                "spring.main.banner-mode", "off",
                "mdg.security.issuer", LocalTokens.ISSUER,
                "mdg.security.jwks-uri", tokens.jwksUri(),
                // tokens signed by the test: no identity provider to ask whether a person is still enabled
                "mdg.security.user-status.check", "false",
                // structured JSON logs (as MDG_LOG_FORMAT=ecs does), to a file the log test scans; the per-message
                // trail of the logging context on
                "MDG_LOG_FORMAT", "ecs",
                "logging.file.name", dataDir.resolve("mdg.log").toString(),
                "logging.level.io.mdg.app.ops", "DEBUG"));
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        service = new SpringApplicationBuilder(MdgApplication.class, FaultInjection.class).run(args);
        commands = service.getBean(CommandGateway.class);
    }

    @AfterAll
    static void stop() {
        FAILING_RECORD.set(null);
        if (service != null) {
            service.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    @Test
    @Order(3)
    void a_projection_failing_on_one_record_parks_it_while_others_keep_updating_and_a_retry_restores_it()
            throws Exception {
        String faulty = submit("DLQ-1", 1, supplier("Parked Medical Inc.", "Parked")).goldenId();
        String healthy = submit("DLQ-2", 1, supplier("Flowing Medical Inc.", "Flowing")).goldenId();
        eventually(() -> record(healthy), r -> r.isPresent(), WAIT);
        long version = eventually(() -> record(faulty), r -> r.isPresent(), WAIT).orElseThrow().version();

        FAILING_RECORD.set(faulty);
        submit("DLQ-1", 2, supplier(null, "Parked v2"));
        submit("DLQ-1", 3, supplier(null, "Parked v3"));
        submit("DLQ-2", 2, supplier(null, "Flowing v2"));

        // the other record keeps flowing
        eventually(() -> tradingNames(healthy), names -> names.equals(List.of("Flowing v2")), WAIT);
        // the failing record's event is parked with its error, the next one waits behind it
        String admin = tokens.user("ada.admin", "admin");
        JsonNode queue = eventually(() -> deadLetters(admin, "golden-records"),
                q -> q.at("/deadLetters").size() == 2, WAIT);
        assertThat(queue.at("/sequences").asLong()).isEqualTo(1);
        JsonNode first = queue.at("/deadLetters/0");
        assertThat(first.at("/sequenceIdentifier").asText()).isEqualTo(faulty);
        // the letters' index orders them within their sequence (the queue's own numbering)
        assertThat(queue.at("/deadLetters/1/index").asLong()).isGreaterThan(first.at("/index").asLong());
        assertThat(first.at("/eventType").asText()).isEqualTo("RecordChangedEvent");
        assertThat(first.at("/causeType").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(first.at("/causeMessage").asText()).contains("injected fault");
        assertThat(first.at("/correlationId").asText()).isNotBlank();
        assertThat(queue.at("/deadLetters/1/causeType").isNull()).isTrue();
        assertThat(tradingNames(faulty)).containsExactly("Parked");

        // a retry while the fault persists parks it again, counting the retry
        JsonNode failed = graphql("mutation { retryDeadLetters(processingGroup: \"golden-records\", "
                + "sequenceIdentifier: \"" + faulty + "\") { attempted succeeded remaining } }", admin);
        assertThat(failed.at("/data/retryDeadLetters/succeeded").asInt()).isZero();
        assertThat(failed.at("/data/retryDeadLetters/remaining").asLong()).isEqualTo(2);
        assertThat(deadLetters(admin, "golden-records").at("/deadLetters/0/retries").asInt()).isEqualTo(1);

        // the fault clears: a retry applies both events in order
        FAILING_RECORD.set(null);
        JsonNode retried = graphql("mutation { retryDeadLetters(processingGroup: \"golden-records\") "
                + "{ processingGroup attempted succeeded remaining } }", admin);
        assertThat(retried.at("/errors").isMissingNode()).as(retried.toString()).isTrue();
        assertThat(retried.at("/data/retryDeadLetters/attempted").asInt()).isEqualTo(1);
        assertThat(retried.at("/data/retryDeadLetters/succeeded").asInt()).isEqualTo(1);
        assertThat(retried.at("/data/retryDeadLetters/remaining").asLong()).isZero();
        assertThat(tradingNames(faulty)).containsExactly("Parked v3");
        assertThat(record(faulty).orElseThrow().version()).isEqualTo(version + 2);

        // and later events of that record flow directly again
        submit("DLQ-1", 4, supplier(null, "Parked v4"));
        eventually(() -> tradingNames(faulty), names -> names.equals(List.of("Parked v4")), WAIT);

        // each action is in the audit trail, with the admin as actor
        List<AuditEntry> trail = eventually(() -> trail(faulty),
                t -> t.stream().filter(e -> e.action() == AuditAction.DEAD_LETTERS_RETRIED).count() >= 1, WAIT);
        AuditEntry action = trail.stream().filter(e -> e.action() == AuditAction.DEAD_LETTERS_RETRIED).findFirst()
                .orElseThrow();
        assertThat(action.actor()).isEqualTo(Actor.user("ada.admin"));
        assertThat(action.comment()).contains("golden-records");
    }

    @Test
    @Order(4)
    void an_eviction_needs_a_reason_removes_the_letters_and_is_audited() throws Exception {
        String faulty = submit("DLQ-3", 1, supplier("Evicted Medical Inc.", "Evicted")).goldenId();
        eventually(() -> record(faulty), Optional::isPresent, WAIT);
        FAILING_RECORD.set(faulty);
        submit("DLQ-3", 2, supplier(null, "Evicted v2"));
        String admin = tokens.user("ada.admin", "admin");
        // waits for the letter itself: the count and the list are read one after the other from a live queue, so an
        // answer can count a letter committed after the list was read (the index of a missing node read as 0)
        JsonNode parked = eventually(() -> deadLetters(admin, "golden-records"),
                q -> q.at("/deadLetters").size() == 1 && q.at("/deadLetters/0/sequenceIdentifier").asText().equals(faulty),
                WAIT);
        long index = parked.at("/deadLetters/0/index").asLong();
        assertThat(index).isPositive();
        FAILING_RECORD.set(null);

        JsonNode refused = graphql("mutation { evictDeadLetters(processingGroup: \"golden-records\", "
                + "sequenceIdentifier: \"" + faulty + "\", reason: \" \") { attempted } }", admin);
        assertThat(refused.at("/errors/0/extensions/code").asText()).isEqualTo("VALIDATION_FAILED");
        JsonNode evicted = graphql("mutation { evictDeadLetters(processingGroup: \"golden-records\", "
                + "sequenceIdentifier: \"" + faulty + "\", index: " + index + ", reason: \"superseded by a manual fix\") "
                + "{ attempted remaining } }", admin);
        assertThat(evicted.at("/data/evictDeadLetters/attempted").asInt()).isEqualTo(1);
        assertThat(evicted.at("/data/evictDeadLetters/remaining").asLong()).isZero();
        assertThat(tradingNames(faulty)).containsExactly("Evicted");

        AuditEntry action = eventually(() -> trail(faulty),
                t -> t.stream().anyMatch(e -> e.action() == AuditAction.DEAD_LETTERS_EVICTED), WAIT).stream()
                .filter(e -> e.action() == AuditAction.DEAD_LETTERS_EVICTED).findFirst().orElseThrow();
        assertThat(action.comment()).contains("superseded by a manual fix");
        assertThat(action.actor()).isEqualTo(Actor.user("ada.admin"));
        assertThat(action.correlationId()).isNotBlank();

        // the evicted event is not in the read model: the consistency check shows exactly where
        assertThat(check().differences()).extracting(ConsistencyDifference::recordId).containsOnly(faulty)
                .isNotEmpty();

        // an unknown group is refused with a code
        JsonNode unknown = graphql("mutation { retryDeadLetters(processingGroup: \"nope\") { attempted } }", admin);
        assertThat(unknown.at("/errors/0/extensions/code").asText()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    @Order(5)
    void an_unreachable_read_store_is_retried_with_back_off_and_parks_nothing() throws Exception {
        String record = submit("DLQ-4", 1, supplier("Unreachable Medical Inc.", "Reachable")).goldenId();
        eventually(() -> record(record), Optional::isPresent, WAIT);
        String admin = tokens.user("ada.admin", "admin");
        long lettersBefore = deadLetters(admin, "golden-records").at("/letters").asLong();

        UNREACHABLE_FAILURES.set(0);
        UNREACHABLE_FOR_RECORD.set(record);
        submit("DLQ-4", 2, supplier(null, "Reachable again"));
        // more failures than an event that fails by itself gets attempts before it is parked
        eventually(UNREACHABLE_FAILURES::get, n -> n > 3, WAIT);
        assertThat(deadLetters(admin, "golden-records").at("/letters").asLong()).isEqualTo(lettersBefore);
        assertThat(tradingNames(record)).containsExactly("Reachable");

        // the store is back: the processor's own retry applies the change, nothing was parked
        UNREACHABLE_FOR_RECORD.set(null);
        eventually(() -> tradingNames(record), names -> names.equals(List.of("Reachable again")), WAIT);
        JsonNode queue = deadLetters(admin, "golden-records");
        assertThat(queue.at("/letters").asLong()).isEqualTo(lettersBefore);
        assertThat(queue.at("/deadLetters").findValuesAsText("sequenceIdentifier")).doesNotContain(record);
    }

    @Test
    @Order(6)
    void only_admins_see_and_act_on_dead_letters_replays_and_checks() throws Exception {
        String analyst = tokens.user("andy.analyst", "analyst");
        String steward = tokens.user("sam.supplier", "supplier-steward");
        for (String token : List.of(analyst, steward)) {
            assertThat(graphql("{ deadLetters { processingGroup } }", token).at("/errors/0/extensions/code")
                    .asText()).isEqualTo("FORBIDDEN");
            assertThat(graphql("mutation { retryDeadLetters(processingGroup: \"golden-records\") { attempted } }",
                    token).at("/errors/0/extensions/code").asText()).isEqualTo("FORBIDDEN");
            assertThat(graphql("mutation { replayProjections { projections { processingGroup } } }", token)
                    .at("/errors/0/extensions/code").asText()).isEqualTo("FORBIDDEN");
            assertThat(graphql("mutation { checkConsistency { consistent } }", token)
                    .at("/errors/0/extensions/code").asText()).isEqualTo("FORBIDDEN");
        }
    }

    @Test
    @Order(1)
    void a_replay_of_demo_data_rebuilds_identical_golden_records() throws Exception {
        int loaded = loadDemo();
        assertThat(loaded).isGreaterThan(100);
        String admin = tokens.user("ada.admin", "admin");
        JsonNode before = graphql("mutation { checkConsistency { consistent differenceCount recordsCompared "
                + "eventsReplayed differences { recordId field kind } } }", admin);
        assertThat(before.at("/errors").isMissingNode()).as(before.toString()).isTrue();
        assertThat(before.at("/data/checkConsistency/differenceCount").asLong()).as(before.toString()).isZero();
        assertThat(before.at("/data/checkConsistency/recordsCompared").asLong()).isGreaterThan(100);

        JsonNode replay = graphql("mutation { replayProjections(processingGroup: \"golden-records\") { projections "
                + "{ processingGroup replaying eventsTotal requestedBy } } }", admin);
        assertThat(replay.at("/errors").isMissingNode()).as(replay.toString()).isTrue();
        assertThat(replay.at("/data/replayProjections/projections/0/processingGroup").asText())
                .isEqualTo("golden-records");
        assertThat(replay.at("/data/replayProjections/projections/0/requestedBy").asText()).isEqualTo("user:ada.admin");
        eventually(() -> graphql("{ replayStatus { projections { processingGroup replaying eventsDone remaining } } }",
                admin), s -> !s.at("/data/replayStatus/projections/0/replaying").asBoolean(true), WAIT);

        ConsistencyReport after = check();
        assertThat(after.differences()).isEmpty();
        assertThat(after.recordsCompared()).isEqualTo(before.at("/data/checkConsistency/recordsCompared").asLong());
        AuditEntry audited = eventually(() -> trailOf(AuditAction.PROJECTIONS_REPLAYED), t -> !t.isEmpty(), WAIT)
                .get(0);
        assertThat(audited.comment()).contains("golden-records");
    }

    @Test
    @Order(2)
    void the_consistency_check_reports_a_live_record_corrupted_in_the_read_store() throws Exception {
        String id = submit("CORRUPT-1", 1, supplier("Corrupt Medical Inc.", "Corrupt")).goldenId();
        eventually(() -> record(id), Optional::isPresent, WAIT);
        assertThat(check().differenceCount()).isZero();

        rename(id, "Tampered Medical Inc.");

        ConsistencyReport report = check();
        assertThat(report.differences()).containsExactly(new ConsistencyDifference(EntityType.SUPPLIER, id,
                "attributes.legalName", ConsistencyDifference.Kind.DIFFERENT));
        assertThat(report.differenceCount()).isEqualTo(1);

        rename(id, "Corrupt Medical Inc.");
        assertThat(check().differenceCount()).isZero();
    }

    /** Changes a supplier's legal name in the live read model, behind the projection's back. */
    private static void rename(String id, String legalName) {
        RecordReadModel live = service.getBean(RecordReadModel.class);
        GoldenRecord record = live.load(EntityType.SUPPLIER, id).orElseThrow();
        RecordView v = record.view();
        SupplierAttributes renamed = Attributes.merge((SupplierAttributes) v.attributes(),
                SupplierAttributes.named(legalName));
        live.save(new GoldenRecord(new RecordView(v.id(), v.type(), v.version(), v.status(), v.createdAt(),
                v.updatedAt(), renamed, v.sourceRefs(), v.lineage(), v.pendingChanges(), v.mergedInto()),
                record.pendingRequests()));
    }

    @Test
    @Order(7)
    void health_shows_admins_the_event_store_each_processor_with_its_lag_and_keycloak_keys() throws Exception {
        String admin = tokens.user("ada.admin", "admin");
        JsonNode health = eventually(() -> json.readTree(http.send(HttpRequest.newBuilder(uri("/actuator/health"))
                .header("Authorization", "Bearer " + admin).GET().build(), HttpResponse.BodyHandlers.ofString()).body()),
                h -> "UP".equals(h.at("/components/eventProcessors/status").asText()), WAIT);
        assertThat(health.at("/components/eventStore/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/eventStore/details/head").asLong()).isPositive();
        JsonNode golden = health.at("/components/eventProcessors/details/golden-records");
        assertThat(golden.at("/running").asBoolean()).isTrue();
        assertThat(golden.at("/error").asBoolean()).isFalse();
        assertThat(golden.at("/segments/0/lag").isNumber()).isTrue();
        assertThat(golden.at("/segments/0/position").asLong()).isPositive();
        assertThat(health.at("/components/eventProcessors/details/audit-trail/lag").isNumber()).isTrue();
        assertThat(health.at("/components/keycloakJwks/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/keycloakJwks/details/httpStatus").asInt()).isEqualTo(200);

        JsonNode readiness = json.readTree(http.send(HttpRequest.newBuilder(uri("/actuator/health/readiness"))
                .header("Authorization", "Bearer " + admin).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(readiness.at("/components/eventStore/status").asText()).isEqualTo("UP");
        assertThat(readiness.at("/components/keycloakJwks").isMissingNode()).isTrue();
        JsonNode liveness = json.readTree(http.send(HttpRequest.newBuilder(uri("/actuator/health/liveness")).GET()
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(liveness.at("/status").asText()).isEqualTo("UP");
        assertThat(liveness.at("/components/keycloakJwks").isMissingNode()).isTrue();
    }

    @Test
    @Order(7)
    void health_shows_anyone_but_an_admin_the_status_alone() throws Exception {
        for (String token : java.util.Arrays.asList(null, tokens.user("andy.analyst", "analyst"),
                tokens.client("erp", "ERP"))) {
            for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness")) {
                HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
                if (token != null) {
                    request.header("Authorization", "Bearer " + token);
                }
                HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(path).isEqualTo(200);
                // the status, and for the root the names of the probe groups: no components, no details
                assertThat(json.readTree(answer.body()).properties()).as(path + " " + answer.body())
                        .extracting(java.util.Map.Entry::getKey).contains("status").isSubsetOf("status", "groups");
            }
        }
    }

    @Test
    @Order(8)
    void prometheus_exposes_axon_and_every_business_metric_to_admins_only() throws Exception {
        HttpResponse<String> denied = http.send(HttpRequest.newBuilder(uri("/actuator/prometheus"))
                .header("Authorization", "Bearer " + tokens.user("andy.analyst", "analyst")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(denied.statusCode()).isEqualTo(403);
        String admin = tokens.user("ada.admin", "admin");
        HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(uri("/actuator/prometheus"))
                .header("Authorization", "Bearer " + admin).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.statusCode()).isEqualTo(200);
        String metrics = scrape.body();
        assertThat(metrics)
                .contains("mdg_submissions_total{outcome=\"CREATED\",source=\"ERP\",type=\"SUPPLIER\"}")
                .contains("mdg_propagation_latency_seconds_bucket{type=\"SUPPLIER\"")
                .contains("mdg_approvals_pending{age=\"LESS_THAN_1_DAY\",domain=\"SUPPLIER\"}")
                .contains("mdg_approvals_expired_total")
                .contains("mdg_dead_letters{group=\"golden-records\"}")
                .contains("mdg_dead_letters{group=\"audit-trail\"}")
                .contains("mdg_duplicate_candidates")
                .contains("mdg_quality_item_completeness")
                .contains("mdg_quality_supplier_duplication")
                .contains("mdg_quality_location_mapping")
                .contains("mdg_quality_identifier_validity{kind=\"GTIN\"}")
                .contains("mdg_replay_active{group=\"golden-records\"}")
                .contains("mdg_replay_events_done{group=\"golden-records\"}")
                .contains("mdg_replay_events_remaining{group=\"audit-trail\"}")
                .contains("mdg_replay_rate{group=\"golden-records\"}");
        // Axon's own (axon-micrometer): command bus and event processors
        assertThat(metrics).contains("commandBus_successCounter_total", "golden_records_processedCounter_total",
                "audit_trail_processedCounter_total");
    }

    @Test
    @Order(9)
    void log_lines_carry_the_correlation_id_of_their_request_and_no_secret() throws Exception {
        String correlationId = "ops-log-" + java.util.UUID.randomUUID();
        String erp = tokens.client("erp", "ERP");
        String admin = tokens.user("ada.admin", "admin");
        String accountNumber = "740012345678";
        String iban = "DE89370400440532013000";
        JsonNode submitted = graphql("mutation { submitSupplier(input: {sourceId: \"LOG-1\", legalName: "
                + "\"Logged Medical Inc.\", bankAccount: {accountHolder: \"Logged Medical\", bankName: \"Bank\", "
                + "routingNumber: \"021000021\", accountNumber: \"" + accountNumber + "\", iban: \"" + iban
                + "\", currency: \"EUR\"}}) { goldenId outcome } }", erp, correlationId);
        assertThat(submitted.at("/data/submitSupplier/outcome").asText()).as(submitted.toString()).isEqualTo("CREATED");
        String id = submitted.at("/data/submitSupplier/goldenId").asText();
        eventually(() -> trail(id), t -> !t.isEmpty(), WAIT);
        // a refused request is logged too (without its token)
        graphql("{ deadLetters { processingGroup } }", erp);

        Path file = dataDir.resolve("mdg.log");
        List<JsonNode> lines = eventually(() -> parse(file), l -> l.stream().filter(n -> correlationId.equals(
                n.path("correlationId").asText())).map(n -> n.path("messageType").asText()).toList()
                .containsAll(List.of("SubmitRecordCommand", "RecordRegisteredEvent")), WAIT);
        List<JsonNode> ofRequest = lines.stream().filter(n -> correlationId.equals(n.path("correlationId").asText()))
                .toList();
        assertThat(ofRequest).extracting(n -> n.path("messageType").asText())
                .contains("SubmitRecordCommand", "RecordRegisteredEvent");
        assertThat(ofRequest).filteredOn(n -> "SubmitRecordCommand".equals(n.path("messageType").asText()))
                .allSatisfy(n -> {
                    assertThat(n.path("actor").asText()).isEqualTo("erp");
                    assertThat(n.path("sourceSystem").asText()).isEqualTo("ERP");
                });

        List<String> raw = Files.readAllLines(file);
        assertThat(raw).hasSizeGreaterThan(50);
        for (String secret : List.of(erp, admin, accountNumber, iban, "Bearer ey")) {
            assertThat(raw).as("log lines with a secret").noneMatch(line -> line.contains(secret));
        }
    }

    static List<JsonNode> parse(Path file) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                nodes.add(json.readTree(line));
            }
        }
        return nodes;
    }

    // ------------------------------------------------------------------------------------------ helpers

    static SupplierAttributes supplier(String legalName, String tradingName) {
        return new SupplierAttributes(legalName, List.of(tradingName), null, null, null, null, null, null, null, null);
    }

    static SubmissionResult submit(String sourceId, long version, SupplierAttributes attributes) {
        return commands.sendAndWait(new SubmitRecordCommand(new SourceRef(io.mdg.api.SourceSystem.ERP, sourceId,
                version), attributes, ERP));
    }

    /** Loads a small demo network through the command bus, as the source systems would send it. */
    static int loadDemo() {
        int count = 0;
        for (DemoNetwork.Step step : new DemoNetwork(7, 40, 300).steps()) {
            for (DemoNetwork.Submission s : step.submissions()) {
                commands.sendAndWait(new SubmitRecordCommand(new SourceRef(s.system(), s.sourceId(), 1L),
                        s.attributes(), Actor.client(s.system().name().toLowerCase().replace('_', '-'))));
                count++;
            }
        }
        return count;
    }

    static Optional<RecordView> record(String id) throws Exception {
        return service.getBean(QueryGateway.class).query(new FindRecordQuery(null, id),
                ResponseTypes.optionalInstanceOf(RecordView.class)).get();
    }

    static List<String> tradingNames(String id) throws Exception {
        return record(id).map(r -> ((SupplierAttributes) r.attributes()).tradingNames()).orElse(List.of());
    }

    static ConsistencyReport check() throws Exception {
        return service.getBean(QueryGateway.class).query(new CheckConsistencyQuery(100),
                ResponseTypes.instanceOf(ConsistencyReport.class)).get();
    }

    static List<AuditEntry> trail(String recordId) throws Exception {
        AuditPage page = service.getBean(QueryGateway.class).query(new AuditTrailQuery(AuditFilter.ofRecord(recordId),
                null, 500), ResponseTypes.instanceOf(AuditPage.class)).get();
        return page.edges().stream().map(AuditPage.Edge::node).toList();
    }

    static List<AuditEntry> trailOf(AuditAction action) throws Exception {
        AuditPage page = service.getBean(QueryGateway.class).query(new AuditTrailQuery(new AuditFilter(null, null,
                null, null, null, null, null, null, List.of(action)), null, 500),
                ResponseTypes.instanceOf(AuditPage.class)).get();
        return page.edges().stream().map(AuditPage.Edge::node).toList();
    }

    static JsonNode deadLetters(String token, String group) throws Exception {
        JsonNode answer = graphql("{ deadLetters(processingGroup: \"" + group + "\") { processingGroup sequences "
                + "letters deadLetters { sequenceIdentifier index eventType eventId correlationId causeType "
                + "causeMessage retries enqueuedAt } } }", token);
        assertThat(answer.at("/errors").isMissingNode()).as(answer.toString()).isTrue();
        return answer.at("/data/deadLetters/0");
    }

    static JsonNode graphql(String query, String token) throws Exception {
        return graphql(query, token, null);
    }

    static JsonNode graphql(String query, String token, String correlationId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/graphql"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("query", query))));
        if (correlationId != null) {
            request.header("X-Correlation-Id", correlationId);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    static URI uri(String path) {
        return URI.create("http://localhost:" + service.getEnvironment().getProperty("local.server.port") + path);
    }
}
