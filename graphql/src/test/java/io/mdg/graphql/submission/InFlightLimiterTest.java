package io.mdg.graphql.submission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InFlightLimiterTest {

    private final ExecutorService dispatch = Executors.newFixedThreadPool(32);

    @AfterEach
    void stop() {
        dispatch.shutdownNow();
    }

    @Test
    void tasks_that_block_their_thread_still_run_side_by_side_but_never_more_than_the_limit() throws Exception {
        InFlightLimiter limiter = new InFlightLimiter(4, dispatch);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch fourStarted = new CountDownLatch(4);
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            results.add(limiter.run(() -> {
                // like a command bus that handles the command in the sending thread
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                fourStarted.countDown();
                try {
                    fourStarted.await(5, TimeUnit.SECONDS);
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
                return CompletableFuture.completedFuture(n);
            }));
        }

        assertThat(results.stream().map(CompletableFuture::join).toList()).hasSize(20).startsWith(0, 1, 2);
        assertThat(most.get()).isEqualTo(4);
    }

    @Test
    void a_task_that_fails_or_throws_frees_its_slot() {
        InFlightLimiter limiter = new InFlightLimiter(1, dispatch);

        CompletableFuture<Object> thrown = limiter.run(() -> {
            throw new IllegalStateException("cannot start");
        });
        CompletableFuture<Object> failed = limiter.run(() -> CompletableFuture.failedFuture(new IllegalStateException("x")));
        CompletableFuture<String> fine = limiter.run(() -> CompletableFuture.completedFuture("ok"));

        assertThat(thrown).failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withRootCauseInstanceOf(IllegalStateException.class);
        assertThat(failed).failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(java.util.concurrent.ExecutionException.class);
        assertThat(fine.orTimeout(5, TimeUnit.SECONDS).join()).isEqualTo("ok");
    }
}
