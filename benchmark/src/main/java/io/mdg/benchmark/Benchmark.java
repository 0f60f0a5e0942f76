package io.mdg.benchmark;

import static io.mdg.demo.data.DemoNetwork.JSON;
import static io.mdg.demo.data.DemoNetwork.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;

import com.fasterxml.jackson.databind.JsonNode;

import io.mdg.api.EntityType;
import io.mdg.demo.data.DemoNetwork.Sequence;
import io.mdg.demo.data.DemoNetwork.Submission;
import io.mdg.e2e.support.KeycloakServer;
import io.mdg.postgres.EmbeddedPostgresServer;

/**
 * The benchmark harness of issue 8 ({@code ./mdg bench}): measures the figures on this machine in one run, prints
 * each as a {@code FIGURE} line with its settings and target, and writes them with the machine into BENCHMARKS.md.
 *
 * <p>Runs on the assembled service jar's class path (its extracted layout, with this jar and mdg-service's
 * test-support jar); starts a private Keycloak (real tokens), the service in-process (its Spring Boot
 * application in this JVM, for the gateway figures) and out-of-process (the jar as {@code ./mdg start} runs it, for
 * the HTTP figures, restarts and RSS), each on free ports and fresh temporary data directories.
 */
public final class Benchmark {

    private static final Duration CATCH_UP_TIMEOUT = Duration.ofHours(3);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(30);
    private static final int STORE_BATCH = 100;
    private static final List<Integer> STORE_CONNECTIONS = List.of(1, 4);
    private static final int BATCH_SIZE = 500;
    private static final int BATCH_CLIENTS = 4;
    private static final int SINGLE_CLIENTS = 64;
    private static final int READ_CONNECTIONS = 32;
    /** Turns of each of figure 4's three closed loops whose ratios are targets. */
    private static final int READ_ROUNDS = 3;
    private static final double OPEN_LOOP_RATE = 1_000;
    /** Pages of 50 contracts per second: within the analyst's default cost budget (200,000 points/s, 6,701 a page). */
    private static final double PAGE_RATE = 20;
    private static final int CONTRACTS = 60;
    private static final int CONTRACT_LINES = 20;
    private static final double STEWARD_RATE = 20;
    private static final int HEAVY_CONNECTIONS = 16;
    /** Figure 9: changes (new records) per second offered while the consumers receive them. */
    private static final double DISTRIBUTION_RATE = 1_000;
    /** Figure 9's paced ingest: submitBatch requests of this many entries, at most this many in flight. */
    private static final int PACED_BATCH = 50;
    private static final int PACED_CONNECTIONS = 8;
    /** Figure 9's pull reader: entries per page of changes, and its wait after a page that emptied the feed. */
    private static final int PULL_PAGE = 500;
    private static final Duration PULL_IDLE = Duration.ofMillis(100);
    /** Figure 9's consumers: three pushed to (clients of the realm, one consumer per client), one pulling. */
    private static final List<String> PUSH_CLIENTS = List.of("erp", "sourcing", "supplier-portal");
    private static final String PULL_CLIENT = "inventory";
    /** Figure 10: the node counts compared, each on a fresh PostgreSQL. */
    private static final List<Integer> NODE_COUNTS = List.of(1, 2);
    /** Figure 10's cross-node writes: single submissions per second through the first node. */
    private static final double NODES_WRITE_RATE = 50;
    /** How long figure 10 waits for the reading node to show a write before counting it as not shown. */
    private static final Duration NODES_READ_WAIT = Duration.ofSeconds(10);
    /** Figure 10's sample of the nodes' CPU while nobody sends them anything. */
    private static final Duration NODES_IDLE = Duration.ofSeconds(5);

    private final Options options;
    private final Report report = new Report();
    private final Path work;
    private KeycloakServer keycloak;
    private Tokens tokens;
    /** Figure 1's raw event-row insert rate (the better of its connection counts), for the ratios of figure 2. */
    private double postgresRowsPerSecond = Double.NaN;
    private String postgresCeiling = "";
    private double inProcessIngest = Double.NaN;
    /** Seconds from launch to ready of the service jar on an empty data directory (subtracted from rebuilds). */
    private double emptyStartSeconds = Double.NaN;

    private Benchmark(Options options, Path work) {
        this.options = options;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.setProperty("axoniq.update-checker.disabled", "true");
        // Quiet until the service's own logging settings apply (logging.level.root=WARN for the in-process service).
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        Path work = Files.createTempDirectory("mdg-bench-");
        System.setProperty("mdg.keycloak.home", options.keycloakHome().toAbsolutePath().toString());
        System.setProperty("mdg.realm.file", options.realmFile().toAbsolutePath().toString());
        System.setProperty("mdg.keycloak.log-dir", work.resolve("logs").toString());
        Benchmark benchmark = new Benchmark(options, work);
        // MDG_BENCH_JFR=<dir>: a JFR recording (settings "profile") of this JVM (the in-process figures) and of each
        // service jar it starts, for the profile evidence of a missed target
        String jfr = System.getenv("MDG_BENCH_JFR");
        jdk.jfr.Recording recording = null;
        if (jfr != null && !jfr.isBlank()) {
            Files.createDirectories(Path.of(jfr));
            recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
            recording.setDestination(Path.of(jfr, "benchmark.jfr"));
            recording.setToDisk(true);
            recording.start();
        }
        String machine = Machine.describe();
        String loadBefore = Machine.load();
        ZonedDateTime date = ZonedDateTime.now();
        System.out.println("mdg bench: " + options.commandLine() + "\nmachine: " + machine + "\nload average: "
                + loadBefore + "\nwork directory: " + work);
        int exit = 0;
        try {
            benchmark.run();
        } catch (Throwable e) {
            e.printStackTrace();
            benchmark.report.note("The run stopped early: " + e + " (logs kept in " + work + "/logs)");
            exit = 1;
        } finally {
            if (benchmark.keycloak != null) {
                benchmark.keycloak.stop();
            }
            if (recording != null) {
                recording.stop();
                recording.close();
                System.out.println("JFR recordings in " + jfr);
            }
        }
        String title = (options.quick() ? "Quick run (--quick: small sizes, a check of the harness, not the figures "
                + "of record)" : "Full run") + " of " + date.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"));
        String section = benchmark.report.markdown(title, options.commandLine(), machine + "; benchmark JVM "
                + Machine.jvmFlags() + ", service JVM "
                + (ServiceProcess.javaOptions().isEmpty() ? "default flags" : String.join(" ", ServiceProcess.javaOptions()))
                + " (as ./mdg start)", loadBefore, Machine.load());
        Report.writeInto(options.out(), section);
        System.out.println("written to " + options.out().toAbsolutePath());
        if (!options.keep() && exit == 0) {
            deleteRecursively(work);
        } else {
            System.out.println("data directories and logs kept in " + work);
        }
        System.exit(exit); // Axon's janitor threads are not daemons
    }

    private void run() throws Exception {
        boolean needsKeycloak = options.ceilingsOnly() ? options.runs(4) : options.runsAny(2, 4, 5, 6, 7, 8, 9, 10);
        if (needsKeycloak) {
            System.out.println("starting Keycloak from " + options.keycloakHome() + " ...");
            keycloak = KeycloakServer.start();
            KeycloakServer started = keycloak;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "stop-keycloak"));
            tokens = new Tokens(keycloak);
            System.out.println("Keycloak up at " + keycloak.baseUrl());
        }
        if (options.runs(1) || options.runs(2) && !options.ceilingsOnly()) {
            storeCeilings();
        }
        if (options.ceilingsOnly()) {
            if (options.runs(4)) {
                minimalAppCeiling(tokens.user("andy.analyst"));
            }
            return;
        }
        if (options.runs(2) || options.runs(3)) {
            inProcess();
        }
        if (options.runsAny(2, 4, 5, 6, 8)) {
            overHttp();
        }
        if (options.runs(9)) {
            distribution();
        }
        if (options.runs(10)) {
            nodes();
        }
        if (options.runs(7)) {
            growth();
        }
    }

    private String issuer() {
        return keycloak != null ? keycloak.issuer() : "http://localhost:1/realms/mdg";
    }

    // ------------------------------------------------------------------------------------------- figure 1

    private void storeCeilings() throws Exception {
        Path dir = Files.createDirectories(work.resolve("store-ceilings"));
        int rows = options.storeRows();
        System.out.println("figure 1: starting an embedded PostgreSQL on " + dir + " ...");
        StoreCeilings.PostgresCeilings postgres = StoreCeilings.postgresEventRows(dir.resolve("postgres"), rows,
                STORE_BATCH, STORE_CONNECTIONS);
        for (StoreCeilings.Ceiling ceiling : postgres.ceilings()) {
            report.figure(1, String.format("store ceiling: PostgreSQL event rows, %d connection%s",
                    ceiling.connections(), ceiling.connections() == 1 ? "" : "s"), ceiling.perSecond(), "rows/s",
                    String.format("raw JDBC batched inserts (reWriteBatchedInserts=true) into Axon's domain event table "
                            + "as PostgresEventTableFactory creates it (bytea payloads), %,d rows of %,d bytes (payload "
                            + "+ metadata), each of a new aggregate, %d rows per batch and commit, %d connection%s "
                            + "sharing them, on a fresh table after a warm-up; %s", ceiling.count(),
                            ceiling.bytesPerItem(), ceiling.batch(), ceiling.connections(),
                            ceiling.connections() == 1 ? "" : "s", postgres.server().describe()), null, null);
        }
        StoreCeilings.Ceiling best = postgres.best();
        postgresRowsPerSecond = best.perSecond();
        postgresCeiling = String.format("%,.0f rows/s of figure 1 (%d connection%s)", best.perSecond(),
                best.connections(), best.connections() == 1 ? "" : "s");
    }

    // ------------------------------------------------------------------------------------------- figures 2a, 3

    private void inProcess() throws Exception {
        Path dir = work.resolve("in-process");
        System.out.println("starting the service in-process on " + dir + " ...");
        try (InProcessService service = InProcessService.start(dir, issuer(), work.resolve("logs").resolve("service-in-process.log"))) {
            service.awaitCaughtUp(START_TIMEOUT);
            CommandGateway commands = service.bean(CommandGateway.class);
            Sequence data = new Sequence();
            requireClean(Ingest.inProcess(commands, data.manufacturers(), options.clients()), "manufacturers");
            // the warm-up lets the JIT compile the submission path (C2 on 2 cores takes minutes of the first load)
            int warmup = Math.min(10_000, Math.max(200, options.submissions() / 5));
            requireClean(Ingest.inProcess(commands, data.next(warmup), options.clients()), "warm-up");
            if (options.runs(2)) {
                List<Submission> submissions = data.next(options.submissions());
                long eventsBefore = service.storedEvents();
                InProcessService.resetPeakHeap();
                double jvmCpu = Machine.jvmCpuSeconds(), pgCpu = Machine.postgresCpuSeconds(dir.resolve("postgres"));
                io.mdg.command.groupcommit.GroupCommitMetrics group =
                        service.bean(io.mdg.command.groupcommit.GroupCommitCommandBus.class).metrics();
                long groups = group.batches(), grouped = group.commands(), regrouped = group.regrouped(),
                        retried = group.retried();
                Statements statements = Statements.reset(service.bean(javax.sql.DataSource.class));
                Ingest.Result result = Ingest.inProcess(commands, submissions, options.clients());
                // the projections finish the work of these submissions (golden records, audit, history)
                service.awaitPosition(service.storedEvents(), START_TIMEOUT);
                statements.print("figure 2 in-process ingest");
                double jvmCpuPer = (Machine.jvmCpuSeconds() - jvmCpu) / result.submissions() * 1e6;
                double pgCpuPer = (Machine.postgresCpuSeconds(dir.resolve("postgres")) - pgCpu) / result.submissions() * 1e6;
                long events = service.storedEvents() - eventsBefore;
                inProcessIngest = result.perSecond();
                String settings = String.format("%,d submissions (1 supplier : 4 items, new records) through the "
                        + "CommandGateway from %d threads, after %,d warm-up; %,d events written (%,.0f events/s); "
                        + "outcomes %s; peak heap %,d MiB; CPU per submission until the projections caught up: "
                        + "JVM %,.0f µs, PostgreSQL %,.0f µs; group commit: %,d transactions of %.1f submissions on "
                        + "average, %,d handled again with savepoints, %,d alone", result.submissions(),
                        options.clients(), warmup, events, events / result.seconds(), result.outcomes(),
                        InProcessService.peakHeapMiB(), jvmCpuPer, pgCpuPer, group.batches() - groups,
                        (group.commands() - grouped) / (double) Math.max(1, group.batches() - groups),
                        group.regrouped() - regrouped, group.retried() - retried);
                report.figure(2, "ingest in-process", result.perSecond(), "submissions/s", settings,
                        ">= 5,000/s", result.perSecond() >= 5_000);
                warnProblems(result, "figure 2 in-process");
                if (!Double.isNaN(postgresRowsPerSecond)) {
                    double ratio = 100 * (events / result.seconds()) / postgresRowsPerSecond;
                    report.figure(2, "ingest in-process / raw PostgreSQL event rows", ratio, "%", String.format(
                            "%,.0f events/s written by the ingest vs %s (%,.0f submissions/s)",
                            events / result.seconds(), postgresCeiling, result.perSecond()), ">= 25 %", ratio >= 25);
                }
            }
            if (options.runs(3)) {
                freshness(service, data);
            }
        }
    }

    private void freshness(InProcessService service, Sequence data) throws Exception {
        int count = (int) (options.freshnessRate() * options.freshness().toSeconds());
        List<Submission> submissions = data.next(count);
        Ingest.Freshness f = Ingest.freshness(service.bean(CommandGateway.class), service.bean(QueryGateway.class),
                submissions, options.freshnessRate(), Duration.ofSeconds(60));
        String settings = String.format("%,.0f submissions/s scheduled for %d s (1 supplier : 4 items, new records, "
                        + "in-process CommandGateway, " + Ingest.SENDERS + " sending threads); %,d of %,d sent in %.1f s (%,.0f/s); %,d acknowledged, %,d seen "
                        + "on the query side, %,d failed; latency from acknowledgement to the first FindRecordsQuery "
                        + "that returns the record, polled back to back (%.2f ms a poll)", options.freshnessRate(),
                options.freshness().toSeconds(), f.sent(), f.scheduled(), f.sendSeconds(),
                f.sent() / f.sendSeconds(), f.acknowledged(), f.visible(), f.failed(), f.pollMillis());
        double p50 = f.micros().getValueAtPercentile(50) / 1000.0;
        double p99 = f.micros().getValueAtPercentile(99) / 1000.0;
        double max = f.micros().getMaxValue() / 1000.0;
        report.figure(3, "freshness p50", p50, "ms", settings, null, null);
        report.figure(3, "freshness p99", p99, "ms", "same run", "<= 100 ms",
                p99 <= 100 && f.visible() == f.acknowledged() && f.sent() == f.scheduled()
                        && options.freshnessRate() >= 1_000);
        report.figure(3, "freshness max", max, "ms", "same run", null, null);
        if (f.sent() < f.scheduled()) {
            report.note(String.format("Figure 3: the service did not keep up with %,.0f submissions/s: %,d of %,d "
                    + "were sent before sending stopped.", options.freshnessRate(), f.sent(), f.scheduled()));
        }
        if (f.visible() < f.acknowledged()) {
            report.note("Figure 3: " + (f.acknowledged() - f.visible()) + " acknowledged records were not visible "
                    + "within 60 s after the last send.");
        }
    }

    // ------------------------------------------------------------------------------------------- figures 2b, 4, 5, 6

    private void overHttp() throws Exception {
        Path dir = work.resolve("http");
        System.out.println("starting the service jar on " + dir + " ...");
        ServiceProcess service = ServiceProcess.start(options.serviceJar(), options.benchmarkJar(), dir, issuer(),
                work.resolve("logs").resolve("service-http.log"));
        long rss;
        try {
            ServiceProcess.Ready ready = service.awaitReady(START_TIMEOUT, () -> tokens.user("ada.admin"));
            emptyStartSeconds = ready.ready();
            System.out.printf("service ready in %.1f s (empty data directory)%n", ready.ready());
            int port = service.port();
            Supplier<String> erp = () -> tokens.client("erp");
            Sequence data = new Sequence();
            requireClean(Ingest.overHttp(port, Ingest.batchBodies(data.manufacturers(), BATCH_SIZE), Sequence.MANUFACTURERS,
                    1, erp), "manufacturers over HTTP");
            List<Submission> warm = data.next(Math.min(2_000, Math.max(200, options.submissions() / 10)));
            requireClean(Ingest.overHttp(port, Ingest.batchBodies(warm, BATCH_SIZE), warm.size(), BATCH_CLIENTS, erp),
                    "warm-up over HTTP");
            Ingest.Result batch = null;
            if (options.runsAny(2, 4, 5, 8)) {
                List<Submission> submissions = data.next(options.submissions());
                List<byte[]> bodies = Ingest.batchBodies(submissions, BATCH_SIZE);
                batch = Ingest.overHttp(port, bodies, submissions.size(), BATCH_CLIENTS, erp);
                if (options.runs(2)) {
                    report.figure(2, "ingest HTTP submitBatch", batch.perSecond(), "submissions/s", String.format(
                            "%,d submissions (1 supplier : 4 items) as GraphQL submitBatch of %d entries, %d concurrent "
                            + "clients, erp client-credentials token from Keycloak; service jar out of process; "
                            + "outcomes %s", batch.submissions(), BATCH_SIZE, BATCH_CLIENTS, batch.outcomes()),
                            ">= 3,000/s", batch.perSecond() >= 3_000);
                    warnProblems(batch, "figure 2 submitBatch");
                    List<Submission> singles = data.nextSuppliers(options.submissions());
                    Ingest.Result single = Ingest.overHttp(port, Ingest.singleBodies(singles), singles.size(),
                            SINGLE_CLIENTS, erp);
                    report.figure(2, "ingest HTTP single submitSupplier", single.perSecond(), "submissions/s",
                            String.format("%,d submitSupplier mutations of new suppliers, one per request, %d "
                                    + "concurrent clients (keep-alive), erp token; outcomes %s", single.submissions(),
                                    SINGLE_CLIENTS, single.outcomes()), ">= 1,500/s", single.perSecond() >= 1_500);
                    warnProblems(single, "figure 2 single submits");
                    if (!Double.isNaN(inProcessIngest)) {
                        report.figure(2, "ingest HTTP submitBatch / in-process", 100 * batch.perSecond() / inProcessIngest,
                                "%", "same run", null, null);
                    }
                    if (!Double.isNaN(postgresRowsPerSecond)) {
                        report.figure(2, "ingest HTTP submitBatch / raw PostgreSQL event rows",
                                100 * batch.perSecond() / postgresRowsPerSecond, "%", "submissions/s over "
                                + postgresCeiling + " (a submission of a new record writes one event)", null, null);
                    }
                }
            }
            if (options.runsAny(4, 8)) {
                reads(port, batch);
            }
            if (options.runs(6)) {
                bulkImport(port, data);
            }
            rss = service.peakRssMiB();
            report.note(String.format("Service jar (figures 2, 4, 6): peak RSS %,d MiB (VmHWM), JVM flags as ./mdg start.", rss));
        } finally {
            service.close();
        }
        if (options.runs(5)) {
            rebuild(dir, 5, "rebuild");
        }
    }

    /**
     * A restart of the service jar on a data directory, with what figures 5 and 7 read from it: the replay rate, the
     * readiness, peak RSS, the embedded PostgreSQL's memory and shared_buffers, and (with a supplier id to probe) the
     * time to the first answer that shows that supplier and the answers of a few queries once ready.
     */
    private record Restart(ServiceProcess.Ready ready, double rate, long serviceRssMiB, long postgresPssMiB,
                           String sharedBuffers, String answers) {
    }

    private Restart rebuild(Path dir, int figure, String name) throws Exception {
        return rebuild(dir, figure, name, null);
    }

    private Restart rebuild(Path dir, int figure, String name, String probeSupplier) throws Exception {
        if (Double.isNaN(emptyStartSeconds)) {
            Path empty = work.resolve("empty");
            try (ServiceProcess service = ServiceProcess.start(options.serviceJar(), options.benchmarkJar(), empty,
                    issuer(), work.resolve("logs").resolve("service-empty.log"))) {
                emptyStartSeconds = service.awaitReady(START_TIMEOUT, () -> tokens.user("ada.admin")).ready();
            }
        }
        System.out.println("restarting the service jar on " + dir + " (rebuild of the memory read store) ...");
        System.gc(); // the in-process service's read store was just released: give its heap back to the machine
        ServiceProcess service = ServiceProcess.start(options.serviceJar(), options.benchmarkJar(), dir, issuer(),
                work.resolve("logs").resolve("service-rebuild-" + dir.getFileName() + ".log"));
        try {
            ServiceProcess.Probe probe = probeSupplier == null ? null
                    : port -> answersSupplier(port, tokens.user("andy.analyst"), probeSupplier);
            ServiceProcess.Ready ready = service.awaitReady(START_TIMEOUT, () -> tokens.user("ada.admin"), probe);
            String answers = probeSupplier == null ? "" : queriesAfterRestart(service.port(), probeSupplier);
            long rss = service.peakRssMiB();
            long pss = Math.max(ready.maxPostgresPssMiB(), service.postgresPssMiB());
            String sharedBuffers = service.postgresSetting("shared_buffers");
            long events = ready.position() + 1;
            double extra = ready.ready() - emptyStartSeconds;
            double observed = ready.observedReplayRate();
            // the replay as observed part way if it was; else all events over the start-up time it added
            double rate = !Double.isNaN(observed) ? observed : extra > 1 ? events / extra : Double.NaN;
            String how = !Double.isNaN(observed)
                    ? String.format("replay rate observed from %.1f s (position %,d) to ready", ready.progressSeconds(),
                            ready.progressPosition())
                    : extra > 1 ? "all events over the start-up time they added"
                    : "replay too short to time: n/a";
            report.figure(figure, name, rate, "events/s", String.format(
                    "restart of the service jar on %,d stored events with the memory read store; ready (readiness UP "
                    + "and every projection caught up) %.1f s after launch (empty data directory: %.1f s; port "
                    + "answered after %.1f s); %s; peak RSS %,d MiB, heap in use up to %,d MiB (sampled); embedded "
                    + "PostgreSQL %,d MiB (PSS, shared_buffers %s)", events,
                    ready.ready(), emptyStartSeconds, ready.portAnswered(), how, rss, ready.maxHeapMiB(), pss,
                    sharedBuffers),
                    ">= 20,000 events/s", Double.isNaN(rate) ? null : rate >= 20_000);
            return new Restart(ready, rate, rss, pss, sharedBuffers, answers);
        } finally {
            service.close();
        }
    }

    private static final String SUPPLIER_HISTORY = "query Q($id: ID!) { supplier(id: $id) { id legalName "
            + "history(first: 50) { edges { node { id } } } } }";

    /** Whether {@code supplier(id)} answers the supplier (the memory read store has it). */
    private static boolean answersSupplier(int port, String token, String id) throws IOException {
        byte[] request = HttpConnection.request("POST", "127.0.0.1", port, "/graphql", token, "application/json",
                json(Map.of("query", "query Q($id: ID!) { supplier(id: $id) { id } }",
                        "variables", Map.of("id", id))));
        try (HttpConnection connection = new HttpConnection("127.0.0.1", port)) {
            HttpConnection.Response response = connection.send(request);
            return response.status() == 200 && response.text().contains(id);
        }
    }

    /**
     * After a restart on a grown store: the supplier with its history (analyst), its audit trail and the first page
     * of the whole audit trail (admin); each must answer without errors and with entries. Answers what they took.
     */
    private String queriesAfterRestart(int port, String supplierId) throws Exception {
        String analyst = tokens.user("andy.analyst");
        String admin = tokens.user("ada.admin");
        String audit = "query A($filter: AuditFilter) { auditTrail(filter: $filter, first: 50) { edges { node { id } } "
                + "} }";
        Map<String, Object> byRecord = Map.of("filter", Map.of("recordId", supplierId));
        List<String> took = new ArrayList<>();
        took.add(timedQuery(port, analyst, SUPPLIER_HISTORY, Map.of("id", supplierId),
                "supplier(id) with history", body -> body.path("data").path("supplier").path("history")
                        .path("edges").size() > 0));
        took.add(timedQuery(port, admin, audit, byRecord, "auditTrail(recordId)",
                body -> body.path("data").path("auditTrail").path("edges").size() > 0));
        took.add(timedQuery(port, admin, audit, Map.of(), "auditTrail(first: 50)",
                body -> body.path("data").path("auditTrail").path("edges").size() == 50));
        return String.join(", ", took);
    }

    private String timedQuery(int port, String token, String query, Map<String, Object> variables, String name,
                              java.util.function.Predicate<JsonNode> answered) throws Exception {
        byte[] request = HttpConnection.request("POST", "127.0.0.1", port, "/graphql", token, "application/json",
                json(Map.of("query", query, "variables", variables)));
        try (HttpConnection connection = new HttpConnection("127.0.0.1", port)) {
            long start = System.nanoTime();
            HttpConnection.Response response = connection.send(request);
            double ms = (System.nanoTime() - start) / 1e6;
            JsonNode body = response.status() == 200 ? JSON.readTree(response.body()) : null;
            if (body == null || body.has("errors") || !answered.test(body)) {
                report.note(String.format("Figure 7: %s was not answered after the restart: HTTP %d %s", name,
                        response.status(), response.text().substring(0, Math.min(300, response.text().length()))));
                return name + " NOT ANSWERED";
            }
            return String.format("%s %.0f ms", name, ms);
        }
    }

    private void reads(int port, Ingest.Result ingested) throws Exception {
        List<String> suppliers = ingested.created().get(EntityType.SUPPLIER);
        List<String> items = ingested.created().get(EntityType.ITEM);
        if (suppliers.size() < CONTRACTS || items.size() < CONTRACT_LINES) {
            throw new IllegalStateException("too few records for the read figures: " + ingested.outcomes());
        }
        // a page of contracts to read: SOURCING's contracts with the suppliers and items by golden id
        List<Submission> contracts = new ArrayList<>();
        for (int c = 0; c < CONTRACTS; c++) {
            List<String> lines = new ArrayList<>();
            for (int k = 0; k < CONTRACT_LINES; k++) {
                lines.add(items.get((c * CONTRACT_LINES + k) % items.size()));
            }
            contracts.add(Sequence.contract(c, suppliers.get(c), lines));
        }
        requireClean(Ingest.overHttp(port, Ingest.batchBodies(contracts, 20), contracts.size(), 1,
                () -> tokens.client("sourcing")), "contracts");

        String analyst = tokens.user("andy.analyst");
        String supplierQuery = "query Q($id: ID!) { supplier(id: $id) { id version status legalName taxId duns gln "
                + "orderingAddress { line1 city region postalCode country } screeningStatus } }";
        List<byte[]> supplierRequests = new ArrayList<>();
        for (int i = 0; i < Math.min(1_000, suppliers.size()); i++) {
            supplierRequests.add(HttpConnection.request("POST", "127.0.0.1", port, "/graphql", analyst,
                    "application/json", json(Map.of("query", supplierQuery,
                            "variables", Map.of("id", suppliers.get(i))))));
        }
        awaitVisible(port, analyst, suppliers.get(suppliers.size() - 1));
        Load.Requests supplier = n -> supplierRequests.get((int) (n % supplierRequests.size()));
        byte[] constantRequest = HttpConnection.request("GET", "127.0.0.1", port, BenchEndpoints.PATH, analyst, null,
                null);
        String contractsQuery = "{ contracts(first: 50) { edges { node { id contractNumber tier effectiveFrom "
                + "effectiveTo supplier { id legalName } lines { unit price currency item { id description } } } } "
                + "pageInfo { hasNextPage endCursor } } }";
        byte[] contractsRequest = HttpConnection.request("POST", "127.0.0.1", port, "/graphql", analyst,
                "application/json", json(Map.of("query", contractsQuery)));
        awaitContracts(port, contractsRequest);
        if (options.runs(4)) {
            readFigures(port, supplierRequests, supplier, constantRequest, contractsRequest);
        }
        if (options.runs(8)) {
            fairness(port, suppliers, supplierQuery, contractsRequest);
        }
    }

    private void readFigures(int port, List<byte[]> supplierRequests, Load.Requests supplier, byte[] constantRequest,
                             byte[] contractsRequest) throws Exception {
        String analyst = tokens.user("andy.analyst");
        // the JIT warms up on every request kind before any is measured: measured one after the other on a cold JVM,
        // each loop ran faster than the one before it (a profile of the first, supplier(id), showed the C2 compiler
        // threads taking 23 % of the CPU), so the ratios measured the order, not the paths
        byte[] typenameRequest = HttpConnection.request("POST", "127.0.0.1", port, "/graphql", analyst,
                "application/json", json(Map.of("query", "{ __typename }")));
        Duration jit = options.readWarmup().multipliedBy(2);
        for (int round = 0; round < 2; round++) {
            Load.closedLoop(port, READ_CONNECTIONS, Duration.ZERO, jit, supplier, Load.Check.graphQl());
            Load.closedLoop(port, READ_CONNECTIONS, Duration.ZERO, jit, n -> constantRequest, Load.Check.status200());
            Load.closedLoop(port, READ_CONNECTIONS, Duration.ZERO, jit, n -> typenameRequest, Load.Check.graphQl());
        }
        Load.openLoop(port, 4, PAGE_RATE, Duration.ZERO, jit, n -> contractsRequest, Load.Check.graphQl());
        // the three loops whose ratios are targets take turns, READ_ROUNDS rounds of a third of the read duration
        // each, so that a drift of the machine (or of the JIT) during the measurement weighs on all three alike
        Load.Result closed = null;
        Load.Result constant = null;
        Load.Result typename = null;
        Duration turn = options.reads().dividedBy(READ_ROUNDS);
        Duration settle = options.readWarmup().dividedBy(READ_ROUNDS);
        for (int round = 0; round < READ_ROUNDS; round++) {
            closed = plus(closed, Load.closedLoop(port, READ_CONNECTIONS, settle, turn, supplier,
                    Load.Check.graphQl()));
            constant = plus(constant, Load.closedLoop(port, READ_CONNECTIONS, settle, turn, n -> constantRequest,
                    Load.Check.status200()));
            typename = plus(typename, Load.closedLoop(port, READ_CONNECTIONS, settle, turn, n -> typenameRequest,
                    Load.Check.graphQl()));
        }
        report.figure(4, "reads supplier(id) closed loop", closed.perSecond(), "requests/s", String.format(
                "%d connections, %d s in %d turns (each after %d ms) taking turns with the two loops below, %,d "
                + "suppliers in turn, analyst token (password grant); p50 %.2f ms, p99 %.2f ms, max %.1f ms, %,d "
                + "errors", READ_CONNECTIONS, options.reads().toSeconds(), READ_ROUNDS, settle.toMillis(),
                supplierRequests.size(), closed.p50Ms(), closed.p99Ms(),
                closed.maxMs(), closed.errors()), null, null);
        warnErrors(closed, "figure 4 supplier(id)");
        report.figure(4, "reads constant JSON (HTTP ceiling) closed loop", constant.perSecond(), "requests/s",
                String.format("GET %s (bench profile only: same security chain and token, constant body of %d bytes), "
                        + "%d connections, %d s; p50 %.2f ms, p99 %.2f ms, %,d errors", BenchEndpoints.PATH,
                        BenchEndpoints.BODY.length, READ_CONNECTIONS, options.reads().toSeconds(), constant.p50Ms(), constant.p99Ms(),
                        constant.errors()), null, null);
        warnErrors(constant, "figure 4 constant");
        report.figure(4, "reads { __typename } closed loop", typename.perSecond(), "requests/s", String.format(
                "POST /graphql { __typename } with the analyst's token (the GraphQL pipeline without data), %d "
                + "connections, %d s; p50 %.2f ms, p99 %.2f ms, %,d errors", READ_CONNECTIONS,
                options.reads().toSeconds(), typename.p50Ms(), typename.p99Ms(), typename.errors()), null, null);
        warnErrors(typename, "figure 4 { __typename }");
        double minimal = minimalAppCeiling(analyst);
        double ceiling = 100 * constant.perSecond() / minimal;
        report.figure(4, "reads constant JSON / minimal app", ceiling, "%", String.format("throughput ratio of the "
                + "service's %s and the minimal app's, same token, connections and duration, measured one after the "
                + "other in this run", BenchEndpoints.PATH), ">= 70 %", ceiling >= 70);
        double typenameRatio = 100 * typename.perSecond() / constant.perSecond();
        report.figure(4, "reads { __typename } / constant JSON", typenameRatio, "%",
                "throughput ratio of the two closed loops", ">= 75 %", typenameRatio >= 75);
        double ratio = 100 * closed.perSecond() / constant.perSecond();
        report.figure(4, "reads supplier(id) / constant JSON", ratio, "%", "throughput ratio of the two closed loops",
                ">= 50 %", ratio >= 50);
        Load.Result open = Load.openLoop(port, READ_CONNECTIONS, OPEN_LOOP_RATE, options.readWarmup(), options.reads(),
                supplier, Load.Check.graphQl());
        long scheduled = (long) (OPEN_LOOP_RATE * options.reads().toSeconds());
        report.figure(4, "reads supplier(id) open loop p99", open.p99Ms(), "ms", String.format(
                "%,.0f requests/s scheduled for %d s (after %d s), up to %d connections, latency from each request's "
                + "scheduled send time; p50 %.2f ms, max %.1f ms, %,d of %,d scheduled requests sent, %,d errors",
                OPEN_LOOP_RATE, options.reads().toSeconds(), options.readWarmup().toSeconds(), READ_CONNECTIONS,
                open.p50Ms(), open.maxMs(), open.requests(), scheduled, open.errors()), "<= 5 ms",
                open.p99Ms() <= 5 && open.errors() == 0 && open.requests() >= scheduled);
        if (open.requests() < scheduled) {
            report.note(String.format("Figure 4 open loop: the service fell behind %,.0f requests/s; %,d scheduled "
                    + "requests were not sent (their latency would have been larger still).", OPEN_LOOP_RATE,
                    scheduled - open.requests()));
        }
        warnErrors(open, "figure 4 open loop");
        // paced within the analyst's query-cost budget (a page costs several thousand points): a closed loop would be
        // refused with 429 by design and measure the refusal, not the page
        Load.Result page = Load.openLoop(port, 4, PAGE_RATE, options.readWarmup(), options.reads(),
                n -> contractsRequest, Load.Check.graphQl());
        String pageSettings = String.format("contracts(first: 50) with supplier and %d lines each with its item, "
                + "open loop %.0f pages/s (within the analyst's cost budget), up to 4 connections, %d s; %,d sent, "
                + "max %.1f ms, %,d errors", CONTRACT_LINES, PAGE_RATE, options.reads().toSeconds(), page.requests(),
                page.maxMs(), page.errors());
        report.figure(4, "reads page of 50 contracts p50", page.p50Ms(), "ms", pageSettings, "<= 20 ms",
                page.p50Ms() <= 20 && page.errors() == 0);
        report.figure(4, "reads page of 50 contracts p99", page.p99Ms(), "ms", "same run", null, null);
        warnErrors(page, "figure 4 contracts page");
    }

    private static Load.Result plus(Load.Result sum, Load.Result turn) {
        return sum == null ? turn : sum.plus(turn);
    }

    /**
     * Figure 4's denominator: the minimal Spring Boot app ({@code io.mdg.benchmark.minimal.MinimalApp}: the two
     * starters only, the same realm, issuer and audience) as its own JVM with the service's flags, loaded like the
     * service's {@code /bench/constant} (closed loop, {@value #READ_CONNECTIONS} connections, same token); stopped
     * afterwards. Answers its requests/s.
     */
    private double minimalAppCeiling(String token) throws Exception {
        System.out.println("starting figure 4's minimal Spring Boot app ...");
        try (MinimalAppProcess app = MinimalAppProcess.start(options.benchmarkJar(), options.minimalAppClasspath(),
                issuer(), work.resolve("logs").resolve("minimal-app.log"))) {
            double started = app.awaitReady(Duration.ofMinutes(2), token);
            byte[] request = HttpConnection.request("GET", "127.0.0.1", app.port(), BenchEndpoints.PATH, token, null,
                    null);
            // the same JIT warm-up as the service's loops had (readFigures)
            Load.closedLoop(app.port(), READ_CONNECTIONS, Duration.ZERO, options.readWarmup().multipliedBy(4),
                    n -> request, Load.Check.status200());
            Load.Result result = Load.closedLoop(app.port(), READ_CONNECTIONS, options.readWarmup(), options.reads(),
                    n -> request, Load.Check.status200());
            report.figure(4, "reads minimal Spring Boot app constant JSON closed loop", result.perSecond(),
                    "requests/s", String.format("GET %s of a Spring Boot app with only spring-boot-starter-web and "
                            + "spring-boot-starter-oauth2-resource-server (Boot's default resource-server chain: JWT "
                            + "from the same realm's JWKS, RS256, issuer and audience %s checked) and that one "
                            + "endpoint, the same constant body of %d bytes, own JVM with the service's flags "
                            + "(answered %.1f s after launch), same token, %d connections, %d s after %d s and the "
                            + "service's JIT warm-up; p50 %.2f "
                            + "ms, p99 %.2f ms, %,d errors; peak RSS %,d MiB", BenchEndpoints.PATH,
                            MinimalAppProcess.AUDIENCE, BenchEndpoints.BODY.length, started, READ_CONNECTIONS,
                            options.reads().toSeconds(), options.readWarmup().toSeconds(), result.p50Ms(),
                            result.p99Ms(), result.errors(), app.peakRssMiB()), null, null);
            warnErrors(result, "figure 4 minimal app");
            return result.perSecond();
        }
    }

    // ------------------------------------------------------------------------------------------- figure 8

    /**
     * Figure 8: a steward's small query while one analyst runs heavy ones. The steward ({@code sam.supplier}) sends
     * {@code supplier(id)} at {@value #STEWARD_RATE} requests/s (open loop) first alone, then while the analyst
     * ({@code andy.analyst}) keeps {@value #HEAVY_CONNECTIONS} pages of 50 contracts with their lines in flight
     * (closed loop), with the service's default per-caller limits (4 running per caller, of them 1 heavy query of
     * 1,000 complexity points or more, 32 waiting, a cost bucket of 200,000 complexity points per second).
     */
    private void fairness(int port, List<String> suppliers, String supplierQuery, byte[] heavyRequest)
            throws Exception {
        String steward = tokens.user("sam.supplier");
        List<byte[]> stewardRequests = new ArrayList<>();
        for (int i = 0; i < Math.min(1_000, suppliers.size()); i++) {
            stewardRequests.add(HttpConnection.request("POST", "127.0.0.1", port, "/graphql", steward,
                    "application/json", json(Map.of("query", supplierQuery,
                            "variables", Map.of("id", suppliers.get(i))))));
        }
        Load.Requests small = n -> stewardRequests.get((int) (n % stewardRequests.size()));
        Load.Result alone = Load.openLoop(port, 4, STEWARD_RATE, options.readWarmup(), options.reads(), small,
                Load.Check.graphQl());
        java.util.concurrent.CompletableFuture<Load.Result> heavy = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return Load.closedLoop(port, HEAVY_CONNECTIONS, options.readWarmup(),
                                options.reads().plusSeconds(1), n -> heavyRequest, Load.Check.graphQl());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                });
        Load.Result shared = Load.openLoop(port, 4, STEWARD_RATE, options.readWarmup(), options.reads(), small,
                Load.Check.graphQl());
        Load.Result analyst = heavy.join();
        report.figure(8, "steward supplier(id) p99 while an analyst runs 16 heavy queries", shared.p99Ms(), "ms",
                String.format("steward sam.supplier: supplier(id) open loop %.0f requests/s for %d s (after %d s), p50 "
                        + "%.2f ms, max %.1f ms, %,d errors; alone before: p50 %.2f ms, p99 %.2f ms. Analyst "
                        + "andy.analyst meanwhile: %d connections closed loop of contracts(first: 50) with supplier and "
                        + "%d lines each with its item (complexity 6,701): %,.1f answered/s, p50 %.0f ms, p99 %.0f ms, "
                        + "%,d refused or failed (429 over its share). Default limits: per caller 4 running (1 "
                        + "heavy: 1,000 points or more), 32 waiting (5 s), 200,000 complexity points/s (burst 400,000); query timeout 10 s; "
                        + "responses <= 2 MiB", STEWARD_RATE, options.reads().toSeconds(),
                        options.readWarmup().toSeconds(), shared.p50Ms(), shared.maxMs(), shared.errors(),
                        alone.p50Ms(), alone.p99Ms(), HEAVY_CONNECTIONS, CONTRACT_LINES, analyst.perSecond(),
                        analyst.p50Ms(), analyst.p99Ms(), analyst.errors()),
                "<= 100 ms", shared.p99Ms() <= 100 && shared.errors() == 0);
        warnErrors(shared, "figure 8 steward");
    }

    private void awaitVisible(int port, String token, String supplierId) throws Exception {
        byte[] request = HttpConnection.request("POST", "127.0.0.1", port, "/graphql", token, "application/json",
                json(Map.of("query", "query Q($id: ID!) { supplier(id: $id) { id } }",
                        "variables", Map.of("id", supplierId))));
        awaitAnswer(port, request, body -> body.contains(supplierId), "supplier " + supplierId);
    }

    private void awaitContracts(int port, byte[] request) throws Exception {
        awaitAnswer(port, request, body -> {
            try {
                return JSON.readTree(body).path("data").path("contracts").path("edges").size() >= 50;
            } catch (IOException e) {
                return false;
            }
        }, "50 contracts on the query side");
    }

    private static void awaitAnswer(int port, byte[] request, java.util.function.Predicate<String> done, String what)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        String last = "";
        try (HttpConnection connection = new HttpConnection("127.0.0.1", port)) {
            while (System.nanoTime() < deadline) {
                last = connection.send(request).text();
                if (done.test(last)) {
                    return;
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("not readable within 5 minutes: " + what + "; last answer "
                + last.substring(0, Math.min(500, last.length())));
    }

    private void bulkImport(int port, Sequence data) throws Exception {
        int count = options.importItems();
        StringBuilder file = new StringBuilder(count * 700);
        for (int i = 0; i < count; i++) {
            file.append(JSON.writeValueAsString(data.nextItem().input())).append('\n');
        }
        byte[] body = file.toString().getBytes(StandardCharsets.UTF_8);
        byte[] request = HttpConnection.request("POST", "127.0.0.1", port, "/import/item", tokens.client("erp"),
                "application/x-ndjson", body);
        long start = System.nanoTime();
        HttpConnection.Response response;
        try (HttpConnection connection = new HttpConnection("127.0.0.1", port)) {
            // the service answers row by row while it reads the file: read while sending
            response = connection.sendWhileReading(request);
        }
        String[] summary = {null};
        long[] lines = {0};
        response.text().lines().forEach(line -> {
            lines[0]++;
            if (line.contains("\"summary\"")) {
                summary[0] = line;
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        if (response.status() != 200 || summary[0] == null) {
            throw new IllegalStateException("the import answered HTTP " + response.status() + " without a summary");
        }
        JsonNode counts = JSON.readTree(summary[0]).path("summary");
        double perHundredThousand = seconds * 100_000 / count;
        report.figure(6, "bulk file import", seconds, "s", String.format(
                "POST /import/item, %,d new items with packaging hierarchies (each/box/case GTINs; implants each "
                + "only) as one NDJSON file of %,.1f MiB, erp token; %,.0f items/s; summary %s%s", count,
                body.length / 1024.0 / 1024.0, count / seconds, counts,
                count == 100_000 ? "" : String.format("; scaled to 100,000 items: %.1f s", perHundredThousand)),
                "< 60 s for 100,000", perHundredThousand < 60 && counts.path("created").asLong() == count);
    }

    // ------------------------------------------------------------------------------------------- figure 9

    /**
     * Figure 9: distribution to consumers during ingest, on the service jar (its query side cuts and delivers the
     * feeds) with {@code mdg.consumers.allow-insecure-endpoints=true} (the receivers are on loopback, plain HTTP):
     * the submitBatch ingest of figure 2 without consumers; then 3 push consumers (receivers in this JVM) and 1 pull
     * consumer (a reader in this JVM) registered; 1,000 new records/s offered for the set duration, with the lag of
     * every delivery per consumer and a check that every creation arrived at every consumer; the same ingest again
     * with the 4 consumers receiving it, and its ratio to the first.
     */
    private void distribution() throws Exception {
        Path dir = work.resolve("distribution");
        System.out.println("figure 9: starting the service jar on " + dir + " ...");
        List<Distribution.Receiver> receivers = new ArrayList<>();
        Distribution.PullReader reader = null;
        ServiceProcess service = ServiceProcess.start(options.serviceJar(), options.benchmarkJar(), dir, issuer(),
                work.resolve("logs").resolve("service-distribution.log"),
                List.of("--mdg.consumers.allow-insecure-endpoints=true"));
        try {
            Supplier<String> admin = () -> tokens.user("ada.admin");
            service.awaitReady(START_TIMEOUT, admin);
            int port = service.port();
            Supplier<String> erp = () -> tokens.client("erp");
            Sequence data = new Sequence();
            requireClean(Ingest.overHttp(port, Ingest.batchBodies(data.manufacturers(), BATCH_SIZE),
                    Sequence.MANUFACTURERS, 1, erp), "manufacturers over HTTP");
            // a longer warm-up than figure 2's: the ingest without consumers comes first, on a colder JVM than the
            // ingest with them, which would flatter the consumers' cost
            // (a warm-up only warms: what it could not submit, e.g. a batch that timed out on a busy machine, is noted)
            List<Submission> warm = data.next(Math.min(10_000, Math.max(2_000, options.submissions() / 5)));
            warnProblems(Ingest.overHttp(port, Ingest.batchBodies(warm, BATCH_SIZE), warm.size(), BATCH_CLIENTS, erp),
                    "figure 9 warm-up");

            // 1. the ingest without consumers (figure 2's submitBatch)
            List<Submission> first = data.next(options.submissions());
            List<byte[]> firstBodies = Ingest.batchBodies(first, BATCH_SIZE);
            Cpu cpuWithout = Cpu.of(service, dir);
            Ingest.Result without = Ingest.overHttp(port, firstBodies, first.size(), BATCH_CLIENTS, erp);
            warnProblems(without, "figure 9 ingest without consumers");
            String ingestSettings = String.format("%,d submissions (1 supplier : 4 items, new records) as GraphQL "
                    + "submitBatch of %d entries, %d concurrent clients, erp token (figure 2's HTTP ingest), on the "
                    + "service jar", without.submissions(), BATCH_SIZE, BATCH_CLIENTS);
            report.figure(9, "distribution: ingest without consumers", without.perSecond(), "submissions/s",
                    ingestSettings + String.format(" after %,d warm-up, before any consumer was registered; outcomes %s",
                            warm.size(), without.outcomes()), null, null);
            // the projections finish that load before the consumers are registered (readiness: caught up)
            service.awaitReady(START_TIMEOUT, admin);
            cpuWithout = cpuWithout.until(service, dir);

            // 2. three push consumers and one pull consumer
            List<EntityType> types = List.of(EntityType.SUPPLIER, EntityType.ITEM);
            for (String client : PUSH_CLIENTS) {
                Distribution.Receiver receiver = Distribution.Receiver.start(client);
                receivers.add(receiver);
                Distribution.Registered registered = Distribution.register(port, admin.get(), "bench push " + client,
                        client, types, "PUSH", receiver.url());
                if (registered.webhookSecret() == null) {
                    throw new IllegalStateException("no webhook secret answered for push consumer " + client);
                }
                receiver.secret(registered.webhookSecret());
            }
            Distribution.Registered pull = Distribution.register(port, admin.get(), "bench pull " + PULL_CLIENT,
                    PULL_CLIENT, types, "PULL", null);
            reader = new Distribution.PullReader(PULL_CLIENT, port, pull.consumerId(),
                    () -> tokens.client(PULL_CLIENT), PULL_PAGE, PULL_IDLE);
            List<Distribution.Inbox> inboxes = new ArrayList<>();
            receivers.forEach(r -> inboxes.add(r.inbox()));
            inboxes.add(reader.inbox());
            // a first batch through every consumer: the delivery workers have picked the consumers up
            Ingest.Result primed = Ingest.overHttp(port, Ingest.batchBodies(data.next(PACED_BATCH), PACED_BATCH),
                    PACED_BATCH, 1, erp);
            warnProblems(primed, "figure 9 first changes to the consumers");
            if (primed.createdCount() == 0) {
                throw new IllegalStateException("figure 9: none of the first " + PACED_BATCH + " submissions created "
                        + "a record: " + primed.firstProblem());
            }
            if (!Distribution.awaitAll(inboxes, Distribution.subjects(primed), Duration.ofMinutes(2))) {
                throw new IllegalStateException("figure 9: the first " + PACED_BATCH + " changes did not reach every "
                        + "consumer within 2 minutes; " + Distribution.deliveryStatus(port, admin.get())
                        + receiverProblems(receivers, reader));
            }

            // 3. 1,000 changes/s offered for the duration
            int count = (int) (DISTRIBUTION_RATE * options.distribution().toSeconds());
            List<Submission> paced = data.next(count);
            long pacedFrom = Distribution.nowMicros();
            Ingest.Paced offered = Ingest.paced(port, paced, PACED_BATCH, DISTRIBUTION_RATE / PACED_BATCH,
                    PACED_CONNECTIONS, erp);
            warnProblems(offered.result(), "figure 9 paced ingest");
            Set<String> pacedSubjects = Distribution.subjects(offered.result());
            boolean allArrived = Distribution.awaitAll(inboxes, pacedSubjects, Duration.ofMinutes(2));
            List<Distribution.Lag> lags = new ArrayList<>();
            for (Distribution.Inbox inbox : inboxes) {
                lags.add(Distribution.lag(inbox, pacedSubjects));
            }
            long deliveries = lags.stream().mapToLong(Distribution.Lag::deliveries).sum();
            long last = lags.stream().mapToLong(Distribution.Lag::lastMicros).max().orElse(pacedFrom);
            double deliverySeconds = Math.max(1e-3, (last - pacedFrom) / 1e6);
            boolean keptRate = offered.sentBatches() == offered.scheduledBatches();
            double changesPerSecond = offered.result().createdCount() / Math.max(1e-3, offered.sendSeconds());
            report.figure(9, "distribution: deliveries/s at 1,000 changes/s", deliveries / deliverySeconds,
                    "deliveries/s", String.format("%,.0f new records/s scheduled for %d s as submitBatch of %d "
                            + "entries (erp token, up to %d in flight, open loop): %,d of %,d batches sent in %.1f s, "
                            + "%,d records created (%,.0f changes/s), outcomes %s, batch answered p99 %.0f ms after "
                            + "its scheduled time; deliveries of these records to the 4 consumers (%s) from the first "
                            + "send until the last arrived (%.1f s): %s; consumers registered for SUPPLIER and ITEM "
                            + "without initial load; push %s; pull: changes(first: %d) with the inventory client's "
                            + "token from the cursor, next page at once while hasMore, else after %d ms (%,d pages, "
                            + "%,d errors)", DISTRIBUTION_RATE, options.distribution().toSeconds(), PACED_BATCH,
                            PACED_CONNECTIONS, offered.sentBatches(), offered.scheduledBatches(),
                            offered.sendSeconds(), offered.result().createdCount(), changesPerSecond,
                            offered.result().outcomes(), offered.micros().getValueAtPercentile(99) / 1000.0,
                            String.join(", ", PUSH_CLIENTS) + ", " + PULL_CLIENT, deliverySeconds,
                            lags.stream().map(l -> String.format("%s %,d", l.consumer(), l.deliveries())).toList(),
                            pushSettings(receivers), PULL_PAGE, PULL_IDLE.toMillis(), reader.pages(),
                            reader.errors()), null, null);
            Histogram pushLag = Load.histogram();
            for (int i = 0; i < lags.size(); i++) {
                Distribution.Lag lag = lags.get(i);
                boolean isPush = i < receivers.size();
                if (isPush) {
                    pushLag.add(lag.micros());
                }
                long unverified = isPush ? receivers.get(i).unverified() : 0;
                String how = isPush
                        ? String.format("push consumer %s: %,d POSTs, every signature verified with Standard Webhooks' "
                                + "verifier (%,d did not verify)", lag.consumer(), receivers.get(i).posts(), unverified)
                        : String.format("pull consumer %s: pages of %d, idle wait %d ms (the lag includes it)",
                                lag.consumer(), PULL_PAGE, PULL_IDLE.toMillis());
                report.figure(9, String.format("distribution: %s lag p99, %s", isPush ? "push" : "pull",
                                lag.consumer()), lag.p99Ms(), "ms",
                        String.format("%s; lag = arrival here - the CloudEvent's time (the change's commit), per "
                                + "created record at %,.0f changes/s: p50 %.1f ms, max %.0f ms; %,d of %,d creations "
                                + "arrived (%,d missing), %,d deliveries of these records in all, %,d repeated",
                                how, changesPerSecond, lag.p50Ms(), lag.maxMs(), lag.arrived(), lag.expected(),
                                lag.missing(), lag.deliveries(), lag.duplicates()),
                        "<= 1 s", lag.p99Ms() <= 1_000 && lag.missing() == 0 && unverified == 0 && keptRate);
            }
            report.figure(9, "distribution: push lag p50, 3 consumers", pushLag.getValueAtPercentile(50) / 1000.0,
                    "ms", String.format("same run, the 3 push consumers' deliveries together: p99 %.1f ms, max %.0f ms",
                            pushLag.getValueAtPercentile(99) / 1000.0, pushLag.getMaxValue() / 1000.0), null, null);
            if (!keptRate) {
                report.note(String.format("Figure 9: the service did not keep up with %,.0f submissions/s: %,d of %,d "
                        + "batches were sent before sending stopped.", DISTRIBUTION_RATE, offered.sentBatches(),
                        offered.scheduledBatches()));
            }
            if (!allArrived) {
                report.note("Figure 9: not every creation reached every consumer within 2 minutes after the paced "
                        + "ingest: " + lags.stream().map(l -> l.consumer() + " " + l.missing() + " missing").toList()
                        + "; " + Distribution.deliveryStatus(port, admin.get()));
            }
            String problems = receiverProblems(receivers, reader);
            if (!problems.isEmpty()) {
                report.note("Figure 9 consumers:" + problems);
            }

            // 4. the same ingest as in 1 while the 4 consumers receive it
            List<Submission> second = data.next(options.submissions());
            List<byte[]> secondBodies = Ingest.batchBodies(second, BATCH_SIZE);
            Cpu cpuWith = Cpu.of(service, dir);
            long withFrom = Distribution.nowMicros();
            Ingest.Result with = Ingest.overHttp(port, secondBodies, second.size(), BATCH_CLIENTS, erp);
            warnProblems(with, "figure 9 ingest with consumers");
            long ingestedAt = Distribution.nowMicros();
            Set<String> withSubjects = Distribution.subjects(with);
            boolean drained = Distribution.awaitAll(inboxes, withSubjects, Duration.ofMinutes(10));
            service.awaitReady(START_TIMEOUT, admin);
            cpuWith = cpuWith.until(service, dir);
            List<Distribution.Lag> withLags = new ArrayList<>();
            for (Distribution.Inbox inbox : inboxes) {
                withLags.add(Distribution.lag(inbox, withSubjects));
            }
            long withDeliveries = withLags.stream().mapToLong(Distribution.Lag::deliveries).sum();
            long withLast = withLags.stream().mapToLong(Distribution.Lag::lastMicros).max().orElse(ingestedAt);
            report.figure(9, "distribution: ingest with 4 consumers", with.perSecond(), "submissions/s",
                    ingestSettings + String.format(" while the 4 consumers above received every change; outcomes "
                                    + "%s; the last delivery arrived %.1f s after the ingest ended (%s); %,.0f "
                                    + "deliveries/s from the first submission to the last delivery; lag p99 per "
                                    + "consumer %s", with.outcomes(), (withLast - ingestedAt) / 1e6,
                            drained ? "every creation at every consumer"
                                    : withLags.stream().map(l -> l.consumer() + " " + l.missing() + " missing")
                                            .toList() + " after 10 minutes",
                            withDeliveries / Math.max(1e-3, (withLast - withFrom) / 1e6),
                            withLags.stream().map(l -> String.format("%s %,.0f ms", l.consumer(), l.p99Ms()))
                                    .toList()), null, null);
            // what the service accepted per second: a submission that failed (e.g. TIMEOUT) is not ingested
            double withAccepted = (with.submissions() - with.problems()) / with.seconds();
            double withoutAccepted = (without.submissions() - without.problems()) / without.seconds();
            double ratio = 100 * withAccepted / withoutAccepted;
            report.figure(9, "distribution: ingest with / without consumers", ratio, "%", String.format(
                    "%,.0f vs %,.0f submissions/s accepted (created, updated or unchanged; %,d and %,d failed or "
                    + "rejected), same ingest, the first before the consumers were registered", withAccepted,
                    withoutAccepted, with.problems(), without.problems()), ">= 80 %", ratio >= 80);
            report.note(String.format("Figure 9 CPU per submission (user + system, from the ingest's start until "
                    + "the projections caught up and, with consumers, every creation arrived at every consumer): "
                    + "without consumers %s; with them %s", cpuWithout.perSubmission(without.submissions()),
                    cpuWith.perSubmission(with.submissions())));
            if (!drained) {
                report.note("Figure 9: after the ingest with consumers, not every creation arrived within 10 minutes; "
                        + Distribution.deliveryStatus(port, admin.get()));
            }
            report.note(String.format("Figure 9 service jar: peak RSS %,d MiB (VmHWM); delivery status at the end: %s",
                    service.peakRssMiB(), Distribution.deliveryStatus(port, admin.get())));
        } finally {
            if (reader != null) {
                reader.close();
            }
            receivers.forEach(Distribution.Receiver::close);
            service.close();
        }
    }

    /** CPU seconds used by the service jar, its PostgreSQL and this JVM: at a start, or between a start and an end. */
    private record Cpu(double service, double postgres, double benchmark) {

        static Cpu of(ServiceProcess service, Path dir) {
            return new Cpu(Machine.cpuTicks(service.pid(), false) / 100.0,
                    Machine.postgresCpuSeconds(dir.resolve("postgres")), Machine.jvmCpuSeconds());
        }

        Cpu until(ServiceProcess process, Path dir) {
            Cpu end = of(process, dir);
            return new Cpu(end.service - service, end.postgres - postgres, end.benchmark - benchmark);
        }

        String perSubmission(long submissions) {
            double n = Math.max(1, submissions) / 1e6;
            return String.format("service %,.0f µs, PostgreSQL %,.0f µs, benchmark (client, receivers, reader) "
                    + "%,.0f µs, together %,.0f µs", service / n, postgres / n, benchmark / n,
                    (service + postgres + benchmark) / n);
        }
    }

    private static String pushSettings(List<Distribution.Receiver> receivers) {
        return String.format("receivers: %d JDK HttpServers on loopback in the benchmark's JVM, 2 threads each, "
                + "answering 204 at once after verifying the signature; the service's push defaults "
                + "(mdg.distribution.push.*: batches of up to 100, 2 threads, poll interval 200 ms)", receivers.size());
    }

    private static String receiverProblems(List<Distribution.Receiver> receivers, Distribution.PullReader reader) {
        StringBuilder problems = new StringBuilder();
        for (Distribution.Receiver receiver : receivers) {
            if (receiver.firstProblem() != null) {
                problems.append(" ").append(receiver.inbox().name()).append(": ").append(receiver.firstProblem());
            }
        }
        if (reader != null && reader.firstProblem() != null) {
            problems.append(" ").append(reader.inbox().name()).append(": ").append(reader.firstProblem());
        }
        return problems.toString();
    }

    // ------------------------------------------------------------------------------------------- figure 10

    /** What figure 10 measured with one node count, for the ratios. */
    private record NodesRun(double ingest, double accepted, double reads, double cpuPerSubmission,
                            double postgresPerSubmission) {
    }

    /** Submissions per second the service accepted: a submission that failed (e.g. TIMEOUT) is not ingested. */
    private static double accepted(Ingest.Result result) {
        return (result.submissions() - result.problems()) / result.seconds();
    }

    /**
     * Figure 10: several nodes on one PostgreSQL, on this machine. One embedded PostgreSQL started here (with the
     * settings of the service's embedded default) is the external database of service jars started with
     * {@code mdg.postgres.url} and the same {@code MDG_EVENT_KEYS}, each with its own data directory and memory read
     * store: 1 node, then 2 nodes on a fresh PostgreSQL. With each: figure 2's submitBatch ingest spread over the
     * nodes (its batches in turn to each node, every node's share at once, the same 4 clients in all), figure 4's
     * supplier(id) closed loop spread over them (the same 32 connections in all), single writes through the first
     * node at {@value #NODES_WRITE_RATE}/s with the time until the last node shows each, and the CPU of each service
     * JVM and of PostgreSQL. On two cores the figure shows what coordination costs, not a speed-up.
     */
    private void nodes() throws Exception {
        Map<Integer, NodesRun> runs = new java.util.TreeMap<>();
        for (int count : NODE_COUNTS) {
            runs.put(count, nodesRun(count));
        }
        NodesRun one = runs.get(1);
        runs.forEach((count, run) -> {
            if (count == 1) {
                return;
            }
            report.figure(10, String.format("nodes: ingest %d nodes / 1 node", count),
                    100 * run.accepted() / one.accepted(), "%", String.format("%,.0f vs %,.0f submissions/s accepted "
                            + "(created, updated or unchanged; %,.0f vs %,.0f/s sent), the same ingest and clients, "
                            + "each on a fresh PostgreSQL; CPU per submission, service JVMs together %.3f vs %.3f ms, "
                            + "PostgreSQL %.3f vs %.3f ms", run.accepted(), one.accepted(), run.ingest(), one.ingest(),
                            run.cpuPerSubmission(), one.cpuPerSubmission(), run.postgresPerSubmission(),
                            one.postgresPerSubmission()), null, null);
            report.figure(10, String.format("nodes: reads %d nodes / 1 node", count), 100 * run.reads() / one.reads(),
                    "%", String.format("%,.0f vs %,.0f requests/s, the same closed loop and connections", run.reads(),
                            one.reads()), null, null);
        });
    }

    private NodesRun nodesRun(int count) throws Exception {
        String label = count + (count == 1 ? " node" : " nodes");
        Path dir = work.resolve("nodes-" + count);
        Path postgresDir = dir.resolve("postgres");
        System.out.println("figure 10, " + label + ": starting an embedded PostgreSQL on " + postgresDir + " ...");
        // as PostgresStorageConfiguration's embedded default (mdg.postgres.embedded.*: 128MB, 4GB)
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(postgresDir,
                EmbeddedPostgresServer.Settings.defaults().withSharedBuffers("128MB").with("max_wal_size", "4GB"));
        Long postmaster = postgres.postmasterPid().orElse(null);
        List<ServiceProcess> nodes = new ArrayList<>();
        try {
            // the nodes' own key ring, passed in their environment (a command line is visible to every user)
            Map<String, String> environment = Map.of("MDG_EVENT_KEYS", Nodes.eventKeys(),
                    "MDG_AUDIT_SIGNING_KEYS", Nodes.auditSigningKeys());
            List<String> settings = List.of("--mdg.postgres.url=" + postgres.jdbcUrl(),
                    "--mdg.postgres.user=" + postgres.user());
            Supplier<String> admin = () -> tokens.user("ada.admin");
            List<String> started = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String name = Nodes.NAMES.get(i);
                System.out.printf("figure 10, %s: starting node %s ...%n", label, name);
                ServiceProcess node = ServiceProcess.start(options.serviceJar(), options.benchmarkJar(),
                        dir.resolve("node-" + name), issuer(),
                        work.resolve("logs").resolve("service-nodes-" + count + "-" + name + ".log"), settings,
                        environment);
                nodes.add(node);
                // a later node finds the segments of the processors whose tokens the nodes share claimed by the
                // first: only its own segments count
                ServiceProcess.Ready ready = node.awaitReady(START_TIMEOUT, admin, null, i > 0);
                started.add(String.format("node %s %.1f s", name, ready.ready()));
            }
            ServiceProcess first = nodes.get(0);
            ServiceProcess last = nodes.get(nodes.size() - 1);
            String lastName = Nodes.NAMES.get(nodes.size() - 1);
            Supplier<String> erp = () -> tokens.client("erp");
            Sequence data = new Sequence();
            requireClean(Ingest.overHttp(first.port(), Ingest.batchBodies(data.manufacturers(), BATCH_SIZE),
                    Sequence.MANUFACTURERS, 1, erp), "figure 10 manufacturers");
            // figure 2's warm-up on every node (each JVM compiles its own submission path)
            int warmPerNode = Math.min(2_000, Math.max(200, options.nodesSubmissions() / 10));
            Nodes.Spread warm = Nodes.ingest(nodes, Nodes.Shares.of(data.next(warmPerNode * count), count, BATCH_SIZE),
                    BATCH_CLIENTS, erp);
            warnProblems(warm.all(), "figure 10 " + label + " warm-up");
            Nodes.awaitCaughtUp(nodes, admin, START_TIMEOUT);

            // 1. figure 2's submitBatch ingest, spread over the nodes
            List<Submission> submissions = data.next(options.nodesSubmissions());
            Nodes.Shares shares = Nodes.Shares.of(submissions, count, BATCH_SIZE);
            Nodes.Cpu ingestCpu = Nodes.Cpu.of(nodes, postgresDir);
            long ingestFrom = System.nanoTime();
            Nodes.Spread ingest = Nodes.ingest(nodes, shares, BATCH_CLIENTS, erp);
            double caughtUp = Nodes.awaitCaughtUp(nodes, admin, START_TIMEOUT);
            ingestCpu = ingestCpu.until(nodes, postgresDir);
            double ingestWindow = (System.nanoTime() - ingestFrom) / 1e9;
            Ingest.Result all = ingest.all();
            report.figure(10, "nodes: " + label + ", ingest HTTP submitBatch", all.perSecond(), "submissions/s",
                    String.format("%,d submissions (1 supplier : 4 items, new records) as GraphQL submitBatch of %d "
                            + "entries, %d concurrent clients in all (%d per node), erp token, after %,d warm-up per "
                            + "node; the batches in turn to each node, every node's share at once: %s; outcomes %s; "
                            + "%,.0f accepted/s (created, updated or unchanged); every node had handled every event, "
                            + "the store's head still for %d s, %.1f s after the last answer", all.submissions(),
                            BATCH_SIZE, BATCH_CLIENTS, Math.max(1, BATCH_CLIENTS / count), warmPerNode,
                            ingest.describe(), all.outcomes(), accepted(all), Nodes.SETTLED.toSeconds(), caughtUp),
                    null, null);
            warnProblems(all, "figure 10 " + label + " ingest");
            String cpuWindow = String.format("user + system from /proc/<pid>/stat (PostgreSQL: the postmaster with "
                    + "the backends it reaped and its live processes), from the ingest's first send until every node "
                    + "had handled every event (%.1f s)", ingestWindow);
            report.figure(10, "nodes: " + label + ", CPU per submission, service JVMs", ingestCpu.nodesMsPer(
                    all.submissions()), "ms", String.format("%s; %s; cores busy on average: %s", cpuWindow,
                    ingestCpu.perUnit(all.submissions(), "submission"), ingestCpu.coresOver(ingestWindow)), null, null);
            report.figure(10, "nodes: " + label + ", CPU per submission, PostgreSQL",
                    ingestCpu.postgresMsPer(all.submissions()), "ms", "same window", null, null);

            // 2. figure 4's supplier(id) closed loop, spread over the nodes
            List<String> suppliers = all.created().get(EntityType.SUPPLIER);
            if (suppliers.isEmpty()) {
                throw new IllegalStateException("figure 10: the ingest created no supplier to read: " + all.outcomes());
            }
            String analyst = tokens.user("andy.analyst");
            String supplierQuery = "query Q($id: ID!) { supplier(id: $id) { id version status legalName taxId duns "
                    + "gln orderingAddress { line1 city region postalCode country } screeningStatus } }";
            int readable = Math.min(1_000, suppliers.size());
            List<List<byte[]>> requests = new ArrayList<>();
            for (ServiceProcess node : nodes) {
                awaitVisible(node.port(), analyst, suppliers.get(suppliers.size() - 1));
                List<byte[]> own = new ArrayList<>();
                for (int i = 0; i < readable; i++) {
                    own.add(HttpConnection.request("POST", "127.0.0.1", node.port(), "/graphql", analyst,
                            "application/json", json(Map.of("query", supplierQuery,
                                    "variables", Map.of("id", suppliers.get(i))))));
                }
                requests.add(own);
            }
            java.util.function.IntFunction<Load.Requests> byNode = i -> n -> requests.get(i).get(
                    (int) (n % requests.get(i).size()));
            // as long as figure 4's JIT warm-up of supplier(id) (two turns of twice the read warm-up)
            Duration readWarmup = options.readWarmup().multipliedBy(4);
            Nodes.closedLoops(nodes, READ_CONNECTIONS, readWarmup, byNode);
            Nodes.Cpu readCpu = Nodes.Cpu.of(nodes, postgresDir);
            Nodes.Reads reads = Nodes.closedLoops(nodes, READ_CONNECTIONS, options.reads(), byNode);
            readCpu = readCpu.until(nodes, postgresDir);
            Load.Result read = reads.all();
            report.figure(10, "nodes: " + label + ", reads supplier(id) closed loop", read.perSecond(), "requests/s",
                    String.format("figure 4's supplier(id), %d connections in all (%d per node), %,d suppliers in "
                            + "turn, analyst token, %d s after %d s of warm-up: %s; p50 %.2f ms, p99 %.2f ms, max "
                            + "%.1f ms, %,d errors", READ_CONNECTIONS, Math.max(1, READ_CONNECTIONS / count), readable,
                            options.reads().toSeconds(), readWarmup.toSeconds(), reads.describe(), read.p50Ms(),
                            read.p99Ms(), read.maxMs(), read.errors()), null, null);
            warnErrors(read, "figure 10 " + label + " supplier(id)");
            report.figure(10, "nodes: " + label + ", CPU per read, service JVMs", readCpu.nodesMsPer(read.requests()),
                    "ms", String.format("user + system during the measured %d s; %s; cores busy on average: %s",
                            options.reads().toSeconds(), readCpu.perUnit(read.requests(), "read"),
                            readCpu.coresOver(options.reads().toNanos() / 1e9)), null, null);

            // 3. single writes through the first node, read on the last
            int writes = (int) (NODES_WRITE_RATE * options.nodesWrites().toSeconds());
            Nodes.Freshness f = Nodes.freshness(first.port(), last.port(), data.nextSuppliers(writes),
                    NODES_WRITE_RATE, erp, () -> tokens.user("andy.analyst"), NODES_READ_WAIT);
            String path = "A to " + lastName;
            String writeSettings = String.format("%,.0f new suppliers/s as single submitSupplier through node A for "
                            + "%d s (open loop, %d threads, erp token): %,d of %,d sent in %.1f s, %,d created, %,d "
                            + "failed; read on node %s (analyst token)", NODES_WRITE_RATE,
                    options.nodesWrites().toSeconds(), Nodes.FRESHNESS_THREADS, f.sent(), f.scheduled(),
                    f.sendSeconds(), f.written(), f.failedWrites(), lastName);
            report.figure(10, "nodes: " + label + ", freshness " + path + " p50 (polled)",
                    f.polled().getValueAtPercentile(50) / 1000.0, "ms", String.format("%s; every other write: "
                            + "supplier(id) polled on node %s (every %d µs plus the round trip, %.2f ms on average) "
                            + "until it showed the version the write's consistencyToken names, timed from the write's "
                            + "answer to that poll's answer: %,d shown (%,d by the first poll), max %.1f ms, %,d not "
                            + "shown within %d s", writeSettings, lastName, Nodes.POLL_PAUSE_MICROS, f.pollMillis(),
                            f.polled().getTotalCount(), f.shownAtFirstPoll(), f.polled().getMaxValue() / 1000.0,
                            f.notSeen(), NODES_READ_WAIT.toSeconds()), null, null);
            report.figure(10, "nodes: " + label + ", freshness " + path + " p99 (polled)",
                    f.polled().getValueAtPercentile(99) / 1000.0, "ms", "same run", null, null);
            report.figure(10, "nodes: " + label + ", read with consistencyToken on " + lastName + " p50",
                    f.tokenRead().getValueAtPercentile(50) / 1000.0, "ms", String.format("same writes, the others: "
                            + "one supplier(id, consistencyToken) on node %s right after the write's answer, timed "
                            + "from that answer to the read's answer with the version (the node polls its read view "
                            + "every 100 ms until it shows it): %,d answered, max %.1f ms, %,d failed",
                            lastName, f.tokenRead().getTotalCount(), f.tokenRead().getMaxValue() / 1000.0,
                            f.tokenFailed()), null, null);
            report.figure(10, "nodes: " + label + ", read with consistencyToken on " + lastName + " p99",
                    f.tokenRead().getValueAtPercentile(99) / 1000.0, "ms", "same run", null, null);
            if (f.firstProblem() != null) {
                report.note(String.format("Figure 10, %s, writes through A read on %s: %,d writes failed, %,d not "
                        + "shown, %,d reads with a token failed; first problem: %s", label, lastName, f.failedWrites(),
                        f.notSeen(), f.tokenFailed(), f.firstProblem()));
            }
            if (f.sent() < f.scheduled()) {
                report.note(String.format("Figure 10, %s: node A did not keep up with %,.0f single writes/s: %,d of "
                        + "%,d were sent.", label, NODES_WRITE_RATE, f.sent(), f.scheduled()));
            }

            // what the nodes cost while nobody sends them anything, at the end (after the warm-up the JIT compilers
            // and autovacuum were still busy)
            Nodes.awaitCaughtUp(nodes, admin, START_TIMEOUT);
            Nodes.Cpu idle = Nodes.Cpu.of(nodes, postgresDir);
            Thread.sleep(NODES_IDLE.toMillis());
            idle = idle.until(nodes, postgresDir);
            List<String> each = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                each.add(String.format("node %s: peak RSS %,d MiB, log %s: %s", Nodes.NAMES.get(i),
                        nodes.get(i).peakRssMiB(), nodes.get(i).log().getFileName(),
                        Nodes.logProblems(nodes.get(i).log())));
            }
            report.note(String.format("Figure 10, %s: ready after launch %s; projection segments held at the end "
                    + "(readiness): %s; CPU while nobody sent anything, %d s at the end (cores busy): %s; %s", label,
                    String.join(", ", started), Nodes.segments(nodes, admin), NODES_IDLE.toSeconds(),
                    idle.coresOver(NODES_IDLE.toNanos() / 1e9), String.join("; ", each)));
            return new NodesRun(all.perSecond(), accepted(all), read.perSecond(), ingestCpu.nodesMsPer(all.submissions()),
                    ingestCpu.postgresMsPer(all.submissions()));
        } finally {
            for (ServiceProcess node : nodes) {
                node.close();
            }
            stopPostgres(postgres, postmaster);
        }
    }

    /**
     * Stops figure 10's PostgreSQL (fast shutdown), then by its postmaster's process id if it still runs 30 s later
     * (SIGTERM, then SIGKILL after 30 s more). A postmaster that exited stays a zombie until init reaps it.
     */
    private static void stopPostgres(EmbeddedPostgresServer postgres, Long postmaster) {
        try {
            postgres.close();
        } finally {
            if (postmaster != null && !Machine.exits(postmaster, Duration.ofSeconds(30))) {
                ProcessHandle.of(postmaster).ifPresent(process -> {
                    System.out.println("figure 10: PostgreSQL (pid " + postmaster + ") still runs; stopping it");
                    process.destroy();
                    if (!Machine.exits(postmaster, Duration.ofSeconds(30))) {
                        process.destroyForcibly();
                    }
                });
            }
        }
    }

    // ------------------------------------------------------------------------------------------- figure 7

    private void growth() throws Exception {
        Path dir = work.resolve("growth");
        Sequence data = new Sequence();
        Seed seed = new Seed();
        int measured = options.growthSubmissions();
        boolean first = true;
        Map<Long, double[]> rates = new java.util.TreeMap<>(); // events -> {ingest, rebuild}
        for (long target : options.growthEvents()) {
            System.out.printf("growth: filling the store to %,d events ...%n", target);
            long eventsFrom;
            long eventsTo;
            long seeded = 0;
            double seedSeconds = 0;
            double catchUpSeconds = 0;
            long peakHeap;
            long storeBytes;
            double startupRebuild;
            Ingest.Result result;
            try (InProcessService service = InProcessService.start(dir, issuer(), work.resolve("logs").resolve("service-in-process.log"))) {
                startupRebuild = service.awaitCaughtUp(START_TIMEOUT);
                CommandGateway commands = service.bean(CommandGateway.class);
                if (first) {
                    requireClean(Ingest.inProcess(commands, data.manufacturers(), options.clients()), "manufacturers");
                    first = false;
                }
                // grow the store in bulk to just below the target, then time submissions through the command side
                long missing = target - measured - service.storedEvents();
                if (missing > 0) {
                    seedSeconds = seed.suppliers(service, missing);
                    seeded = missing;
                    catchUpSeconds = seedSeconds + service.awaitPosition(service.storedEvents(), CATCH_UP_TIMEOUT);
                }
                InProcessService.resetPeakHeap();
                eventsFrom = service.storedEvents();
                result = Ingest.inProcess(commands, data.next(measured), options.clients());
                warnProblems(result, "figure 7 ingest");
                eventsTo = service.storedEvents();
                peakHeap = InProcessService.peakHeapMiB();
                storeBytes = service.storeBytes();
            }
            report.figure(7, String.format("growth %,d events: ingest in-process", target), result.perSecond(),
                    "submissions/s", String.format("%,d submissions from %d sending threads on a store of %,d events "
                            + "(to %,d); the store was grown first by publishing %,d supplier registrations to the "
                            + "service's event store, %,d per transaction (%,.0f events/s; not through the command "
                            + "side, whose lookup tables do not know them), all of which the "
                            + "projections had handled %.1f s after the first append (%,.0f events/s, in process, "
                            + "sharing the cores with the appending); in-process peak heap %,d MiB "
                            + "(benchmark and service share the JVM); the start before it rebuilt the read store in "
                            + "%.1f s; PostgreSQL folder %,.0f MiB on disk after it", result.submissions(),
                            options.clients(), eventsFrom, eventsTo, seeded, Seed.PER_TRANSACTION,
                            seeded / Math.max(seedSeconds, 1e-9), catchUpSeconds,
                            seeded / Math.max(catchUpSeconds, 1e-9), peakHeap, startupRebuild,
                            storeBytes / 1024.0 / 1024.0), null, null);
            List<String> created = result.created().get(EntityType.SUPPLIER);
            String probe = created.isEmpty() ? null : created.get(created.size() - 1);
            Restart restart = rebuild(dir, 7, String.format("growth %,d events: rebuild", target), probe);
            long memory = restart.serviceRssMiB() + Math.max(0, restart.postgresPssMiB());
            boolean atTargetSize = target >= 1_000_000;
            report.figure(7, String.format("growth %,d events: resident memory, service + PostgreSQL", target),
                    memory / 1024.0, "GiB", String.format("the restarted service jar's peak RSS %,d MiB (VmHWM, JVM "
                            + "flags %s) plus its embedded PostgreSQL's %,d MiB (PSS of the postmaster and its "
                            + "children, /proc/<pid>/smaps_rollup, largest sample; shared_buffers %s), from launch "
                            + "through the rebuild to the queries after it", restart.serviceRssMiB(),
                            ServiceProcess.javaOptions().isEmpty() ? "default"
                                    : String.join(" ", ServiceProcess.javaOptions()),
                            restart.postgresPssMiB(), restart.sharedBuffers()),
                    atTargetSize ? "<= 2 GiB at 1M events" : null,
                    atTargetSize ? memory <= 2048 && restart.postgresPssMiB() >= 0 : null);
            if (probe != null) {
                report.figure(7, String.format("growth %,d events: first answer after a restart", target),
                        restart.ready().firstAnswer(), "s", String.format("from launching the service jar on the "
                                + "store until supplier(id) first answered with the supplier submitted last "
                                + "(the read store rebuilt up to it; polled every 100 ms); ready %.1f s; then, once: "
                                + "%s", restart.ready().ready(), restart.answers()), null, null);
            }
            rates.put(target, new double[] {result.perSecond(), restart.rate()});
        }
        double[] base = rates.get(100_000L);
        if (base != null) {
            rates.forEach((events, rate) -> {
                if (events > 100_000L) {
                    double ingest = 100 * rate[0] / base[0];
                    double rebuilt = 100 * rate[1] / base[1];
                    report.figure(7, String.format("growth %,d events: ingest / at 100,000", events), ingest, "%",
                            String.format("%,.0f vs %,.0f submissions/s", rate[0], base[0]), ">= 80 %",
                            ingest >= 80);
                    report.figure(7, String.format("growth %,d events: rebuild / at 100,000", events), rebuilt, "%",
                            String.format("%,.0f vs %,.0f events/s", rate[1], base[1]), ">= 80 %",
                            Double.isNaN(rebuilt) ? null : rebuilt >= 80);
                }
            });
        }
    }

    // ------------------------------------------------------------------------------------------- helpers

    private static void requireClean(Ingest.Result result, String what) {
        if (result.problems() > 0) {
            throw new IllegalStateException(what + ": " + result.problems() + " submissions failed or were rejected ("
                    + result.outcomes() + "), e.g. " + result.firstProblem());
        }
    }

    private void warnProblems(Ingest.Result result, String what) {
        if (result.problems() > 0) {
            report.note(what + ": " + result.problems() + " of " + result.submissions()
                    + " submissions failed or were rejected, e.g. " + result.firstProblem());
        }
    }

    private void warnErrors(Load.Result result, String what) {
        if (result.errors() > 0) {
            report.note(what + ": " + result.errors() + " of " + result.requests() + " requests failed, e.g. "
                    + result.firstError());
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
