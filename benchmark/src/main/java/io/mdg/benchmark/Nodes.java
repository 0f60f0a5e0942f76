package io.mdg.benchmark;

import static io.mdg.demo.data.DemoNetwork.JSON;
import static io.mdg.demo.data.DemoNetwork.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;

import com.fasterxml.jackson.databind.JsonNode;

import io.mdg.api.EntityType;
import io.mdg.demo.data.DemoNetwork.Submission;

/**
 * Figure 10's pieces: several service jars (nodes) on one PostgreSQL. The ingest and the read loop spread over the
 * nodes (each node its share at once), whether every node has caught up with the shared event store, the time from a
 * write's answer on one node until another node shows it, and the CPU the nodes and PostgreSQL used for it, from
 * /proc.
 */
final class Nodes {

    /** Names of the nodes in the order they are started: the first is the one the freshness loop writes to. */
    static final List<String> NAMES = List.of("A", "B", "C", "D");

    private Nodes() {
    }

    /**
     * A key ring for the nodes of one run (the same {@code MDG_EVENT_KEYS} on every node, as a node on an external
     * PostgreSQL requires): {@code k1:} and 32 random bytes in base64.
     */
    static String eventKeys() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return "k1:" + Base64.getEncoder().encodeToString(key);
    }

    /**
     * The audit checkpoints' signing key for the nodes of one run (the same {@code MDG_AUDIT_SIGNING_KEYS} on every
     * node, as a node on an external PostgreSQL requires): {@code a1:} and a 32-byte Ed25519 seed in base64.
     */
    static String auditSigningKeys() {
        byte[] seed = new byte[32];
        new java.security.SecureRandom().nextBytes(seed);
        return "a1:" + Base64.getEncoder().encodeToString(seed);
    }

    // ------------------------------------------------------------------------------------------- CPU

    /**
     * CPU seconds (user + system) of each node's JVM, of PostgreSQL (all its processes) and of this JVM, and how
     * long the whole machine was busy (all cores).
     */
    record Cpu(double[] nodes, double postgres, double benchmark, double machine) {

        static Cpu of(List<ServiceProcess> nodes, Path postgresDir) {
            double[] each = new double[nodes.size()];
            for (int i = 0; i < each.length; i++) {
                each[i] = Machine.cpuTicks(nodes.get(i).pid(), false) / 100.0;
            }
            return new Cpu(each, Machine.postgresCpuSeconds(postgresDir), Machine.jvmCpuSeconds(),
                    Machine.machineBusySeconds());
        }

        /** What was used from this sample until now. */
        Cpu until(List<ServiceProcess> processes, Path postgresDir) {
            Cpu end = of(processes, postgresDir);
            double[] each = new double[nodes.length];
            for (int i = 0; i < each.length; i++) {
                each[i] = end.nodes[i] - nodes[i];
            }
            return new Cpu(each, end.postgres - postgres, end.benchmark - benchmark, end.machine - machine);
        }

        double nodesTotal() {
            double sum = 0;
            for (double n : nodes) {
                sum += n;
            }
            return sum;
        }

        /** Milliseconds of CPU per unit of work ({@code count} of them) of the nodes together. */
        double nodesMsPer(long count) {
            return 1000 * nodesTotal() / Math.max(1, count);
        }

        double postgresMsPer(long count) {
            return 1000 * postgres / Math.max(1, count);
        }

        /** Each node's, PostgreSQL's and the benchmark's CPU per unit, e.g. "node A 0.21 ms, ..., PostgreSQL ...". */
        String perUnit(long count, String unit) {
            double n = Math.max(1, count) / 1000.0;
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < nodes.length; i++) {
                parts.add(String.format("node %s %.3f ms", NAMES.get(i), nodes[i] / n));
            }
            if (nodes.length > 1) {
                parts.add(String.format("nodes together %.3f ms", nodesTotal() / n));
            }
            parts.add(String.format("PostgreSQL %.3f ms", postgres / n));
            parts.add(String.format("benchmark JVM (clients) %.3f ms", benchmark / n));
            return "CPU per " + unit + ": " + String.join(", ", parts);
        }

        /**
         * CPU seconds per second of wall time (1.0 = one core busy): each node's, PostgreSQL's, this JVM's, and the
         * rest of the machine's (other programs: Keycloak, and whatever else shares the machine).
         */
        String coresOver(double seconds) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < nodes.length; i++) {
                parts.add(String.format("node %s %.2f", NAMES.get(i), nodes[i] / seconds));
            }
            parts.add(String.format("PostgreSQL %.2f", postgres / seconds));
            parts.add(String.format("benchmark JVM %.2f", benchmark / seconds));
            parts.add(String.format("everything else on the machine %.2f (of %d cores)",
                    Math.max(0, machine - nodesTotal() - postgres - benchmark) / seconds,
                    Runtime.getRuntime().availableProcessors()));
            return String.join(", ", parts);
        }
    }

    // ------------------------------------------------------------------------------------------- ingest

    /** The submitBatch bodies of each node's share: the batches in turn to each node. */
    record Shares(List<List<byte[]>> bodies, List<Integer> submissions) {

        static Shares of(List<Submission> submissions, int nodes, int batchSize) {
            List<List<Submission>> parts = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                parts.add(new ArrayList<>());
            }
            for (int from = 0, k = 0; from < submissions.size(); from += batchSize, k++) {
                parts.get(k % nodes).addAll(submissions.subList(from, Math.min(submissions.size(), from + batchSize)));
            }
            return new Shares(parts.stream().map(p -> Ingest.batchBodies(p, batchSize)).toList(),
                    parts.stream().map(List::size).toList());
        }
    }

    /** An ingest spread over the nodes: all of it (seconds from the first send to the last answer) and each share. */
    record Spread(Ingest.Result all, List<Ingest.Result> perNode) {

        /** Each node's share and rate, e.g. "node A 50,000 at 1,234/s". */
        String describe() {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < perNode.size(); i++) {
                parts.add(String.format("node %s %,d in %.1f s (%,.0f/s)", NAMES.get(i), perNode.get(i).submissions(),
                        perNode.get(i).seconds(), perNode.get(i).perSecond()));
            }
            return String.join(", ", parts);
        }
    }

    /**
     * Sends each node its share at once, {@code clients / nodes} connections per node (closed loop, as
     * {@link Ingest#overHttp}), and answers the whole as one result over the wall time of all shares.
     */
    static Spread ingest(List<ServiceProcess> nodes, Shares shares, int clients, Supplier<String> token)
            throws InterruptedException {
        int n = nodes.size();
        int perNode = Math.max(1, clients / n);
        List<Ingest.Result> results = Collections.synchronizedList(new ArrayList<>(Collections.nCopies(n, null)));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            int node = i;
            Thread thread = new Thread(() -> {
                try {
                    results.set(node, Ingest.overHttp(nodes.get(node).port(), shares.bodies().get(node),
                            shares.submissions().get(node), perNode, token));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure.compareAndSet(null, e);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }, "nodes-ingest-" + NAMES.get(i));
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException("the ingest spread over the nodes failed", failure.get());
        }
        int submissions = 0;
        Map<String, Long> outcomes = new TreeMap<>();
        Map<EntityType, List<String>> created = new EnumMap<>(EntityType.class);
        for (EntityType type : EntityType.values()) {
            created.put(type, new ArrayList<>());
        }
        String problem = null;
        for (Ingest.Result result : results) {
            submissions += result.submissions();
            result.outcomes().forEach((k, v) -> outcomes.merge(k, v, Long::sum));
            result.created().forEach((type, ids) -> created.get(type).addAll(ids));
            problem = problem != null ? problem : result.firstProblem();
        }
        return new Spread(new Ingest.Result(submissions, seconds, outcomes, created, problem), List.copyOf(results));
    }

    // ------------------------------------------------------------------------------------------- reads

    /** A closed loop spread over the nodes: all of it and each node's part. */
    record Reads(Load.Result all, List<Load.Result> perNode) {

        String describe() {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < perNode.size(); i++) {
                parts.add(String.format("node %s %,.0f/s", NAMES.get(i), perNode.get(i).perSecond()));
            }
            return String.join(", ", parts);
        }
    }

    /**
     * {@code connections / nodes} connections to each node at once, each sending back to back for the duration
     * ({@link Load#closedLoop}, no warm-up); the whole as one result (requests of every node over the duration).
     */
    static Reads closedLoops(List<ServiceProcess> nodes, int connections, Duration duration,
                             IntFunction<Load.Requests> requests) throws InterruptedException {
        int n = nodes.size();
        List<Load.Result> results = Collections.synchronizedList(new ArrayList<>(Collections.nCopies(n, null)));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int node = i;
            Thread thread = new Thread(() -> {
                try {
                    results.set(node, Load.closedLoop(nodes.get(node).port(), Math.max(1, connections / n),
                            Duration.ZERO, duration, requests.apply(node), Load.Check.graphQl()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure.compareAndSet(null, e);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }, "nodes-reads-" + NAMES.get(i));
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the read loop spread over the nodes failed", failure.get());
        }
        Histogram all = Load.histogram();
        long count = 0;
        long errors = 0;
        String firstError = null;
        for (Load.Result result : results) {
            all.add(result.micros());
            count += result.requests();
            errors += result.errors();
            firstError = firstError != null ? firstError : result.firstError();
        }
        return new Reads(new Load.Result(count, errors, duration.toNanos() / 1e9, all, firstError),
                List.copyOf(results));
    }

    // ------------------------------------------------------------------------------------------- caught up

    /** How long the event store's head must stay where it is before the nodes count as caught up. */
    static final Duration SETTLED = Duration.ofSeconds(2);

    /**
     * Waits until every node has handled every event in the shared store: each node's readiness is UP and each of
     * its projections that holds segments on it (the golden records on every node, their tokens in memory; the
     * processors whose tokens the nodes share on whichever node claimed them) is at the event store's head, and each
     * projection is held by some node, and the head has not moved for {@link #SETTLED} (a submission whose answer
     * timed out at the edge may still be decided after it). The projections' {@code caughtUp} flag is not enough:
     * once a processor has caught up it stays set while it falls behind again. Answers the seconds it waited.
     */
    static double awaitCaughtUp(List<ServiceProcess> nodes, Supplier<String> adminToken, Duration timeout)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        List<String> last = new ArrayList<>();
        long lastHead = -1;
        long headSince = start;
        while (System.nanoTime() < deadline) {
            last.clear();
            boolean done = true;
            long maxHead = -1;
            Set<String> held = new TreeSet<>();
            Set<String> named = new TreeSet<>();
            for (int i = 0; i < nodes.size(); i++) {
                JsonNode health = nodes.get(i).readiness(adminToken.get());
                last.add("node " + NAMES.get(i) + ": " + (health == null ? "no answer" : health.toString()));
                if (health == null || !"UP".equals(health.path("status").asText())) {
                    done = false;
                    continue;
                }
                long head = health.path("components").path("eventStore").path("details").path("head").asLong(-1);
                maxHead = Math.max(maxHead, head);
                JsonNode processors = health.path("components").path("projections").path("details");
                Map<String, JsonNode> byName = new LinkedHashMap<>();
                processors.fields().forEachRemaining(e -> byName.put(e.getKey(), e.getValue()));
                for (Map.Entry<String, JsonNode> processor : byName.entrySet()) {
                    named.add(processor.getKey());
                    if (processor.getValue().path("segments").asInt(0) == 0) {
                        continue;
                    }
                    held.add(processor.getKey());
                    done &= head >= 0 && processor.getValue().path("position").asLong(-1) >= head;
                }
            }
            if (maxHead != lastHead) {
                lastHead = maxHead;
                headSince = System.nanoTime();
            }
            boolean settled = System.nanoTime() - headSince >= SETTLED.toNanos();
            if (done && settled && held.containsAll(named) && !named.isEmpty()) {
                return (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the nodes did not catch up with the event store within " + timeout + "; "
                + "readiness: " + String.join("; ", last));
    }

    /**
     * Which node holds how many segments of each projection, from the readiness details, e.g.
     * "node A: golden-records 2, audit-trail 2; node B: golden-records 2, audit-trail 0".
     */
    static String segments(List<ServiceProcess> nodes, Supplier<String> adminToken) throws InterruptedException {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode health = nodes.get(i).readiness(adminToken.get());
            List<String> each = new ArrayList<>();
            if (health != null) {
                health.path("components").path("projections").path("details").fields().forEachRemaining(e ->
                        each.add(e.getKey() + " " + e.getValue().path("segments").asInt(-1)));
            }
            parts.add("node " + NAMES.get(i) + ": " + (health == null ? "no answer" : String.join(", ", each)));
        }
        return String.join("; ", parts);
    }

    /**
     * The ERROR and WARN lines of a node's log: how many, and the most frequent kinds (the logger and the start of
     * the message, ids blanked), e.g. "0 ERROR; 981 WARN: 980 x o.a.m.command.AbstractRepository: The active ...".
     */
    static String logProblems(Path log) {
        List<String> lines;
        try (Stream<String> all = Files.lines(log, StandardCharsets.UTF_8)) {
            lines = all.filter(l -> l.contains(" ERROR ") || l.contains(" WARN ")).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return "log not readable: " + e;
        }
        List<String> parts = new ArrayList<>();
        for (String level : List.of("ERROR", "WARN")) {
            Map<String, Long> kinds = new TreeMap<>();
            lines.stream().filter(l -> l.contains(" " + level + " ")).forEach(l -> kinds.merge(kind(l), 1L, Long::sum));
            long total = kinds.values().stream().mapToLong(Long::longValue).sum();
            List<String> top = kinds.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
                    .map(e -> e.getValue() + " x " + e.getKey()).toList();
            parts.add(total + " " + level + (top.isEmpty() ? "" : ": " + String.join("; ", top)));
        }
        return String.join("; ", parts);
    }

    /** A log line without its time, process and thread, ids and numbers blanked, cut to 120 characters. */
    private static String kind(String line) {
        int thread = line.indexOf("] ", line.indexOf("] ") + 2);
        String rest = (thread > 0 ? line.substring(thread + 2) : line).trim()
                .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>")
                .replaceAll("\\d+", "<n>").replaceAll("\\s+", " ");
        return rest.length() <= 120 ? rest : rest.substring(0, 120) + "...";
    }

    private static String shorten(String line) {
        return line.length() <= 300 ? line : line.substring(0, 300) + "...";
    }

    // ------------------------------------------------------------------------------------------- freshness

    /**
     * Cross-node freshness: latencies (µs) from a write's answer on the writing node until the reading node showed
     * it, by polling ({@code polled}, every other submission) and by one read with the answer's consistency token
     * ({@code tokenRead}, the others: how long that read took); what was sent and what failed.
     */
    record Freshness(Histogram polled, Histogram tokenRead, int scheduled, int sent, long written, long failedWrites,
                     long notSeen, long tokenFailed, double sendSeconds, double pollMillis, long shownAtFirstPoll,
                     String firstProblem) {
    }

    private static final String SUBMIT = "mutation S($input: SupplierSubmissionInput!) { submitSupplier(input: $input) "
            + "{ outcome goldenId consistencyToken errors { field code } } }";
    private static final String READ = "query Q($id: ID!) { supplier(id: $id) { id version } }";
    private static final String READ_WITH_TOKEN = "query Q($id: ID!, $token: String) "
            + "{ supplier(id: $id, consistencyToken: $token) { id version } }";
    /** Pause between two polls of the reading node, beside the poll's own round trip. */
    static final long POLL_PAUSE_MICROS = 1_000;
    /** Threads that write and then read (each its own connections to both nodes). */
    static final int FRESHNESS_THREADS = 16;

    /**
     * Writes new suppliers through {@code writerPort} one per request at {@code rate} per second (open loop, sent by
     * a pool of {@value #FRESHNESS_THREADS} threads; not sent any more after 125 % of the window) and after each
     * answer reads the supplier on {@code readerPort}: every even submission is polled without a token (every
     * {@value #POLL_PAUSE_MICROS} µs plus the round trip) until the answer shows the version the write answered, at
     * most {@code maxWait}; every odd one is read once with the answer's {@code consistencyToken}, which the node
     * answers once it shows that version.
     */
    static Freshness freshness(int writerPort, int readerPort, List<Submission> suppliers, double rate,
                               Supplier<String> writeToken, Supplier<String> readToken, Duration maxWait)
            throws InterruptedException {
        Histogram polled = Load.histogram();
        Histogram tokenRead = Load.histogram();
        AtomicLong written = new AtomicLong();
        AtomicLong failedWrites = new AtomicLong();
        AtomicLong notSeen = new AtomicLong();
        AtomicLong tokenFailed = new AtomicLong();
        AtomicLong polls = new AtomicLong();
        AtomicLong pollNanos = new AtomicLong();
        AtomicLong shownAtFirstPoll = new AtomicLong();
        AtomicReference<String> problem = new AtomicReference<>();
        List<HttpConnection> connections = Collections.synchronizedList(new ArrayList<>());
        ThreadLocal<HttpConnection[]> own = ThreadLocal.withInitial(() -> {
            HttpConnection[] pair = {new HttpConnection("127.0.0.1", writerPort),
                    new HttpConnection("127.0.0.1", readerPort)};
            connections.addAll(List.of(pair));
            return pair;
        });
        ExecutorService pool = Executors.newFixedThreadPool(FRESHNESS_THREADS, r -> {
            Thread thread = new Thread(r, "nodes-freshness");
            thread.setDaemon(true);
            return thread;
        });
        double interval = 1e9 / rate;
        long start = System.nanoTime() + 10_000_000L;
        long stopSending = start + (long) (suppliers.size() * interval * 1.25);
        int sent = 0;
        long lastSent = start;
        for (int k = 0; k < suppliers.size(); k++) {
            if (System.nanoTime() > stopSending) {
                break;
            }
            long scheduled = start + (long) (k * interval);
            long wait;
            while ((wait = scheduled - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            sent++;
            lastSent = System.nanoTime();
            Submission submission = suppliers.get(k);
            boolean poll = k % 2 == 0;
            pool.execute(() -> {
                HttpConnection[] pair = own.get();
                boolean wrote = false;
                try {
                    HttpConnection.Response response = pair[0].send(HttpConnection.request("POST", "127.0.0.1",
                            writerPort, "/graphql", writeToken.get(), "application/json",
                            json(Map.of("query", SUBMIT, "variables", Map.of("input", submission.input())))));
                    long answered = System.nanoTime();
                    JsonNode result = response.status() == 200
                            ? JSON.readTree(response.body()).path("data").path("submitSupplier") : null;
                    String id = result == null ? null : result.path("goldenId").asText(null);
                    String token = result == null ? null : result.path("consistencyToken").asText(null);
                    if (result == null || !"CREATED".equals(result.path("outcome").asText()) || id == null
                            || token == null) {
                        failedWrites.incrementAndGet();
                        problem.compareAndSet(null, "write: HTTP " + response.status() + " " + shorten(response.text()));
                        return;
                    }
                    written.incrementAndGet();
                    wrote = true;
                    long version = tokenVersion(token);
                    if (poll) {
                        byte[] read = HttpConnection.request("POST", "127.0.0.1", readerPort, "/graphql",
                                readToken.get(), "application/json",
                                json(Map.of("query", READ, "variables", Map.of("id", id))));
                        long giveUp = answered + maxWait.toNanos();
                        for (boolean firstPoll = true; ; firstPoll = false) {
                            long t0 = System.nanoTime();
                            HttpConnection.Response answer = pair[1].send(read);
                            long now = System.nanoTime();
                            polls.incrementAndGet();
                            pollNanos.addAndGet(now - t0);
                            if (shownVersion(answer) >= version) {
                                if (firstPoll) {
                                    shownAtFirstPoll.incrementAndGet();
                                }
                                synchronized (polled) {
                                    Load.record(polled, now - answered);
                                }
                                break;
                            }
                            if (now > giveUp) {
                                notSeen.incrementAndGet();
                                problem.compareAndSet(null, "supplier " + id + " version " + version + " not shown "
                                        + "on the reading node within " + maxWait + ": " + shorten(answer.text()));
                                break;
                            }
                            LockSupport.parkNanos(POLL_PAUSE_MICROS * 1000);
                        }
                    } else {
                        HttpConnection.Response answer = pair[1].send(HttpConnection.request("POST", "127.0.0.1",
                                readerPort, "/graphql", readToken.get(), "application/json",
                                json(Map.of("query", READ_WITH_TOKEN,
                                        "variables", Map.of("id", id, "token", token)))));
                        long now = System.nanoTime();
                        if (shownVersion(answer) >= version && !answer.text().contains("\"errors\"")) {
                            synchronized (tokenRead) {
                                Load.record(tokenRead, now - answered);
                            }
                        } else {
                            tokenFailed.incrementAndGet();
                            problem.compareAndSet(null, "read with consistencyToken: HTTP " + answer.status() + " "
                                    + shorten(answer.text()));
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    (!wrote ? failedWrites : poll ? notSeen : tokenFailed).incrementAndGet();
                    problem.compareAndSet(null, (wrote ? "read: " : "write: ") + e);
                }
            });
        }
        double sendSeconds = (lastSent - start) / 1e9;
        pool.shutdown();
        if (!pool.awaitTermination(maxWait.toSeconds() + 120, TimeUnit.SECONDS)) {
            pool.shutdownNow();
            problem.compareAndSet(null, "the freshness loop did not finish in time");
        }
        connections.forEach(HttpConnection::close);
        return new Freshness(polled, tokenRead, suppliers.size(), sent, written.get(), failedWrites.get(),
                notSeen.get(), tokenFailed.get(), sendSeconds,
                polls.get() == 0 ? 0 : pollNanos.get() / 1e6 / polls.get(), shownAtFirstPoll.get(), problem.get());
    }

    /** The version a consistency token names (base64url of {@code v1:<version>:<golden id>}). */
    static long tokenVersion(String token) {
        String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        String[] parts = text.split(":", 3);
        if (parts.length < 3 || !parts[0].equals("v1")) {
            throw new IllegalArgumentException("not a consistency token of the form v1:<version>:<id>: " + text);
        }
        return Long.parseLong(parts[1]);
    }

    /** The supplier's version in a supplier(id) answer; -1 when the answer has none (not there yet, or an error). */
    private static long shownVersion(HttpConnection.Response answer) throws IOException {
        if (answer.status() != 200) {
            return -1;
        }
        return JSON.readTree(answer.body()).path("data").path("supplier").path("version").asLong(-1);
    }
}
