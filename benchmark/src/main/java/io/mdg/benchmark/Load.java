package io.mdg.benchmark;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

/**
 * HTTP load over {@link HttpConnection}s, one thread per connection. A closed loop sends the next request as soon as
 * the previous answer is in (throughput at a given concurrency). An open loop sends at a fixed rate and counts each
 * request's latency from the time it was scheduled to be sent, not from when a connection got round to it, so that
 * queueing shows in the percentiles (no coordinated omission, as in wrk2).
 */
final class Load {

    /** The request bytes for the n-th request (prepared with {@link HttpConnection#request}). */
    interface Requests {
        byte[] get(long n);
    }

    /** Whether an answer counts as a success. */
    interface Check {
        boolean ok(HttpConnection.Response response);

        static Check status200() {
            return r -> r.status() == 200;
        }

        /** HTTP 200 and a GraphQL answer without {@code errors}. */
        static Check graphQl() {
            return r -> r.status() == 200 && !r.text().contains("\"errors\"");
        }
    }

    /** Latencies in microseconds. */
    record Result(long requests, long errors, double seconds, Histogram micros, String firstError) {

        double perSecond() {
            return requests / seconds;
        }

        double p50Ms() {
            return micros.getValueAtPercentile(50) / 1000.0;
        }

        double p99Ms() {
            return micros.getValueAtPercentile(99) / 1000.0;
        }

        double maxMs() {
            return micros.getMaxValue() / 1000.0;
        }

        /** This result and another of the same kind of request, as one. */
        Result plus(Result other) {
            Histogram both = micros.copy();
            both.add(other.micros);
            return new Result(requests + other.requests, errors + other.errors, seconds + other.seconds, both,
                    firstError != null ? firstError : other.firstError);
        }
    }

    private static final long MAX_MICROS = Duration.ofMinutes(10).toNanos() / 1000;

    private Load() {
    }

    static Histogram histogram() {
        return new Histogram(MAX_MICROS, 3);
    }

    static void record(Histogram histogram, long nanos) {
        histogram.recordValue(Math.max(1, Math.min(MAX_MICROS, nanos / 1000)));
    }

    /** {@code connections} threads, each sending back to back for warm-up then duration; only the latter counts. */
    static Result closedLoop(int port, int connections, Duration warmup, Duration duration, Requests requests,
                             Check check) throws InterruptedException {
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long measureTo = measureFrom + duration.toNanos();
        AtomicLong counter = new AtomicLong();
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            workers.add(new Worker(port, () -> {
                long n = counter.getAndIncrement();
                long now = System.nanoTime();
                return now >= measureTo ? null : new long[] {n, now, now >= measureFrom ? 1 : 0};
            }, requests, check));
        }
        return run(workers, duration.toNanos() / 1e9);
    }

    /**
     * Requests scheduled at {@code rate} per second for warm-up then duration, sent by a pool of {@code connections}
     * threads; latency from the scheduled send time. Only requests scheduled after the warm-up count. When the service
     * falls so far behind that requests are still waiting a quarter of the window after its end, they are not sent:
     * compare {@link Result#requests()} with rate times duration.
     */
    static Result openLoop(int port, int connections, double rate, Duration warmup, Duration duration,
                           Requests requests, Check check) throws InterruptedException {
        long start = System.nanoTime() + 50_000_000L;
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + duration.toNanos();
        // a service that falls behind is not waited for beyond a quarter of the window: the rest is not sent
        long giveUp = end + duration.toNanos() / 4;
        double interval = 1e9 / rate;
        AtomicLong counter = new AtomicLong();
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            workers.add(new Worker(port, () -> {
                long n = counter.getAndIncrement();
                long scheduled = start + (long) (n * interval);
                if (scheduled >= end || System.nanoTime() > giveUp) {
                    return null;
                }
                long wait;
                while ((wait = scheduled - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                return new long[] {n, scheduled, scheduled >= measureFrom ? 1 : 0};
            }, requests, check));
        }
        return run(workers, duration.toNanos() / 1e9);
    }

    /** Hands out the next request: {n, time latency counts from, counted?}, or null when the run is over. */
    private interface Schedule {
        long[] next();
    }

    private static Result run(List<Worker> workers, double seconds) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (Worker worker : workers) {
            Thread thread = new Thread(worker, "load-" + threads.size());
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Histogram all = histogram();
        long count = 0;
        long errors = 0;
        String firstError = null;
        for (Worker worker : workers) {
            all.add(worker.histogram);
            count += worker.count;
            errors += worker.errors;
            if (firstError == null) {
                firstError = worker.firstError.get();
            }
        }
        return new Result(count, errors, seconds, all, firstError);
    }

    private static final class Worker implements Runnable {
        private final HttpConnection connection;
        private final Schedule schedule;
        private final Requests requests;
        private final Check check;
        private final Histogram histogram = histogram();
        private final AtomicReference<String> firstError = new AtomicReference<>();
        private long count;
        private long errors;

        Worker(int port, Schedule schedule, Requests requests, Check check) {
            this.connection = new HttpConnection("127.0.0.1", port);
            this.schedule = schedule;
            this.requests = requests;
            this.check = check;
        }

        @Override
        public void run() {
            try (connection) {
                long[] next;
                while ((next = schedule.next()) != null) {
                    boolean ok;
                    String problem = null;
                    try {
                        HttpConnection.Response response = connection.send(requests.get(next[0]));
                        ok = check.ok(response);
                        if (!ok) {
                            String text = response.text();
                            problem = "HTTP " + response.status() + " " + text.substring(0, Math.min(300, text.length()));
                        }
                    } catch (IOException | RuntimeException e) {
                        ok = false;
                        problem = e.toString();
                    }
                    if (next[2] == 1) {
                        record(histogram, System.nanoTime() - next[1]);
                        count++;
                        if (!ok) {
                            errors++;
                            firstError.compareAndSet(null, problem);
                        }
                    }
                }
            }
        }
    }
}
