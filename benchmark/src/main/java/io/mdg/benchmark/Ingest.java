package io.mdg.benchmark;

import static io.mdg.demo.data.DemoNetwork.JSON;
import static io.mdg.demo.data.DemoNetwork.batchInput;
import static io.mdg.demo.data.DemoNetwork.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.HdrHistogram.Histogram;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;

import com.fasterxml.jackson.databind.JsonNode;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.record.FindRecordsQuery;
import io.mdg.api.record.RecordView;
import io.mdg.api.record.SubmitRecordCommand;
import io.mdg.api.submission.SubmissionResult;
import io.mdg.demo.data.DemoNetwork.Submission;

/**
 * Submissions into the service: in-process through the command gateway (figure 2a), over GraphQL HTTP with a real
 * source-client token as {@code submitBatch} and as single submits (figure 2b), and at a steady rate with the time
 * until each golden record is visible on the query side (figure 3).
 */
final class Ingest {

    /** How a load went: outcomes by name (CREATED, REJECTED, ..., FAILED), the golden ids created per type. */
    record Result(int submissions, double seconds, Map<String, Long> outcomes, Map<EntityType, List<String>> created,
                  String firstProblem) {

        double perSecond() {
            return submissions / seconds;
        }

        long createdCount() {
            return outcomes.getOrDefault("CREATED", 0L);
        }

        /** Submissions that did not create, update or leave a record unchanged. */
        long problems() {
            return submissions - createdCount() - outcomes.getOrDefault("UPDATED", 0L)
                    - outcomes.getOrDefault("UNCHANGED", 0L);
        }
    }

    private static final String BATCH = "mutation B($input: BatchInput!) { submitBatch(input: $input) "
            + "{ index type result { outcome goldenId errors { field code } } error { code message } } }";
    private static final String SUBMIT_SUPPLIER = "mutation S($input: SupplierSubmissionInput!) "
            + "{ submitSupplier(input: $input) { outcome goldenId errors { field code } } }";
    private static final String SUBMIT_ITEM = "mutation I($input: ItemSubmissionInput!) "
            + "{ submitItem(input: $input) { outcome goldenId errors { field code } } }";

    private Ingest() {
    }

    static SubmitRecordCommand command(Submission s) {
        return new SubmitRecordCommand(new SourceRef(s.system(), s.sourceId(), 1L), s.attributes(),
                Actor.client(clientOf(s.system())));
    }

    /** The Keycloak client of a source system: erp, sourcing, inventory, supplier-portal. */
    static String clientOf(SourceSystem system) {
        return system.name().toLowerCase().replace('_', '-');
    }

    // ------------------------------------------------------------------------------------------- in-process

    /**
     * Sends every submission through the command gateway from {@code clients} threads, each waiting for its answer
     * before the next (the embedded default's command bus handles a command in the sender's thread, so concurrency
     * takes sending threads, as the GraphQL edge's dispatch threads are).
     */
    static Result inProcess(CommandGateway commands, List<Submission> submissions, int clients)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        Map<EntityType, List<String>> created = createdByType();
        AtomicReference<String> problem = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Thread thread = new Thread(() -> {
                int i;
                while ((i = next.getAndIncrement()) < submissions.size()) {
                    Submission submission = submissions.get(i);
                    SubmissionResult result = null;
                    Throwable error = null;
                    try {
                        result = commands.sendAndWait(command(submission));
                    } catch (RuntimeException e) {
                        error = e;
                    }
                    String outcome = result == null ? "FAILED" : result.outcome().name();
                    outcomes.computeIfAbsent(outcome, o -> new LongAdder()).increment();
                    if (result != null && result.goldenId() != null && outcome.equals("CREATED")) {
                        created.get(submission.attributes().entityType()).add(result.goldenId());
                    } else if (!outcome.equals("UPDATED") && !outcome.equals("UNCHANGED")) {
                        problem.compareAndSet(null, submission.sourceId() + ": "
                                + (result == null ? String.valueOf(error) : outcome + " " + result.errors()));
                    }
                }
            }, "submit-" + c);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        joinAll(threads);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Long> counts = sums(outcomes);
        return new Result(submissions.size(), seconds, counts, created, problem.get());
    }

    private static Map<EntityType, List<String>> createdByType() {
        Map<EntityType, List<String>> created = new EnumMap<>(EntityType.class);
        for (EntityType type : EntityType.values()) {
            created.put(type, Collections.synchronizedList(new ArrayList<>()));
        }
        return created;
    }

    // ------------------------------------------------------------------------------------------- HTTP

    /** The bodies of {@code submitBatch} requests of at most {@code size} entries each. */
    static List<byte[]> batchBodies(List<Submission> submissions, int size) {
        List<byte[]> bodies = new ArrayList<>();
        for (int from = 0; from < submissions.size(); from += size) {
            List<Submission> batch = submissions.subList(from, Math.min(submissions.size(), from + size));
            bodies.add(json(Map.of("query", BATCH, "variables", Map.of("input", batchInput(batch)))));
        }
        return bodies;
    }

    /** The bodies of single {@code submitSupplier} / {@code submitItem} requests. */
    static List<byte[]> singleBodies(List<Submission> submissions) {
        List<byte[]> bodies = new ArrayList<>(submissions.size());
        for (Submission s : submissions) {
            String mutation = switch (s.attributes().entityType()) {
                case SUPPLIER -> SUBMIT_SUPPLIER;
                case ITEM -> SUBMIT_ITEM;
                default -> throw new IllegalArgumentException("only suppliers and items: " + s);
            };
            bodies.add(json(Map.of("query", mutation, "variables", Map.of("input", s.input()))));
        }
        return bodies;
    }

    /**
     * Posts every body to /graphql with {@code clients} connections (closed loop, each its own keep-alive
     * connection) and the token of the moment, and tallies the outcomes of every submission in the answers.
     */
    static Result overHttp(int port, List<byte[]> bodies, int submissions, int clients, Supplier<String> token)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        Map<EntityType, List<String>> created = createdByType();
        AtomicReference<String> problem = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Thread thread = new Thread(() -> {
                try (HttpConnection connection = new HttpConnection("127.0.0.1", port)) {
                    int i;
                    while ((i = next.getAndIncrement()) < bodies.size()) {
                        try {
                            HttpConnection.Response response = connection.send(HttpConnection.request("POST",
                                    "127.0.0.1", port, "/graphql", token.get(), "application/json", bodies.get(i)));
                            tally(response, outcomes, created, problem);
                        } catch (IOException | RuntimeException e) {
                            outcomes.computeIfAbsent("FAILED", o -> new LongAdder()).increment();
                            problem.compareAndSet(null, e.toString());
                        }
                    }
                }
            }, "ingest-" + c);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        joinAll(threads);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Long> counts = sums(outcomes);
        return new Result(submissions, seconds, counts, created, problem.get());
    }

    /**
     * An open loop of {@code submitBatch} requests of {@code perBatch} entries each, scheduled at
     * {@code batchesPerSecond}, sent by up
     * to {@code connections} keep-alive connections (each waits for its answer); a batch is sent at its scheduled time
     * or, when every connection is busy, as soon as one is free. A service that falls behind is not waited for beyond
     * a quarter of the window after its end: the batches not sent by then are not sent (compare {@code sentBatches}
     * with the bodies). Answers the outcomes and the latency of each batch from its scheduled send time.
     */
    record Paced(Result result, int scheduledBatches, int sentBatches, double sendSeconds, Histogram micros) {
    }

    static Paced paced(int port, List<Submission> submissions, int perBatch, double batchesPerSecond,
                       int connections, Supplier<String> token) throws InterruptedException {
        List<byte[]> bodies = batchBodies(submissions, perBatch);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger submitted = new AtomicInteger();
        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        Map<EntityType, List<String>> created = createdByType();
        AtomicReference<String> problem = new AtomicReference<>();
        Histogram histogram = Load.histogram();
        double interval = 1e9 / batchesPerSecond;
        long start = System.nanoTime() + 50_000_000L;
        long window = (long) (bodies.size() * interval);
        long giveUp = start + window + window / 4;
        AtomicLong lastSent = new AtomicLong(start);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Thread thread = new Thread(() -> {
                Histogram own = Load.histogram();
                try (HttpConnection connection = new HttpConnection("127.0.0.1", port)) {
                    int k;
                    while ((k = next.getAndIncrement()) < bodies.size()) {
                        long scheduled = start + (long) (k * interval);
                        if (System.nanoTime() > giveUp) {
                            break;
                        }
                        long wait;
                        while ((wait = scheduled - System.nanoTime()) > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        sent.incrementAndGet();
                        submitted.addAndGet(sizeOf(submissions, k, perBatch));
                        lastSent.accumulateAndGet(System.nanoTime(), Math::max);
                        try {
                            HttpConnection.Response response = connection.send(HttpConnection.request("POST",
                                    "127.0.0.1", port, "/graphql", token.get(), "application/json", bodies.get(k)));
                            tally(response, outcomes, created, problem);
                        } catch (IOException | RuntimeException e) {
                            outcomes.computeIfAbsent("FAILED", o -> new LongAdder()).add(sizeOf(submissions, k, perBatch));
                            problem.compareAndSet(null, e.toString());
                        }
                        Load.record(own, System.nanoTime() - scheduled);
                    }
                }
                synchronized (histogram) {
                    histogram.add(own);
                }
            }, "paced-" + c);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        joinAll(threads);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Long> counts = sums(outcomes);
        return new Paced(new Result(submitted.get(), seconds, counts, created, problem.get()), bodies.size(),
                sent.get(), (lastSent.get() - start) / 1e9, histogram);
    }

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /** The outcomes counted, by name. */
    private static Map<String, Long> sums(Map<String, LongAdder> outcomes) {
        Map<String, Long> counts = new TreeMap<>();
        outcomes.forEach((k, v) -> counts.put(k, v.sum()));
        return counts;
    }

    /** Submissions in the k-th body of {@link #batchBodies}. */
    private static int sizeOf(List<Submission> submissions, int k, int perBatch) {
        return Math.min(perBatch, submissions.size() - k * perBatch);
    }

    private static void tally(HttpConnection.Response response, Map<String, LongAdder> outcomes,
                              Map<EntityType, List<String>> created, AtomicReference<String> problem)
            throws IOException {
        JsonNode answer = JSON.readTree(response.body());
        JsonNode data = answer.path("data");
        if (response.status() != 200 || answer.has("errors") && data.isMissingNode() || data.isNull()) {
            outcomes.computeIfAbsent("FAILED", o -> new LongAdder()).increment();
            problem.compareAndSet(null, "HTTP " + response.status() + " "
                    + new String(response.body(), 0, Math.min(500, response.body().length), StandardCharsets.UTF_8));
            return;
        }
        if (data.has("submitBatch")) {
            for (JsonNode entry : data.path("submitBatch")) {
                count(entry.path("result"), EntityType.valueOf(entry.path("type").asText()), entry.path("error"),
                        outcomes, created, problem);
            }
        } else if (data.has("submitSupplier")) {
            count(data.path("submitSupplier"), EntityType.SUPPLIER, answer.path("errors"), outcomes, created, problem);
        } else {
            count(data.path("submitItem"), EntityType.ITEM, answer.path("errors"), outcomes, created, problem);
        }
    }

    private static void count(JsonNode result, EntityType type, JsonNode error, Map<String, LongAdder> outcomes,
                              Map<EntityType, List<String>> created, AtomicReference<String> problem) {
        String outcome = result.isObject() ? result.path("outcome").asText("FAILED") : "FAILED";
        outcomes.computeIfAbsent(outcome, o -> new LongAdder()).increment();
        if (outcome.equals("CREATED")) {
            created.get(type).add(result.path("goldenId").asText());
        } else if (!outcome.equals("UPDATED") && !outcome.equals("UNCHANGED")) {
            problem.compareAndSet(null, outcome + " " + (result.isObject() ? result.path("errors") : error));
        }
    }

    // ------------------------------------------------------------------------------------------- freshness

    /** Figure 3: latencies (µs) from acknowledgement to visibility, and what was sent. */
    record Freshness(Histogram micros, int scheduled, int sent, long acknowledged, long visible, long failed,
                     double sendSeconds, double pollMillis) {
    }

    private record Pending(EntityType type, String id, long acknowledgedAt) {
    }

    /** Threads that send figure 3's submissions (each waits for its command's answer). */
    static final int SENDERS = 32;

    /**
     * Sends the submissions at a fixed rate (at most 5,000 unacknowledged; sending stops at 125 % of the planned
     * window when the service cannot keep up) and polls the query side (FindRecordsQuery
     * by id, up to 1,000 ids a query, back to back) for each acknowledged new record: latency = first poll that
     * returned it minus the acknowledgement. Resolution: one poll round trip ({@code pollMillis} on average).
     */
    static Freshness freshness(CommandGateway commands, QueryGateway queries, List<Submission> submissions,
                               double rate, Duration drainTimeout) throws InterruptedException {
        ConcurrentLinkedQueue<Pending> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicLong acks = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong inFlight = new AtomicLong();
        Histogram histogram = Load.histogram();
        long[] polls = new long[2];
        AtomicReference<Boolean> sending = new AtomicReference<>(true);
        Map<EntityType, Map<String, Long>> waiting = new EnumMap<>(EntityType.class);
        Thread poller = new Thread(() -> {
            long deadline = Long.MAX_VALUE;
            while (true) {
                Pending p;
                while ((p = acknowledged.poll()) != null) {
                    waiting.computeIfAbsent(p.type(), t -> new LinkedHashMap<>()).put(p.id(), p.acknowledgedAt());
                }
                boolean any = false;
                for (Map.Entry<EntityType, Map<String, Long>> entry : waiting.entrySet()) {
                    if (entry.getValue().isEmpty()) {
                        continue;
                    }
                    any = true;
                    List<String> ids = entry.getValue().keySet().stream().limit(FindRecordsQuery.MAX_IDS).toList();
                    long t0 = System.nanoTime();
                    List<RecordView> found;
                    try {
                        found = queries.query(new FindRecordsQuery(entry.getKey(), ids),
                                ResponseTypes.multipleInstancesOf(RecordView.class)).get();
                    } catch (Exception e) {
                        continue;
                    }
                    long now = System.nanoTime();
                    polls[0]++;
                    polls[1] += now - t0;
                    for (RecordView view : found) {
                        Long at = entry.getValue().remove(view.id());
                        if (at != null) {
                            Load.record(histogram, now - at);
                        }
                    }
                }
                if (!sending.get() && inFlight.get() == 0 && acknowledged.isEmpty()) {
                    if (!any) {
                        return;
                    }
                    if (deadline == Long.MAX_VALUE) {
                        deadline = System.nanoTime() + drainTimeout.toNanos();
                    } else if (System.nanoTime() > deadline) {
                        return;
                    }
                }
                if (!any) {
                    LockSupport.parkNanos(200_000);
                }
            }
        }, "freshness-poller");
        poller.setDaemon(true);
        poller.start();

        // the command bus handles a command in the sender's thread: the scheduler hands each to a pool of senders
        java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(SENDERS, r -> {
            Thread thread = new Thread(r, "freshness-sender");
            thread.setDaemon(true);
            return thread;
        });
        double interval = 1e9 / rate;
        long start = System.nanoTime() + 10_000_000L;
        // a service that cannot keep up is not waited for beyond the window and a grace of a quarter of it
        long stopSending = start + (long) (submissions.size() * interval * 1.25);
        int sent = 0;
        for (int k = 0; k < submissions.size(); k++) {
            if (System.nanoTime() > stopSending) {
                break;
            }
            sent++;
            long scheduled = start + (long) (k * interval);
            long wait;
            while ((wait = scheduled - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            while (inFlight.get() >= 5_000) {
                LockSupport.parkNanos(100_000);
            }
            Submission submission = submissions.get(k);
            inFlight.incrementAndGet();
            senders.execute(() -> {
                try {
                    SubmissionResult result = commands.sendAndWait(command(submission));
                    if (result != null && result.goldenId() != null && result.outcome().name().equals("CREATED")) {
                        acks.incrementAndGet();
                        acknowledged.add(new Pending(submission.attributes().entityType(), result.goldenId(),
                                System.nanoTime()));
                    } else {
                        failed.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    failed.incrementAndGet();
                } finally {
                    inFlight.decrementAndGet();
                }
            });
        }
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        sending.set(false);
        poller.join();
        senders.shutdown();
        return new Freshness(histogram, submissions.size(), sent, acks.get(), histogram.getTotalCount(), failed.get(),
                sendSeconds, polls[0] == 0 ? 0 : polls[1] / 1e6 / polls[0]);
    }
}
