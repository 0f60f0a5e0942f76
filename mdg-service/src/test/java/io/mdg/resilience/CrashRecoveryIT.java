package io.mdg.resilience;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.mdg.e2e.support.KeycloakServer;
import io.mdg.resilience.support.Api;
import io.mdg.resilience.support.Api.Answer;
import io.mdg.resilience.support.ServiceProcess;
import io.mdg.resilience.support.StandaloneReadStore;

/**
 * Crash: the assembled jar runs as its own JVM on the embedded default (its PostgreSQL, fsync on, in a temp data
 * directory), a client sends supplier submissions at a steady rate with real Keycloak tokens, and in the middle of the
 * stream either the service's JVM or, separately, the PostgreSQL postmaster is killed with SIGKILL.
 * <ul>
 *   <li>JVM killed: the client keeps sending into the dead service; then the service is started again on the same
 *       data directory (the orphaned postmaster is stopped and started anew). Run with the memory read models
 *       (rebuilt from the events at start-up) and with a MongoDB read store in a process of its own that survives the
 *       kill ({@code mdg.mongodb.uri}): its documents and the processors' tokens are written in different
 *       transactions, so the restarted service handles again the events after its last stored token, which the
 *       projections must absorb (idempotent).</li>
 *   <li>Postmaster killed: the service's watchdog restarts PostgreSQL on the same data (crash recovery); submissions
 *       fail meanwhile and succeed again after it; the client goes on until a hundred more were acknowledged, then
 *       the service is stopped and started again for the checks.</li>
 * </ul>
 * Afterwards every submission that was acknowledged (answered CREATED with a golden id) is a golden record with all
 * its attributes, nothing unacknowledged is half applied, the record counts match, the consistency check finds no
 * difference, the audit trail has one RECORD_CREATED per record and the service takes new submissions.
 */
class CrashRecoveryIT {

    private static final int RATE_PER_SECOND = 200;
    private static final int KILL_AFTER_ACKNOWLEDGED = 300;
    private static final int MAX_IN_FLIGHT = 32;
    private static final Duration KILL_AFTER_AT_MOST = Duration.ofSeconds(30);
    /** Submissions that must fail after the kill (the client keeps sending into the dead service) before it stops. */
    private static final int FAILED_AFTER_KILL = 100;
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static final String SUBMIT = """
            mutation($input: SupplierSubmissionInput!) { submitSupplier(input: $input) { outcome goldenId } }""";
    private static final String SUPPLIER_FIELDS =
            "id status legalName tradingNames orderingAddress { line1 city postalCode country } sourceRefs { system sourceId }";

    /** What is killed with SIGKILL in the middle of the stream. */
    enum Killed { SERVICE, POSTGRES }

    /** What is killed, and where the read models are. */
    enum Scenario {
        SERVICE_KILLED(Killed.SERVICE, false, "M"),
        SERVICE_KILLED_WITH_MONGODB_READ_STORE(Killed.SERVICE, true, "D"),
        POSTGRES_KILLED(Killed.POSTGRES, false, "P");

        final Killed killed;
        final boolean mongoReadStore;
        final String run;

        Scenario(Killed killed, boolean mongoReadStore, String run) {
            this.killed = killed;
            this.mongoReadStore = mongoReadStore;
            this.run = run;
        }
    }

    /** Acknowledged after the postmaster's restart before the client stops (shows the service recovered). */
    private static final int ACKNOWLEDGED_AFTER_POSTGRES_RESTART = 100;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Scenario.class)
    void acknowledged_submissions_survive_a_sigkill_and_nothing_is_half_applied(Scenario scenario) throws Exception {
        KeycloakServer keycloak = KeycloakServer.shared();
        Path dataDir = Files.createTempDirectory("mdg-crash");
        if (!scenario.mongoReadStore) {
            run(scenario.killed, scenario.run, keycloak, dataDir,
                    Map.of("mdg.security.issuer", keycloak.issuer(), "logging.level.root", "WARN"));
            return;
        }
        Path storeLog = Path.of("target", "resilience", "crash-readstore-" + System.currentTimeMillis() + ".log");
        Files.createDirectories(storeLog.getParent());
        try (StandaloneReadStore store = StandaloneReadStore.start(StandaloneReadStore.freePort(),
                dataDir.resolveSibling(dataDir.getFileName() + "-readstore.mv"), storeLog)) {
            run(scenario.killed, scenario.run, keycloak, dataDir, Map.of("mdg.security.issuer", keycloak.issuer(), "mdg.mongodb.uri", store.uri(),
                    "logging.level.root", "WARN"));
        }
    }

    private void run(Killed killed, String run, KeycloakServer keycloak, Path dataDir, Map<String, String> properties)
            throws Exception {
        String erp = keycloak.clientToken("erp");

        Map<String, String> acknowledged = new ConcurrentHashMap<>(); // sourceId -> golden id
        Set<String> sent = ConcurrentHashMap.newKeySet();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        int killedAt;
        ServiceProcess first = ServiceProcess.start("crash-" + run + "-before", dataDir, properties, Map.of());
        try {
            Api api = new Api(first.graphqlUrl());
            // Warm up (the first requests load the GraphQL engine and fetch Keycloak's keys): not counted.
            for (int i = 900_000; i < 900_005; i++) {
                Answer warmUp = api.post(erp, SUBMIT, Map.of("input", input("CRASH-" + run + "-" + i, i)));
                assertThat(warmUp.data().path("submitSupplier").path("outcome").asText()).as(warmUp.text())
                        .isEqualTo("CREATED");
                acknowledged.put("CRASH-" + run + "-" + i, warmUp.data().path("submitSupplier").path("goldenId").asText());
                sent.add("CRASH-" + run + "-" + i);
            }
            List<CompletableFuture<?>> inFlight = new ArrayList<>();
            AtomicInteger next = new AtomicInteger();
            ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
            long periodMicros = 1_000_000L / RATE_PER_SECOND;
            long started = System.nanoTime();
            java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(MAX_IN_FLIGHT);
            clock.scheduleAtFixedRate(() -> {
                if (!window.tryAcquire()) {
                    skipped.incrementAndGet(); // the service is slower than the rate: a client with a window waits
                    return;
                }
                int n = next.getAndIncrement();
                String sourceId = "CRASH-" + run + "-" + n;
                sent.add(sourceId);
                CompletableFuture<Answer> answer = api.postAsync(erp, SUBMIT, Map.of("input", input(sourceId, n)),
                        Duration.ofSeconds(30));
                synchronized (inFlight) {
                    inFlight.add(answer.whenComplete((a, error) -> {
                        window.release();
                        JsonNode result = a == null ? null : a.data().path("submitSupplier");
                        if (error == null && a.status() == 200 && result.path("outcome").asText().equals("CREATED")
                                && result.path("goldenId").isTextual()) {
                            acknowledged.put(sourceId, result.path("goldenId").asText());
                        } else if (failed.incrementAndGet() <= 3) {
                            failures.add(error != null ? error.toString() : a.status() + " " + a.text());
                        }
                    }));
                }
            }, 0, periodMicros, TimeUnit.MICROSECONDS);

            // SIGKILL in the middle of the stream: once a few hundred were acknowledged (the build machine's speed
            // varies), at the latest after KILL_AFTER_AT_MOST.
            eventually(acknowledged::size, acked -> acked >= KILL_AFTER_ACKNOWLEDGED
                    || System.nanoTime() - started > KILL_AFTER_AT_MOST.toNanos(), KILL_AFTER_AT_MOST.plusSeconds(5));
            killedAt = next.get();
            int failedAtKill = failed.get();
            if (killed == Killed.SERVICE) {
                first.kill();
                // the client keeps driving against the dead service until that many more submissions have failed
                eventually(failed::get, f -> f >= failedAtKill + FAILED_AFTER_KILL, WAIT);
            } else {
                int acknowledgedAtKill = acknowledged.size();
                long postmaster = Long.parseLong(Files.readAllLines(
                        dataDir.resolve("postgres/pgdata/postmaster.pid")).get(0).trim());
                assertThat(new ProcessBuilder("kill", "-KILL", Long.toString(postmaster)).start().waitFor()).isZero();
                // the service restarts its PostgreSQL and takes submissions again
                eventually(acknowledged::size, a -> a >= acknowledgedAtKill + ACKNOWLEDGED_AFTER_POSTGRES_RESTART, WAIT);
                assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false)).isFalse();
                assertThat(first.isAlive()).isTrue();
            }
            clock.shutdown();
            assertThat(clock.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<?>[] all;
            synchronized (inFlight) {
                all = inFlight.toArray(CompletableFuture[]::new);
            }
            CompletableFuture.allOf(all).exceptionally(e -> null).get(60, TimeUnit.SECONDS);
        } finally {
            if (first.isAlive()) {
                if (killed == Killed.SERVICE) {
                    first.kill();
                } else {
                    first.stop();
                }
            }
        }
        assertThat(acknowledged).as("submissions acknowledged before the kill; first failures: " + failures).hasSizeGreaterThan(100);
        System.out.printf("[crash %s] sent %d (rate %d/s, at most %d in flight; %d ticks skipped), %s killed when #%d was "
                + "sent; acknowledged %d, unacknowledged %d%n", run, sent.size(), RATE_PER_SECOND, MAX_IN_FLIGHT,
                skipped.get(), killed, killedAt, acknowledged.size(), failed.get());

        // first: closing it stops an orphaned PostgreSQL if the test fails before the second start has stopped it
        try (first; ServiceProcess second = ServiceProcess.start("crash-" + run + "-after", dataDir, properties, Map.of())) {
            Api api = new Api(second.graphqlUrl());
            String analyst = keycloak.userToken("andy.analyst");

            // Every acknowledged submission is a golden record, read once every projection has applied every stored
            // event (both read stores are rebuilt from the event store after the kill).
            String admin = keycloak.userToken("ada.admin");
            eventually(() -> api.projectionsAtHead(admin), Boolean::booleanValue, WAIT);
            List<JsonNode> records = api.all(analyst, "suppliers", "", SUPPLIER_FIELDS);
            Map<String, JsonNode> bySource = sourceIds(records);
            Set<String> lost = new java.util.TreeSet<>(acknowledged.keySet());
            lost.removeAll(bySource.keySet());
            assertThat(lost.stream().limit(20).toList())
                    .as("acknowledged but lost: %d of %d (up to 20 shown)", lost.size(), acknowledged.size()).isEmpty();
            for (Map.Entry<String, String> ack : acknowledged.entrySet()) {
                assertThat(bySource.get(ack.getKey()).path("id").asText()).as(ack.getKey()).isEqualTo(ack.getValue());
            }

            // Nothing half applied: every record there is, acknowledged or not, has exactly what was sent for it.
            for (JsonNode record : records) {
                assertThat(record.path("sourceRefs")).hasSize(1);
                String sourceId = record.path("sourceRefs").path(0).path("sourceId").asText();
                assertThat(sent).as("a record nobody sent").contains(sourceId);
                assertComplete(record, sourceId);
            }
            int appliedUnacknowledged = records.size() - acknowledged.size();
            assertThat(api.recordCount(analyst, "SUPPLIER")).isEqualTo(records.size());

            // The cross-reference agrees, for acknowledged and unacknowledged source ids alike.
            List<String> probes = new ArrayList<>(sent);
            for (String sourceId : probes) {
                JsonNode bySourceRecord = api.post(analyst, """
                        query($id: String!) { recordBySource(system: ERP, sourceId: $id) { id ... on Supplier {
                          legalName tradingNames orderingAddress { line1 city postalCode country } } } }""",
                        Map.of("id", sourceId)).data().path("recordBySource");
                if (acknowledged.containsKey(sourceId)) {
                    assertThat(bySourceRecord.path("id").asText()).as(sourceId).isEqualTo(acknowledged.get(sourceId));
                }
                if (bySource.containsKey(sourceId)) {
                    assertComplete(bySourceRecord, sourceId);
                } else {
                    assertThat(bySourceRecord.isNull()).as(sourceId + " has no record but a cross-reference").isTrue();
                }
            }

            // One RECORD_CREATED audit entry per record: events handled again after the restart duplicate nothing.
            String auditor = keycloak.userToken("audrey.auditor");
            List<JsonNode> created = eventually(() -> api.all(auditor, "auditTrail", "String",
                            ", filter: {sourceSystem: ERP, actions: [RECORD_CREATED]}", "recordId"),
                    list -> list.size() >= records.size(), WAIT);
            Map<String, Integer> perRecord = new HashMap<>();
            created.forEach(entry -> perRecord.merge(entry.path("recordId").asText(), 1, Integer::sum));
            assertThat(perRecord).hasSize(records.size());
            assertThat(perRecord.values()).allMatch(count -> count == 1);

            // The golden records equal a rebuild from the events, where the operations' consistency check exists.
            String consistency = consistencyCheck(api, keycloak.userToken("ada.admin"));

            // The projections run on: a new submission is readable.
            Answer after = api.post(erp, SUBMIT, Map.of("input", input("CRASH-" + run + "-after", 999_999)));
            String afterId = after.data().path("submitSupplier").path("goldenId").asText();
            eventually(() -> api.post(analyst, "query($id: ID!) { supplier(id: $id) { id } }", Map.of("id", afterId))
                    .data().path("supplier").path("id").asText(), afterId::equals, WAIT);
            assertThat(second.ready()).isTrue();

            System.out.printf("[crash %s] after restart: %d golden records, acknowledged %d all present (lost 0), "
                            + "applied but unacknowledged %d, half applied 0; consistency check: %s%n",
                    run, records.size(), acknowledged.size(), appliedUnacknowledged, consistency);
        }
    }

    private static Map<String, Object> input(String sourceId, int n) {
        return Map.of("sourceId", sourceId, "sourceVersion", 1,
                "legalName", "Crash Test " + n + " Surgical Supplies Inc.",
                "tradingNames", List.of("CT" + n),
                "orderingAddress", Map.of("line1", n + " Recovery Road", "city", "Boston",
                        "postalCode", String.format("%05d", n % 100_000), "country", "US"));
    }

    /** The record has every attribute of its submission, as sent. */
    private static void assertComplete(JsonNode record, String sourceId) {
        int n = sourceId.endsWith("-after") ? 999_999 : Integer.parseInt(sourceId.substring(sourceId.lastIndexOf('-') + 1));
        assertThat(record.path("legalName").asText()).as(sourceId).isEqualTo("Crash Test " + n + " Surgical Supplies Inc.");
        assertThat(record.path("tradingNames").path(0).asText()).as(sourceId).isEqualTo("CT" + n);
        assertThat(record.path("orderingAddress").path("line1").asText()).as(sourceId).isEqualTo(n + " Recovery Road");
        assertThat(record.path("orderingAddress").path("city").asText()).as(sourceId).isEqualTo("Boston");
    }

    private static Map<String, JsonNode> sourceIds(List<JsonNode> records) {
        Map<String, JsonNode> bySource = new HashMap<>();
        for (JsonNode record : records) {
            record.path("sourceRefs").forEach(ref -> bySource.put(ref.path("sourceId").asText(), record));
        }
        return bySource;
    }

    /** Runs the operations' consistency check when the schema has it; asserts zero differences. */
    static String consistencyCheck(Api api, String admin) {
        Answer check = api.post(admin,
                "mutation { checkConsistency { consistent differenceCount recordsCompared eventsReplayed } }", Map.of());
        if (check.hasErrors() && check.firstCode() != null && check.firstCode().equals("BAD_REQUEST")) {
            return "not available (" + check.errors().path(0).path("message").asText() + ")";
        }
        assertThat(check.hasErrors()).as(check.text()).isFalse();
        JsonNode report = check.data().path("checkConsistency");
        assertThat(report.path("differenceCount").asLong()).as(report.toString()).isZero();
        assertThat(report.path("consistent").asBoolean()).isTrue();
        return "consistent, " + report.path("recordsCompared").asLong() + " records compared, "
                + report.path("eventsReplayed").asLong() + " events replayed, 0 differences";
    }
}
