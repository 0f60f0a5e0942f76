package io.mdg.graphql.submission;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import io.mdg.graphql.correlation.Correlation;

/**
 * Runs the asynchronous tasks of one request (a batch, an import) concurrently, at most a given number in flight:
 * {@link #run} waits on the calling thread for a free slot, starts the task on the dispatch executor (so that a
 * command bus that handles commands in the sending thread still runs them side by side) and frees the slot when
 * the task's future completes, however it completes. A task that fails to start completes exceptionally. The
 * task runs with the caller's correlation id (one per batch or import). Its size is one of the edge's limits
 * ({@code mdg.graphql.submissions.in-flight}, {@link io.mdg.graphql.hygiene.CallerLimits#inFlight}).
 */
public final class InFlightLimiter {

    private final int maxInFlight;
    private final Semaphore slots;
    private final Executor dispatch;

    public InFlightLimiter(int maxInFlight, Executor dispatch) {
        this.maxInFlight = maxInFlight;
        this.slots = new Semaphore(maxInFlight);
        this.dispatch = dispatch;
    }

    /** How many tasks may be in flight at once. */
    public int maxInFlight() {
        return maxInFlight;
    }

    public <T> CompletableFuture<T> run(Supplier<CompletableFuture<T>> task) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<T> started;
        try {
            started = CompletableFuture.supplyAsync(Correlation.wrap(task), dispatch).thenCompose(future -> future);
        } catch (RejectedExecutionException e) {
            slots.release();
            return CompletableFuture.failedFuture(e);
        }
        return started.whenComplete((result, failure) -> slots.release());
    }
}
