package io.mdg.graphql.record;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Reads after a write until the read model shows it: the read is repeated every {@value #POLL_MILLIS} ms until its
 * answer is {@code done} or the wait is over, and the last answer is the result either way (the write happened; the
 * read model may only lag).
 */
public final class ReadAfterWrite {

    static final long POLL_MILLIS = 100;

    private ReadAfterWrite() {
    }

    public static <T> CompletableFuture<T> await(Supplier<CompletableFuture<T>> read, Predicate<T> done,
                                                 Duration maxWait) {
        return poll(read, done, System.nanoTime() + maxWait.toNanos());
    }

    private static <T> CompletableFuture<T> poll(Supplier<CompletableFuture<T>> read, Predicate<T> done,
                                                 long deadline) {
        return read.get().thenCompose(found -> {
            if (done.test(found) || System.nanoTime() >= deadline) {
                return CompletableFuture.completedFuture(found);
            }
            Executor later = CompletableFuture.delayedExecutor(POLL_MILLIS, TimeUnit.MILLISECONDS);
            return CompletableFuture.supplyAsync(() -> null, later).thenCompose(ignored -> poll(read, done, deadline));
        });
    }
}
