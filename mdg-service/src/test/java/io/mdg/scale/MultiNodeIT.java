package io.mdg.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.mdg.e2e.support.GraphQlWebSocket;
import io.mdg.e2e.support.KeycloakServer;
import io.mdg.resilience.support.Api;
import io.mdg.resilience.support.Api.Answer;

/**
 * Scale-out for real: three service JVMs started here on free ports against ONE PostgreSQL (event store, lookups,
 * tokens, deadlines, push state), once with memory read views in each node and once with one read store shared by all
 * (mongo-java-server in its own JVM), with real Keycloak tokens and one real webhook receiver (Standard Webhooks
 * signatures verified) for a push consumer registered before the load.
 *
 * <p>Each scenario: supplier submissions spread round-robin over the nodes with an in-flight limit, some source
 * records sent concurrently in three versions through three different nodes; held bank-account changes approved
 * concurrently through two nodes (two stewards at once, and one steward twice at once); one held change left to
 * expire, opened through the node that is then killed with SIGKILL in the middle of the load: the node that pushes to
 * the consumer (its log says so), so that another has to take its deliveries over. Requests to the dead node fail and
 * are not counted: only acknowledged submissions are promised. Then, polling until every surviving node answers
 * (never sleeping), each test method checks one promise:
 * <ol>
 *   <li>every acknowledged submission is exactly one golden record (one per source id), with the values of its last
 *       acknowledged version (a higher, unacknowledged version may have been applied), on every surviving node;</li>
 *   <li>the golden records read from each surviving node are equal, and the consistency check (a rebuild from the
 *       events compared with the live read models) is clean on each;</li>
 *   <li>approvals: the submitter never decides, each steward counts once, a request ends APPROVED exactly once;</li>
 *   <li>the request left alone expires exactly once, though a node died;</li>
 *   <li>every change reaches the webhook, a change delivered again only with the same CloudEvent id (a batch in flight
 *       when its node was killed);</li>
 *   <li>a client that wrote through one node reads its write through another with the mutation's consistency
 *       token;</li>
 *   <li>subscriptions (record changes, and a consumer's feed) on one node see changes made through another.</li>
 * </ol>
 * The service JVMs' logs are in {@code target/resilience/multinode-*}.
 */
class MultiNodeIT {

    static final int NODES = 3;
    /**
     * The node killed with SIGKILL in the middle of the load when the push consumer's owner is not known (else the
     * owner is killed, so that another node has to take its deliveries over).
     */
    static final int KILLED_BY_DEFAULT = 2;
    static final int RATE_PER_SECOND = 100;
    static final int MAX_IN_FLIGHT = 24;
    static final int KILL_AFTER_ACKNOWLEDGED = 300;
    static final Duration KILL_AFTER_AT_MOST = Duration.ofSeconds(25);
    static final int ACKNOWLEDGED_AFTER_KILL = 100;
    /** Every change request's deadline (the rules file's approvals.deadline) in this test. */
    static final Duration DEADLINE = Duration.ofSeconds(40);
    static final Duration WAIT = Duration.ofSeconds(120);

    static final String SUBMIT = """
            mutation($input: SupplierSubmissionInput!) {
              submitSupplier(input: $input) { outcome goldenId changeRequestId errors { field code } } }""";
    static final String SUBMIT_WITH_TOKEN = """
            mutation($input: SupplierSubmissionInput!) {
              submitSupplier(input: $input) { outcome goldenId consistencyToken } }""";
    static final String SUPPLIER_FIELDS = "id version status legalName tradingNames bankAccount { accountNumber } "
            + "sourceRefs { system sourceId sourceVersion }";
    static final String APPROVE = """
            mutation($id: ID!) { approveChangeRequest(id: $id, comment: "checked",
                verificationNote: "called the number on file") { status approvals } }""";
    static final String REQUEST = """
            query($id: ID!) { changeRequest(id: $id) { id status approvals approvalsRequired requestedBy { type name }
                decisions { kind actor { type name } } } }""";
    static final Set<String> ACKNOWLEDGED = Set.of("CREATED", "UPDATED", "UNCHANGED", "STALE", "PENDING_APPROVAL");

    static KeycloakServer keycloak;
    static Tokens tokens;
    static WebhookReceiver receiver;

    @BeforeAll
    static void startTheSharedServers() throws Exception {
        keycloak = KeycloakServer.shared();
        tokens = new Tokens(keycloak);
        receiver = WebhookReceiver.start();
    }

    @AfterAll
    static void stopTheSharedServers() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Nested
    @DisplayName("memory read views in each node")
    class MemoryReadViewsPerNode extends Scenario {
        MemoryReadViewsPerNode() {
            super("memory", false);
        }
    }

    @Nested
    @DisplayName("one read store shared by the nodes (mongo-java-server)")
    class SharedMongoReadStore extends Scenario {
        SharedMongoReadStore() {
            super("mongo", true);
        }
    }

    /** One acknowledged submission: the version sent, the outcome and golden id answered, the node that answered. */
    record Ack(String sourceId, int version, String outcome, String goldenId, int node) {
    }

    /** A held bank-account change and what the concurrent approvals through two nodes answered. */
    record BankCase(int k, String sourceId, String goldenId, String request, String account, boolean sameStewardTwice,
                    List<Answer> concurrent, Answer last, Answer byTheSubmitter) {
    }

    /**
     * A scenario: its cluster and load run once ({@link #startTheClusterAndRunTheLoad()}), then each test method
     * checks one promise on the surviving nodes. Everything started is stopped in {@link #stopTheCluster()}, which
     * JUnit runs even when the start failed.
     */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    abstract static class Scenario {

        final String run;
        final boolean sharedReadStore;
        Cluster cluster;
        Path rules;
        WebhookReceiver.Endpoint endpoint;
        String consumer;
        Instant killedAt;
        /** The node killed mid-load, and the two that survive it. */
        int killed = KILLED_BY_DEFAULT;
        int[] survivors;
        boolean killedThePushOwner;
        final long started = System.nanoTime();

        final Map<String, List<Ack>> acks = new ConcurrentHashMap<>();
        final Map<String, Set<Integer>> sent = new ConcurrentHashMap<>();
        final List<String> failures = new CopyOnWriteArrayList<>();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger acknowledged = new AtomicInteger();
        final List<BankCase> bankCases = new ArrayList<>();
        String expiringSource;
        String expiringRecord;
        String expiringRequest;
        private Map<Integer, List<JsonNode>> settled;

        Scenario(String run, boolean sharedReadStore) {
            this.run = run;
            this.sharedReadStore = sharedReadStore;
        }

        @BeforeAll
        void startTheClusterAndRunTheLoad() throws Exception {
            rules = Files.createTempFile("mdg-multinode-rules", ".yaml");
            String defaults = new String(MultiNodeIT.class.getResourceAsStream("/io/mdg/rules/default-rules.yaml")
                    .readAllBytes());
            assertThat(defaults).contains("deadline: P5D");
            // (bank changes in one step of two supplier stewards, as a rules file without approval steps says: the
            // concurrent approvals below race for the same step; the steps themselves are BankAccountTakeoverIT's)
            String banking = "        steps:\n          - { role: supplier-steward, approvals: 1 }\n"
                    + "          - { role: finance-controller, approvals: 1 }\n";
            assertThat(defaults).contains(banking);
            Files.writeString(rules, defaults.replace("deadline: P5D", "deadline: PT" + DEADLINE.toSeconds() + "S")
                // (without escalation: this case is about the deadline alone)
                .replace("  escalateAfter: P2D\n", "").replace("    escalationRole: data-governance-lead\n", "")
                    .replace(banking, "        approvals: 2\n"));
            Map<String, String> properties = new HashMap<>(Map.ofEntries(
                    Map.entry("mdg.security.issuer", keycloak.issuer()),
                    Map.entry("mdg.rules.file", rules.toString()),
                    Map.entry("mdg.consumers.allow-insecure-endpoints", "true"),
                    Map.entry("mdg.distribution.push.max-batch", "10"),
                    Map.entry("mdg.distribution.push.poll-interval", "50ms"),
                    Map.entry("mdg.distribution.push.backoff-base", "100ms"),
                    Map.entry("mdg.distribution.push.backoff-max", "500ms"),
                    Map.entry("db-scheduler.polling-interval", "1s"),
                    Map.entry("logging.level.root", "WARN"),
                    Map.entry("logging.level.io.mdg", "INFO")));
            cluster = Cluster.start(run, NODES, sharedReadStore, properties);
            log("%d nodes up on PostgreSQL port %d (%s read views)", NODES, cluster.postgresPort(),
                    sharedReadStore ? "shared MongoDB" : "memory");

            // a push consumer (and pull: its feed read back for the checks) registered before the load
            endpoint = receiver.endpoint(run);
            Answer registration = cluster.api(0).post(tokens.user("ada.admin"), """
                    mutation($url: String!) { registerConsumer(input: { name: "ERP purchasing", clientId: "erp",
                        types: [SUPPLIER], delivery: BOTH, endpoint: $url }) { consumerId webhookSecret } }""",
                    Map.of("url", endpoint.url()));
            assertThat(registration.hasErrors()).as(registration.text()).isFalse();
            consumer = registration.data().path("registerConsumer").path("consumerId").asText();
            endpoint.secret(registration.data().path("registerConsumer").path("webhookSecret").asText());

            killed = pushOwner();
            survivors = java.util.stream.IntStream.range(0, NODES).filter(i -> i != killed).toArray();

            // warm-up, one submission per node (loads the GraphQL engine, fetches Keycloak's keys)
            for (int node = 0; node < NODES; node++) {
                submitAndCount(node, run + "-WARM-" + node, 1, plainInput(run + "-WARM-" + node, 900_000 + node));
            }
            openTheRequestLeftToExpire();

            ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
            List<CompletableFuture<?>> inFlight = Collections.synchronizedList(new ArrayList<>());
            try {
                Semaphore window = new Semaphore(MAX_IN_FLIGHT);
                AtomicInteger next = new AtomicInteger();
                long loadStarted = System.nanoTime();
                clock.scheduleAtFixedRate(() -> tick(next.getAndIncrement(), window, inFlight), 0,
                        1_000_000L / RATE_PER_SECOND, TimeUnit.MICROSECONDS);
                CompletableFuture<Void> stewards = CompletableFuture.runAsync(this::heldBankChangesApprovedConcurrently);

                Awaitility.await("the load under way").atMost(KILL_AFTER_AT_MOST.plusSeconds(10))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> acknowledged.get() >= KILL_AFTER_ACKNOWLEDGED
                                || System.nanoTime() - loadStarted > KILL_AFTER_AT_MOST.toNanos());
                stewards.get(90, TimeUnit.SECONDS);
                int acknowledgedAtKill = acknowledged.get();
                killedAt = Instant.now();
                cluster.kill(killed);
                log("node %d killed (SIGKILL; %s) after %d acknowledged, %d failed, %d submissions sent", killed,
                        killedThePushOwner ? "it was pushing to the consumer" : "the push owner was not found",
                        acknowledgedAtKill, failed.get(), next.get());
                try {
                    Awaitility.await("acknowledged after the kill").atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(100))
                            .until(() -> acknowledged.get() >= acknowledgedAtKill + ACKNOWLEDGED_AFTER_KILL);
                } catch (ConditionTimeoutException slow) {
                    log("only %d acknowledged after the kill", acknowledged.get() - acknowledgedAtKill);
                }
            } finally {
                clock.shutdown();
                clock.awaitTermination(10, TimeUnit.SECONDS);
                CompletableFuture<?>[] all;
                synchronized (inFlight) {
                    all = inFlight.toArray(CompletableFuture[]::new);
                }
                CompletableFuture.allOf(all).exceptionally(e -> null).get(90, TimeUnit.SECONDS);
            }
            log("load done: %d source records sent, %d submissions acknowledged, %d failed (first: %s)",
                    sent.size(), acknowledged.get(), failed.get(), failures);
        }

        @AfterAll
        void stopTheCluster() {
            if (cluster != null) {
                cluster.close();
            }
            if (rules != null) {
                rules.toFile().delete();
            }
            log("stopped after %d s", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        }

        // ---------------------------------------------------------------------------------------------------------
        // The promises

        @Test
        @Order(1)
        void every_acknowledged_submission_is_one_golden_record_with_its_last_version_on_every_surviving_node() {
            SoftAssertions softly = new SoftAssertions();
            for (Map.Entry<Integer, List<JsonNode>> view : settledRecords().entrySet()) {
                String node = "node " + view.getKey();
                Map<String, List<JsonNode>> bySource = new HashMap<>();
                for (JsonNode record : view.getValue()) {
                    record.path("sourceRefs").forEach(ref ->
                            bySource.computeIfAbsent(ref.path("sourceId").asText(), s -> new ArrayList<>()).add(record));
                }
                Set<String> lost = new TreeSet<>();
                for (Map.Entry<String, List<Ack>> ack : acks.entrySet()) {
                    String sourceId = ack.getKey();
                    List<JsonNode> records = bySource.getOrDefault(sourceId, List.of());
                    if (records.isEmpty()) {
                        lost.add(sourceId);
                        continue;
                    }
                    softly.assertThat(records).as("%s: golden records of source %s", node, sourceId).hasSize(1);
                    JsonNode record = records.get(0);
                    softly.assertThat(ack.getValue()).extracting(Ack::goldenId)
                            .as("%s: golden ids answered for %s", node, sourceId).containsOnly(record.path("id").asText());
                    if (sourceId.contains("-C")) {
                        int last = ack.getValue().stream().mapToInt(Ack::version).max().orElseThrow();
                        int stored = contendedVersion(record);
                        softly.assertThat(stored).as("%s: %s holds version %d of %s (acknowledged up to %d, sent %s)",
                                node, sourceId, stored, record.path("legalName").asText(), last, sent.get(sourceId))
                                .isGreaterThanOrEqualTo(last).isIn(sent.get(sourceId));
                    } else if (sourceId.contains("-L") || sourceId.contains("-WARM-")) {
                        softly.assertThat(record.path("legalName").asText()).as("%s: %s", node, sourceId)
                                .isEqualTo(plainName(number(sourceId)));
                    }
                }
                softly.assertThat(lost.stream().limit(20).toList())
                        .as("%s: acknowledged but not there, %d of %d (up to 20 shown)", node, lost.size(), acks.size())
                        .isEmpty();
                Set<String> unknown = new TreeSet<>(bySource.keySet());
                unknown.removeAll(sent.keySet());
                softly.assertThat(unknown).as("%s: records of source ids nobody sent", node).isEmpty();
                log("%s: %d golden records for %d acknowledged source records (%d contended), %d lost", node,
                        view.getValue().size(), acks.size(),
                        acks.keySet().stream().filter(s -> s.contains("-C")).count(), lost.size());
            }
            softly.assertAll();
        }

        @Test
        @Order(2)
        void the_golden_records_are_equal_on_every_surviving_node_and_equal_a_rebuild_from_the_events() {
            settledRecords();
            List<Integer> alive = cluster.alive();
            SoftAssertions softly = new SoftAssertions();
            Map<Integer, Map<String, String>> views = new TreeMap<>();
            settledRecords().forEach((node, records) -> views.put(node, byId(records)));
            try {
                Awaitility.await("the surviving nodes answering the same golden records").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(() -> {
                            for (int node : alive) {
                                views.put(node, byId(readAll(node)));
                            }
                            return views.values().stream().distinct().count() == 1;
                        });
            } catch (ConditionTimeoutException differ) {
                // asserted below, with the differences
            }
            Map<String, String> first = views.get(alive.get(0));
            for (int node : alive.subList(1, alive.size())) {
                Map<String, String> other = views.get(node);
                Set<String> differing = new TreeSet<>();
                first.forEach((id, record) -> {
                    if (!record.equals(other.get(id))) {
                        differing.add(id + ": node " + alive.get(0) + " " + record + " / node " + node + " " + other.get(id));
                    }
                });
                other.keySet().stream().filter(id -> !first.containsKey(id)).forEach(id -> differing.add(id
                        + ": only on node " + node));
                softly.assertThat(differing.stream().limit(10).toList())
                        .as("records differing between node %d and node %d: %d (up to 10 shown)", alive.get(0), node,
                                differing.size()).isEmpty();
            }
            for (int node : alive) {
                Answer check = cluster.api(node).post(tokens.user("ada.admin"),
                        "mutation { checkConsistency { consistent differenceCount recordsCompared eventsReplayed "
                                + "differences { recordId field kind } } }", Map.of());
                softly.assertThat(check.hasErrors()).as("node %d: %s", node, check.text()).isFalse();
                JsonNode report = check.data().path("checkConsistency");
                softly.assertThat(report.path("differenceCount").asLong()).as("node %d: %s", node, report).isZero();
                softly.assertThat(report.path("consistent").asBoolean()).as("node %d consistent", node).isTrue();
                log("node %d: consistency check %s", node, report);
            }
            softly.assertAll();
        }

        @Test
        @Order(3)
        void concurrent_approvals_through_two_nodes_count_each_steward_once_and_apply_the_change_once() {
            assertThat(bankCases).as("held bank-account changes").isNotEmpty();
            SoftAssertions softly = new SoftAssertions();
            BankCase firstCase = bankCases.stream().filter(c -> c.byTheSubmitter() != null).findFirst().orElseThrow();
            softly.assertThat(reason(firstCase.byTheSubmitter())).as("the submitter (erp) approving its own change: %s",
                    firstCase.byTheSubmitter().text()).isEqualTo("SOURCE_CLIENT_CANNOT_DECIDE");
            for (BankCase c : bankCases) {
                String what = (c.sameStewardTwice() ? "sam twice at once, then sue" : "sam and sue at once")
                        + " on request " + c.request();
                List<String> answers = c.concurrent().stream().map(a -> a.hasErrors() ? reason(a) : "OK").toList();
                if (c.sameStewardTwice()) {
                    softly.assertThat(answers).as("%s: the concurrent answers %s", what,
                            c.concurrent().stream().map(Answer::text).toList())
                            .containsExactlyInAnyOrder("OK", "ALREADY_APPROVED");
                    softly.assertThat(c.last().hasErrors()).as("%s: sue's approval %s", what, c.last().text()).isFalse();
                } else {
                    softly.assertThat(answers).as("%s: the concurrent answers %s", what,
                            c.concurrent().stream().map(Answer::text).toList()).containsExactly("OK", "OK");
                }
                for (int node : cluster.alive()) {
                    JsonNode request = awaitRequest(node, c.request(), r -> !r.path("status").asText().equals("PENDING"));
                    softly.assertThat(request.path("status").asText()).as("node %d: %s: %s", node, what, request)
                            .isEqualTo("APPROVED");
                    softly.assertThat(request.path("approvals").asInt()).as("node %d: %s: approvals", node, what)
                            .isEqualTo(2);
                    softly.assertThat(request.path("decisions").findValuesAsText("kind"))
                            .as("node %d: %s: decisions %s", node, what, request.path("decisions"))
                            .containsExactly("OPENED", "APPROVED", "APPROVED", "APPLIED");
                    List<String> approvers = new ArrayList<>();
                    request.path("decisions").forEach(d -> {
                        if (d.path("kind").asText().equals("APPROVED")) {
                            approvers.add(d.path("actor").path("name").asText());
                        }
                    });
                    softly.assertThat(approvers).as("node %d: %s: approvers", node, what)
                            .containsExactlyInAnyOrder("sam.supplier", "sue.supplier");
                    JsonNode supplier = awaitSupplier(node, c.goldenId(), tokens.user("sam.supplier"),
                            s -> s.path("bankAccount").path("accountNumber").asText().equals(c.account()));
                    softly.assertThat(supplier.path("bankAccount").path("accountNumber").asText())
                            .as("node %d: %s: the approved account on the golden record", node, what)
                            .isEqualTo(c.account());
                }
                Map<String, List<String>> audit = auditOf(c.request());
                softly.assertThat(audit.getOrDefault("APPROVAL_RECORDED", List.of()))
                        .as("%s: APPROVAL_RECORDED in the audit trail", what)
                        .containsExactlyInAnyOrder("sam.supplier", "sue.supplier");
                softly.assertThat(audit.getOrDefault("APPROVED", List.of())).as("%s: APPROVED entries", what).hasSize(1);
                softly.assertThat(audit.getOrDefault("CHANGE_APPLIED", List.of())).as("%s: CHANGE_APPLIED entries", what)
                        .hasSize(1);
                softly.assertThat(audit.values().stream().flatMap(List::stream).filter("erp"::equals).count())
                        .as("%s: decisions by the submitter in %s", what, audit).isLessThanOrEqualTo(
                                audit.getOrDefault("CHANGE_REQUESTED", List.of()).size()
                                        + audit.getOrDefault("CHANGE_HELD", List.of()).size());
                log("%s: answers %s, audit %s", what, answers, audit);
            }
            softly.assertAll();
        }

        @Test
        @Order(4)
        void a_request_left_alone_expires_exactly_once_although_a_node_died() {
            SoftAssertions softly = new SoftAssertions();
            for (int node : cluster.alive()) {
                JsonNode request = awaitRequest(node, expiringRequest, r -> r.path("status").asText().equals("EXPIRED"));
                softly.assertThat(request.path("status").asText()).as("node %d: %s", node, request).isEqualTo("EXPIRED");
                softly.assertThat(request.path("decisions").findValuesAsText("kind"))
                        .as("node %d: decisions of the request left alone", node).containsExactly("OPENED", "EXPIRED");
                JsonNode supplier = awaitSupplier(node, expiringRecord, tokens.user("sam.supplier"),
                        s -> s.path("pendingChanges").isEmpty());
                softly.assertThat(supplier.path("pendingChanges")).as("node %d: %s", node, supplier).isEmpty();
                softly.assertThat(supplier.path("bankAccount").isNull()).as("node %d: the held account never applied: %s",
                        node, supplier).isTrue();
            }
            Map<String, List<String>> audit = auditOf(expiringRequest);
            softly.assertThat(audit.getOrDefault("EXPIRED", List.of())).as("EXPIRED in the audit trail: %s", audit)
                    .hasSize(1);
            softly.assertThat(audit.getOrDefault("APPROVAL_RECORDED", List.of())).as("approvals").isEmpty();
            log("the request left alone (opened through node %d, killed at %s): audit %s", killed, killedAt, audit);
            softly.assertAll();
        }

        @Test
        @Order(5)
        void every_change_reaches_the_webhook_and_only_a_batch_in_flight_at_the_kill_arrives_twice() {
            Map<String, String> goldenIds = new HashMap<>();
            acks.forEach((source, list) -> goldenIds.put(source, list.get(0).goldenId()));
            List<JsonNode> feed = new ArrayList<>();
            try {
                Awaitility.await("every entry of the consumer's feed received").atMost(WAIT)
                        .pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
                            feed.clear();
                            feed.addAll(consumerFeed());
                            Set<String> received = endpoint.events().stream().map(WebhookReceiver.Received::id)
                                    .collect(Collectors.toSet());
                            Set<String> created = endpoint.events().stream()
                                    .filter(e -> e.type().equals("io.mdg.record.created"))
                                    .map(WebhookReceiver.Received::subject).collect(Collectors.toSet());
                            return feed.stream().allMatch(e -> received.contains(e.path("id").asText()))
                                    && goldenIds.values().stream().allMatch(id -> created.contains("SUPPLIER/" + id));
                        });
            } catch (ConditionTimeoutException late) {
                // asserted below, with what is missing
            }
            List<WebhookReceiver.Received> events = endpoint.events();
            SoftAssertions softly = new SoftAssertions();
            softly.assertThat(endpoint.unverified()).as("POSTs whose signature did not verify").isZero();

            // the feed: one entry per change (a fan-out on two nodes would cut a change twice)
            Map<String, List<String>> entriesPerChange = new TreeMap<>();
            for (JsonNode entry : feed) {
                entriesPerChange.computeIfAbsent(entry.path("kind").asText() + " " + entry.path("recordId").asText()
                        + " v" + entry.path("version").asLong(), k -> new ArrayList<>()).add(entry.path("id").asText());
            }
            softly.assertThat(entriesPerChange.entrySet().stream().filter(e -> e.getValue().size() > 1)
                    .map(Object::toString).limit(10).toList()).as("changes in the consumer's feed more than once").isEmpty();

            // every acknowledged record's creation and every feed entry delivered
            Set<String> createdSubjects = events.stream().filter(e -> e.type().equals("io.mdg.record.created"))
                    .map(WebhookReceiver.Received::subject).collect(Collectors.toSet());
            Set<String> notCreated = new TreeSet<>();
            goldenIds.forEach((source, id) -> {
                if (!createdSubjects.contains("SUPPLIER/" + id)) {
                    notCreated.add(source + " SUPPLIER/" + id);
                }
            });
            softly.assertThat(notCreated.stream().limit(10).toList()).as("acknowledged records whose creation never "
                    + "arrived: %d of %d", notCreated.size(), goldenIds.size()).isEmpty();
            Set<String> receivedIds = events.stream().map(WebhookReceiver.Received::id).collect(Collectors.toSet());
            List<String> undelivered = feed.stream().filter(e -> !receivedIds.contains(e.path("id").asText()))
                    .map(e -> e.path("seq").asLong() + " " + e.path("kind").asText() + " " + e.path("recordId").asText())
                    .toList();
            softly.assertThat(undelivered.stream().limit(10).toList())
                    .as("feed entries never delivered: %d of %d", undelivered.size(), feed.size()).isEmpty();
            Set<String> feedIds = feed.stream().map(e -> e.path("id").asText()).collect(Collectors.toSet());
            softly.assertThat(receivedIds.stream().filter(id -> !feedIds.contains(id)).limit(10).toList())
                    .as("delivered events that are not in the feed").isEmpty();

            // duplicates: the same change again, with the same id, only a batch in flight when its node was killed
            Map<String, List<WebhookReceiver.Received>> byId = new LinkedHashMap<>();
            events.forEach(e -> byId.computeIfAbsent(e.id(), id -> new ArrayList<>()).add(e));
            List<String> badDuplicates = new ArrayList<>();
            int redelivered = 0;
            for (List<WebhookReceiver.Received> same : byId.values()) {
                if (same.size() == 1) {
                    continue;
                }
                redelivered++;
                boolean sameContent = same.stream().map(WebhookReceiver.Received::content).distinct().count() == 1;
                boolean acrossTheKill = same.size() == 2 && same.get(0).at().isBefore(killedAt)
                        && !same.get(1).at().isBefore(killedAt);
                if (!sameContent || !acrossTheKill) {
                    badDuplicates.add(same.size() + "x " + same.get(0).content() + " at "
                            + same.stream().map(e -> e.at().toString()).toList());
                }
            }
            softly.assertThat(badDuplicates.stream().limit(10).toList())
                    .as("events delivered again other than a batch in flight at the kill (%s): %d", killedAt,
                            badDuplicates.size()).isEmpty();
            Map<String, Set<String>> idsPerChange = new HashMap<>();
            events.forEach(e -> idsPerChange.computeIfAbsent(e.type() + " " + e.subject() + " v" + e.version(),
                    k -> new TreeSet<>()).add(e.id()));
            softly.assertThat(idsPerChange.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Object::toString)
                    .limit(10).toList()).as("one change delivered under different CloudEvent ids").isEmpty();

            // each record's changes in order, and the last one delivered is the golden record as it stands
            Map<String, Long> lastVersion = new HashMap<>();
            Map<String, JsonNode> lastRecord = new HashMap<>();
            List<String> outOfOrder = new ArrayList<>();
            for (List<WebhookReceiver.Received> same : byId.values()) {
                WebhookReceiver.Received e = same.get(0);
                Long last = lastVersion.put(e.subject(), e.version());
                if (last != null && last >= e.version()) {
                    outOfOrder.add(e.subject() + " v" + e.version() + " after v" + last);
                }
                lastRecord.put(e.subject(), e.record());
            }
            softly.assertThat(outOfOrder.stream().limit(10).toList()).as("changes of a record out of order").isEmpty();
            List<String> stale = new ArrayList<>();
            for (JsonNode record : settledRecords().values().iterator().next()) {
                JsonNode delivered = lastRecord.get("SUPPLIER/" + record.path("id").asText());
                String golden = record.path("legalName").asText() + " " + names(record.path("tradingNames"));
                String name = delivered == null ? null : delivered.path("attributes").path("legalName").asText() + " "
                        + names(delivered.path("attributes").path("tradingNames"));
                if (!golden.equals(name)) {
                    stale.add(record.path("id").asText() + ": golden " + golden + ", last delivered " + name);
                }
            }
            softly.assertThat(stale.stream().limit(10).toList())
                    .as("records whose last delivered change is not the golden record: %d", stale.size()).isEmpty();
            // the approved bank accounts went out (unmasked: the shipped rules let the ERP's client see them), the
            // expired one never did
            for (BankCase c : bankCases) {
                JsonNode delivered = lastRecord.get("SUPPLIER/" + c.goldenId());
                softly.assertThat(delivered == null ? null : delivered.path("attributes").path("bankAccount")
                        .path("accountNumber").asText()).as("last delivered change of %s", c.sourceId())
                        .isEqualTo(c.account());
            }
            JsonNode expired = lastRecord.get("SUPPLIER/" + expiringRecord);
            softly.assertThat(expired == null ? "not delivered" : expired.path("attributes").path("bankAccount").toString())
                    .as("last delivered change of the record whose held account expired").isIn("null", "");
            log("webhook: %d events received, %d distinct, %d delivered again; feed %d entries; %d bad duplicates",
                    events.size(), byId.size(), redelivered, feed.size(), badDuplicates.size());
            softly.assertAll();
        }

        @Test
        @Order(6)
        void a_client_reads_its_own_write_through_another_node_with_the_consistency_token() {
            List<Integer> alive = cluster.alive();
            SoftAssertions softly = new SoftAssertions();
            String erp = tokens.client("erp");
            String analyst = tokens.user("andy.analyst");
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int writer = alive.get(i % alive.size());
                int reader = alive.get((i + 1) % alive.size());
                String sourceId = run + "-RYW-" + (i / 2);
                int version = i % 2 + 1;
                String name = "RYW " + i;
                Answer write = cluster.api(writer).post(erp, SUBMIT_WITH_TOKEN, Map.of("input", Map.of("sourceId",
                        sourceId, "sourceVersion", version, "legalName", "Read Your Write " + (i / 2) + " Medical Inc.",
                        "tradingNames", List.of(name))));
                sent.computeIfAbsent(sourceId, s -> ConcurrentHashMap.newKeySet()).add(version);
                if (write.hasErrors() || !write.data().path("submitSupplier").path("consistencyToken").isTextual()) {
                    softly.fail("write %d through node %d answered no consistency token: %s", i, writer, write.text());
                    continue;
                }
                JsonNode result = write.data().path("submitSupplier");
                long before = System.nanoTime();
                Answer read = cluster.api(reader).post(analyst, """
                        query($id: ID!, $token: String) { supplier(id: $id, consistencyToken: $token) {
                            id version legalName tradingNames } }""", Map.of("id", result.path("goldenId").asText(),
                        "token", result.path("consistencyToken").asText()));
                millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before));
                softly.assertThat(read.hasErrors()).as("read %d through node %d: %s", i, reader, read.text()).isFalse();
                softly.assertThat(read.data().path("supplier").path("tradingNames").path(0).asText())
                        .as("written through node %d (version %d), read at once through node %d with the token: %s",
                                writer, version, reader, read.text())
                        .isEqualTo(name);
            }
            log("read-your-write across nodes: reads with the token took %s ms", millis);
            softly.assertAll();
        }

        @Test
        @Order(7)
        void subscriptions_on_one_node_see_changes_made_through_another() throws Exception {
            List<Integer> alive = cluster.alive();
            int writer = alive.get(0);
            int subscriber = alive.get(1);
            String erp = tokens.client("erp");
            List<JsonNode> changes = new CopyOnWriteArrayList<>();
            List<JsonNode> feed = new CopyOnWriteArrayList<>();
            SoftAssertions softly = new SoftAssertions();
            URI ws = URI.create("ws://localhost:" + cluster.node(subscriber).port() + "/graphql");
            try (GraphQlWebSocket recordChanges = GraphQlWebSocket.connect(HttpClient.newHttpClient(), ws,
                    tokens.user("andy.analyst"), m -> collect(m, "recordChanged", changes));
                 GraphQlWebSocket consumerChanges = GraphQlWebSocket.connect(HttpClient.newHttpClient(), ws, erp,
                         m -> collect(m, "consumerChanges", feed))) {
                assertThat(recordChanges.awaitAcknowledged(Duration.ofSeconds(30))).isTrue();
                assertThat(consumerChanges.awaitAcknowledged(Duration.ofSeconds(30))).isTrue();
                recordChanges.subscribe("changes", """
                        subscription { recordChanged(types: [SUPPLIER]) { recordId version kind
                            record { ... on Supplier { legalName } } } }""");
                Answer latest = cluster.api(subscriber).post(erp, """
                        query($c: ID!) { changes(consumer: $c, latest: true, first: 1) { cursor } }""",
                        Map.of("c", consumer));
                assertThat(latest.hasErrors()).as(latest.text()).isFalse();
                consumerChanges.subscribe("feed", """
                        subscription($c: ID!, $after: String) { consumerChanges(consumer: $c, after: $after) {
                            seq kind recordId version } }""",
                        Map.of("c", consumer, "after", latest.data().path("changes").path("cursor").asText()));

                // the subscriptions are live once a change made through the subscriber's own node arrives (one
                // registered late misses what came before it); a new change a second at most
                String marker = run + "-SUB-MARKER";
                int[] version = {1};
                long[] lastSent = {0};
                try {
                    Awaitility.await("the subscriptions live (a change through their own node arrives)")
                            .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                                if (System.nanoTime() - lastSent[0] > 1_000_000_000L) {
                                    submitAndCount(subscriber, marker, version[0],
                                            plainInput(marker, version[0], 700_000));
                                    version[0]++;
                                    lastSent[0] = System.nanoTime();
                                }
                                return !changes.isEmpty() && !feed.isEmpty();
                            });
                } catch (ConditionTimeoutException silent) {
                    // asserted below: a subscription that gets nothing at all
                }
                softly.assertThat(changes).as("recordChanged on node %d: changes of %d versions of %s submitted "
                        + "through node %d itself, 1 a second for 30 s", subscriber, version[0] - 1, marker,
                        subscriber).isNotEmpty();
                softly.assertThat(feed).as("consumerChanges on node %d: changes of %d versions of %s submitted "
                        + "through node %d itself, 1 a second for 30 s", subscriber, version[0] - 1, marker,
                        subscriber).isNotEmpty();

                for (int i = 0; i < 3; i++) {
                    String sourceId = run + "-SUB-" + i;
                    String goldenId = submitAndCount(writer, sourceId, 1, plainInput(sourceId, 800_000 + i));
                    try {
                        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                                .until(() -> changes.stream().anyMatch(c -> c.path("recordId").asText().equals(goldenId))
                                        && feed.stream().anyMatch(c -> c.path("recordId").asText().equals(goldenId)));
                    } catch (ConditionTimeoutException late) {
                        // asserted below
                    }
                    softly.assertThat(changes.stream().anyMatch(c -> c.path("recordId").asText().equals(goldenId)))
                            .as("recordChanged on node %d: the record created through node %d (%s) within 10 s",
                                    subscriber, writer, goldenId).isTrue();
                    softly.assertThat(feed.stream().anyMatch(c -> c.path("recordId").asText().equals(goldenId)))
                            .as("consumerChanges on node %d: the record created through node %d (%s) within 10 s",
                                    subscriber, writer, goldenId).isTrue();
                }
            }
            log("subscriptions on node %d: %d record changes, %d feed entries received", subscriber, changes.size(),
                    feed.size());
            softly.assertAll();
        }

        // ---------------------------------------------------------------------------------------------------------
        // The load

        /** One tick of the load: a plain submission, or every tenth a source record in three versions at once. */
        private void tick(int n, Semaphore window, List<CompletableFuture<?>> inFlight) {
            if (n % 10 == 9) {
                if (!window.tryAcquire(3)) {
                    return;
                }
                String sourceId = run + "-C" + n;
                for (int version = 1; version <= 3; version++) {
                    int node = (n + version) % NODES;
                    send(node, sourceId, version, contendedInput(sourceId, n, version), window, inFlight);
                }
            } else {
                if (!window.tryAcquire()) {
                    return;
                }
                String sourceId = run + "-L" + n;
                send(n % NODES, sourceId, 1, plainInput(sourceId, n), window, inFlight);
            }
        }

        private void send(int node, String sourceId, int version, Map<String, Object> input, Semaphore window,
                          List<CompletableFuture<?>> inFlight) {
            sent.computeIfAbsent(sourceId, s -> ConcurrentHashMap.newKeySet()).add(version);
            CompletableFuture<Answer> answer = cluster.api(node).postAsync(tokens.client("erp"), SUBMIT,
                    Map.of("input", input), Duration.ofSeconds(30));
            inFlight.add(answer.whenComplete((a, error) -> {
                window.release();
                count(node, sourceId, version, a, error);
            }));
        }

        private void count(int node, String sourceId, int version, Answer a, Throwable error) {
            JsonNode result = a == null ? null : a.data().path("submitSupplier");
            if (error == null && a.status() == 200 && !a.hasErrors()
                    && ACKNOWLEDGED.contains(result.path("outcome").asText()) && result.path("goldenId").isTextual()) {
                acks.computeIfAbsent(sourceId, s -> new CopyOnWriteArrayList<>())
                        .add(new Ack(sourceId, version, result.path("outcome").asText(),
                                result.path("goldenId").asText(), node));
                acknowledged.incrementAndGet();
            } else {
                failed.incrementAndGet();
                if (failures.size() < 5) {
                    failures.add("node " + node + ": " + (error != null ? error.toString() : a.status() + " " + a.text()));
                }
            }
        }

        /** A submission through one node, synchronously; its golden id, or the test fails. */
        private String submitAndCount(int node, String sourceId, int version, Map<String, Object> input) {
            sent.computeIfAbsent(sourceId, s -> ConcurrentHashMap.newKeySet()).add(version);
            Answer answer = cluster.api(node).post(tokens.client("erp"), SUBMIT, Map.of("input", input));
            count(node, sourceId, version, answer, null);
            String goldenId = answer.data().path("submitSupplier").path("goldenId").asText("");
            assertThat(goldenId).as("node %d: %s", node, answer.text()).isNotEmpty();
            return goldenId;
        }

        /** Through the node to be killed: a supplier, then a held bank-account change nobody decides. */
        private void openTheRequestLeftToExpire() {
            expiringSource = run + "-EXPIRES";
            expiringRecord = submitAndCount(killed, expiringSource, 1, bankInput(expiringSource, 1, null));
            Answer held = cluster.api(killed).post(tokens.client("erp"), SUBMIT,
                    Map.of("input", bankInput(expiringSource, 2, "700000000001")));
            count(killed, expiringSource, 2, held, null);
            assertThat(held.data().path("submitSupplier").path("outcome").asText()).as(held.text())
                    .isEqualTo("PENDING_APPROVAL");
            expiringRequest = held.data().path("submitSupplier").path("changeRequestId").asText();
        }

        /**
         * Held bank-account changes (each needs two different supplier stewards with verification notes), approved
         * through two nodes at the same moment: two stewards at once, or one steward twice at once and then the
         * other. The submitter's own approval is tried once.
         */
        private void heldBankChangesApprovedConcurrently() {
            java.util.concurrent.ExecutorService cases = Executors.newFixedThreadPool(6);
            try {
                List<CompletableFuture<Void>> all = new ArrayList<>();
                for (int k = 0; k < 6; k++) {
                    int c = k;
                    all.add(CompletableFuture.runAsync(() -> heldBankChangeApprovedConcurrently(c), cases));
                }
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            } finally {
                cases.shutdownNow();
            }
        }

        /** Case k: opened through one surviving node, approved through both at once. */
        private void heldBankChangeApprovedConcurrently(int k) {
            int one = survivors[k % 2];
            int other = survivors[(k + 1) % 2];
            String sourceId = run + "-BANK-" + k;
            String account = "80000000000" + k;
            String goldenId = submitAndCount(one, sourceId, 1, bankInput(sourceId, 1, null));
            Answer held = cluster.api(other).post(tokens.client("erp"), SUBMIT,
                    Map.of("input", bankInput(sourceId, 2, account)));
            count(other, sourceId, 2, held, null);
            String request = held.data().path("submitSupplier").path("changeRequestId").asText();
            assertThat(request).as(held.text()).isNotEmpty();
            Answer bySubmitter = k == 0 ? cluster.api(one).post(tokens.client("erp"), APPROVE, Map.of("id", request))
                    : null;
            boolean sameStewardTwice = k % 2 == 1;
            String second = sameStewardTwice ? "sam.supplier" : "sue.supplier";
            CompletableFuture<Answer> a = cluster.api(one).postAsync(tokens.user("sam.supplier"), APPROVE,
                    Map.of("id", request), Duration.ofSeconds(30));
            CompletableFuture<Answer> b = cluster.api(other).postAsync(tokens.user(second), APPROVE,
                    Map.of("id", request), Duration.ofSeconds(30));
            List<Answer> concurrent = List.of(a.join(), b.join());
            Answer last = sameStewardTwice
                    ? cluster.api(other).post(tokens.user("sue.supplier"), APPROVE, Map.of("id", request)) : null;
            synchronized (bankCases) {
                bankCases.add(new BankCase(k, sourceId, goldenId, request, account, sameStewardTwice, concurrent,
                        last, bySubmitter));
            }
        }

        /**
         * The node that pushes to the consumer: the one whose log says it started delivering to it (each push
         * consumer is delivered by one node at a time); {@link #KILLED_BY_DEFAULT} when no single node says so.
         */
        private int pushOwner() {
            String started = "Push delivery to consumer " + consumer + " started";
            List<Integer> owners = new ArrayList<>();
            try {
                Awaitility.await("a node pushing to the consumer").atMost(Duration.ofSeconds(15))
                        .pollInterval(Duration.ofMillis(200)).until(() -> {
                            owners.clear();
                            for (int node = 0; node < NODES; node++) {
                                if (Files.readString(cluster.node(node).log()).contains(started)) {
                                    owners.add(node);
                                }
                            }
                            return !owners.isEmpty();
                        });
            } catch (ConditionTimeoutException none) {
                // below
            }
            killedThePushOwner = owners.size() == 1;
            log("nodes pushing to the consumer: %s", owners);
            return killedThePushOwner ? owners.get(0) : KILLED_BY_DEFAULT;
        }

        // ---------------------------------------------------------------------------------------------------------
        // Reading the surviving nodes

        /**
         * The golden records of every surviving node, read once every acknowledged source record is there (or after
         * {@link #WAIT}, for the assertions to show what is missing).
         */
        private synchronized Map<Integer, List<JsonNode>> settledRecords() {
            if (settled != null) {
                return settled;
            }
            Map<Integer, List<JsonNode>> views = new TreeMap<>();
            for (int node : cluster.alive()) {
                try {
                    Awaitility.await("node " + node + " holding every acknowledged submission").atMost(WAIT)
                            .pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(() -> {
                                List<JsonNode> records = readAll(node);
                                views.put(node, records);
                                return holdsEveryAcknowledged(records);
                            });
                } catch (ConditionTimeoutException late) {
                    log("node %d does not hold every acknowledged submission after %s", node, WAIT);
                }
            }
            settled = views;
            return settled;
        }

        private boolean holdsEveryAcknowledged(List<JsonNode> records) {
            Map<String, JsonNode> bySource = new HashMap<>();
            records.forEach(r -> r.path("sourceRefs").forEach(ref -> bySource.put(ref.path("sourceId").asText(), r)));
            for (Map.Entry<String, List<Ack>> ack : acks.entrySet()) {
                JsonNode record = bySource.get(ack.getKey());
                if (record == null) {
                    return false;
                }
                if (ack.getKey().contains("-C") && contendedVersion(record)
                        < ack.getValue().stream().mapToInt(Ack::version).max().orElse(0)) {
                    return false;
                }
            }
            return true;
        }

        private List<JsonNode> readAll(int node) {
            return cluster.api(node).all(tokens.user("andy.analyst"), "suppliers", "", SUPPLIER_FIELDS);
        }

        private static Map<String, String> byId(List<JsonNode> records) {
            Map<String, String> byId = new TreeMap<>();
            records.forEach(r -> byId.put(r.path("id").asText(), r.toString()));
            return byId;
        }

        private JsonNode awaitRequest(int node, String id, java.util.function.Predicate<JsonNode> done) {
            return awaitRead(() -> cluster.api(node).post(tokens.user("audrey.auditor"), REQUEST, Map.of("id", id))
                    .data().path("changeRequest"), done);
        }

        private JsonNode awaitSupplier(int node, String id, String token, java.util.function.Predicate<JsonNode> done) {
            return awaitRead(() -> cluster.api(node).post(token, """
                    query($id: ID!) { supplier(id: $id) { id version legalName bankAccount { accountNumber }
                        pendingChanges { attributes } } }""", Map.of("id", id)).data().path("supplier"), done);
        }

        /** What {@code read} answers once {@code done} holds, or its last answer after {@link #WAIT}. */
        private static JsonNode awaitRead(Supplier<JsonNode> read, java.util.function.Predicate<JsonNode> done) {
            JsonNode[] last = {com.fasterxml.jackson.databind.node.MissingNode.getInstance()};
            try {
                Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                    last[0] = read.get();
                    return !last[0].isMissingNode() && !last[0].isNull() && done.test(last[0]);
                });
            } catch (ConditionTimeoutException late) {
                // the caller asserts on the last answer
            }
            return last[0];
        }

        /** The audit trail's entries of a change request: action to the actors' names. */
        private Map<String, List<String>> auditOf(String request) {
            int node = cluster.alive().get(0);
            List<JsonNode> entries = cluster.api(node).all(tokens.user("audrey.auditor"), "auditTrail", "String",
                    ", filter: {changeRequestId: \"" + request + "\"}", "action actor { name } changeRequestId");
            Map<String, List<String>> byAction = new TreeMap<>();
            entries.forEach(e -> byAction.computeIfAbsent(e.path("action").asText(), a -> new ArrayList<>())
                    .add(e.path("actor").path("name").asText()));
            return byAction;
        }

        /** The consumer's whole feed, as its own client reads it through a surviving node. */
        private List<JsonNode> consumerFeed() {
            int node = cluster.alive().get(0);
            List<JsonNode> entries = new ArrayList<>();
            String after = null;
            for (int page = 0; page < 10_000; page++) {
                Map<String, Object> variables = new HashMap<>();
                variables.put("c", consumer);
                variables.put("after", after);
                Answer answer = cluster.api(node).post(tokens.client("erp"), """
                        query($c: ID!, $after: String) { changes(consumer: $c, after: $after, first: 100) {
                            cursor hasMore changes { seq id kind recordId version } } }""", variables);
                assertThat(answer.hasErrors()).as(answer.text()).isFalse();
                JsonNode changes = answer.data().path("changes");
                changes.path("changes").forEach(entries::add);
                if (!changes.path("hasMore").asBoolean()) {
                    break;
                }
                after = changes.path("cursor").asText();
            }
            return entries;
        }

        private void log(String format, Object... args) {
            System.out.printf("[multinode %s +%ds] %s%n", run,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), String.format(format, args));
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Inputs

    static Map<String, Object> plainInput(String sourceId, int n) {
        return plainInput(sourceId, 1, n);
    }

    /**
     * A supplier's submission; later versions change only low-risk attributes (trading names), which apply at once
     * (a changed legal name would be held for a steward).
     */
    static Map<String, Object> plainInput(String sourceId, int version, int n) {
        return Map.of("sourceId", sourceId, "sourceVersion", version, "legalName", plainName(n),
                "tradingNames", List.of("MN" + n + (version > 1 ? "v" + version : "")),
                "orderingAddress", Map.of("line1", n + " Cluster Road", "city", "Boston",
                        "postalCode", String.format("%05d", n % 100_000), "country", "US"));
    }

    static String plainName(int n) {
        return "Multi Node " + n + " Surgical Supplies Inc.";
    }

    /** Version {@code version} of a contended source record: the same legal name, its own trading name. */
    static Map<String, Object> contendedInput(String sourceId, int n, int version) {
        return Map.of("sourceId", sourceId, "sourceVersion", version,
                "legalName", "Contended " + n + " Medical Inc.",
                "tradingNames", List.of("C" + n + "v" + version));
    }

    /** The version whose values a contended record holds (its trading name says it). */
    static int contendedVersion(JsonNode record) {
        String name = record.path("tradingNames").path(0).asText();
        int v = name.lastIndexOf('v');
        return v < 0 ? -1 : Integer.parseInt(name.substring(v + 1));
    }

    static int number(String sourceId) {
        String tail = sourceId.substring(sourceId.lastIndexOf('-') + 1).replace("L", "");
        return sourceId.contains("-WARM-") ? 900_000 + Integer.parseInt(tail) : Integer.parseInt(tail);
    }

    static Map<String, Object> bankInput(String sourceId, int version, String accountNumber) {
        Map<String, Object> input = new HashMap<>(Map.of("sourceId", sourceId, "sourceVersion", version,
                "legalName", "Bank Change " + sourceId + " Inc."));
        if (accountNumber != null) {
            input.put("bankAccount", Map.of("accountHolder", "Bank Change Inc.", "bankName", "First Bank",
                    "routingNumber", "021000021", "accountNumber", accountNumber, "currency", "USD"));
        }
        return input;
    }

    static String reason(Answer answer) {
        if (answer == null) {
            return "(not tried)";
        }
        JsonNode extensions = answer.errors().path(0).path("extensions");
        return extensions.path("reason").asText(extensions.path("code").asText(answer.hasErrors() ? "?" : "OK"));
    }

    /** A list attribute as text, absent and null alike as []. */
    static String names(JsonNode list) {
        return list.isMissingNode() || list.isNull() ? "[]" : list.toString();
    }

    private static void collect(JsonNode message, String field, List<JsonNode> into) {
        if (message.path("type").asText().equals("next")) {
            into.add(message.path("payload").path("data").path(field));
        }
    }

    /** Keycloak tokens, each fetched again after a minute (they live five). */
    static final class Tokens {
        private final KeycloakServer keycloak;
        private final Map<String, Map.Entry<Long, String>> cache = new ConcurrentHashMap<>();

        Tokens(KeycloakServer keycloak) {
            this.keycloak = keycloak;
        }

        String client(String clientId) {
            return cached("client " + clientId, () -> keycloak.clientToken(clientId));
        }

        String user(String username) {
            return cached("user " + username, () -> keycloak.userToken(username));
        }

        private String cached(String key, Supplier<String> fetch) {
            return cache.compute(key, (k, held) -> held != null
                    && System.nanoTime() - held.getKey() < TimeUnit.SECONDS.toNanos(60) ? held
                    : Map.entry(System.nanoTime(), fetch.get())).getValue();
        }
    }

}
