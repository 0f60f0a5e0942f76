package io.mdg.graphql.hygiene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.github.bucket4j.TimeMeter;
import io.mdg.api.error.ErrorCode;
import io.mdg.graphql.error.ApiException;

class CallerLimitsTest {

    private final AtomicLong now = new AtomicLong();
    private final TimeMeter clock = new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return now.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    };

    private CallerLimits limits(GraphQlLimits.PerCaller perCaller, GraphQlLimits.Submissions submissions) {
        return new CallerLimits(new GraphQlLimits(null, null, null, null, null, null, null, null, null, perCaller,
                submissions), clock);
    }

    @Test
    void a_caller_that_spent_its_query_cost_is_refused_with_the_seconds_to_wait_and_others_are_not() throws Exception {
        CallerLimits limits = limits(new GraphQlLimits.PerCaller(100d, 1_000d, 0, 0, null, null, null, null), null);
        try (CallerLimits.Permit heavy = limits.enter("analyst")) {
            heavy.charge(1_500); // a heavy query: into debt (500 points past the bucket)
        }
        assertThatThrownBy(() -> limits.enter("analyst")).isInstanceOfSatisfying(CallerLimits.Refused.class,
                refused -> assertThat(refused.retryAfterSeconds()).isEqualTo(6)); // 501 points at 100 per second
        limits.enter("steward").close();
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        limits.enter("analyst").close();
    }

    @Test
    void small_queries_cost_little_so_many_pass_within_the_budget() throws Exception {
        CallerLimits limits = limits(new GraphQlLimits.PerCaller(100d, 1_000d, 0, 0, null, null, null, null), null);
        for (int i = 0; i < 67; i++) { // 67 x 15 points: just past the 1,000 of the bucket
            try (CallerLimits.Permit permit = limits.enter("analyst")) {
                permit.charge(15);
            }
        }
        assertThatThrownBy(() -> limits.enter("analyst")).isInstanceOf(CallerLimits.Refused.class);
    }

    @Test
    void a_source_client_runs_its_own_larger_number_of_requests_at_once_and_a_person_keeps_the_smaller() throws Exception {
        CallerLimits limits = limits(new GraphQlLimits.PerCaller(0d, null, 2, 0, Duration.ZERO, null, null, 3), null);
        java.util.List<CallerLimits.Permit> erp = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            erp.add(limits.enter("CLIENT:erp", true)); // more than a person's 2
        }
        assertThatThrownBy(() -> limits.enter("CLIENT:erp", true)).isInstanceOfSatisfying(
                CallerLimits.Refused.class, refused -> assertThat(refused.getMessage()).contains("its 3 running"));
        erp.forEach(CallerLimits.Permit::close);
        CallerLimits.Permit first = limits.enter("USER:ada", false);
        CallerLimits.Permit second = limits.enter("USER:ada", false);
        assertThatThrownBy(() -> limits.enter("USER:ada", false)).isInstanceOfSatisfying(CallerLimits.Refused.class,
                refused -> assertThat(refused.getMessage()).contains("2 requests running"));
        first.close();
        second.close();
    }

    @Test
    void a_caller_gets_only_its_running_slots_and_a_full_line_is_refused_at_once() throws Exception {
        CallerLimits limits = limits(new GraphQlLimits.PerCaller(0d, null, 2, 0, Duration.ZERO, null, null, null), null);
        CallerLimits.Permit first = limits.enter("analyst");
        CallerLimits.Permit second = limits.enter("analyst");
        assertThatThrownBy(() -> limits.enter("analyst")).isInstanceOfSatisfying(CallerLimits.Refused.class,
                refused -> assertThat(refused.retryAfterSeconds()).isEqualTo(1));
        limits.enter("steward").close();
        first.close();
        first.close(); // closing twice frees one slot only
        CallerLimits.Permit third = limits.enter("analyst");
        assertThatThrownBy(() -> limits.enter("analyst")).isInstanceOf(CallerLimits.Refused.class);
        second.close();
        third.close();
    }

    @Test
    void a_waiting_request_gets_the_slot_freed_within_its_wait() throws Exception {
        CallerLimits limits = limits(new GraphQlLimits.PerCaller(0d, null, 1, 1, Duration.ofMinutes(1), null, null, null),
                null);
        CallerLimits.Permit running = limits.enter("analyst");
        java.util.concurrent.CompletableFuture<CallerLimits.Permit> waiting =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return limits.enter("analyst");
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
        running.close();
        waiting.get(30, java.util.concurrent.TimeUnit.SECONDS).close();
    }

    @Test
    void a_callers_heavy_queries_run_one_at_a_time_while_its_small_queries_and_other_callers_do_not_wait()
            throws Exception {
        CallerLimits limits = limits(new GraphQlLimits.PerCaller(0d, null, 4, 0, Duration.ZERO, 1_000L, 1, null), null);
        CallerLimits.Permit heavy = limits.enter("analyst");
        heavy.charge(6_701);
        CallerLimits.Permit secondHeavy = limits.enter("analyst");
        assertThatThrownBy(() -> secondHeavy.charge(6_701)).isInstanceOfSatisfying(CallerLimits.Refused.class,
                refused -> assertThat(refused.getMessage()).contains("heavy query"));
        secondHeavy.close();
        try (CallerLimits.Permit small = limits.enter("analyst")) {
            small.charge(15); // a small query of the same caller runs beside its heavy one
        }
        try (CallerLimits.Permit otherCaller = limits.enter("auditor")) {
            otherCaller.charge(6_701); // another caller's heavy query has its own slot
        }
        heavy.close();
        heavy.close(); // closing twice frees the heavy slot once
        try (CallerLimits.Permit next = limits.enter("analyst")) {
            next.charge(6_701);
            CallerLimits.Permit another = limits.enter("analyst");
            assertThatThrownBy(() -> another.charge(1_000)).isInstanceOf(CallerLimits.Refused.class);
            another.close();
        }
    }

    @Test
    void a_source_client_may_burst_then_gets_its_submission_rate_and_others_are_unaffected() {
        CallerLimits limits = limits(null, new GraphQlLimits.Submissions(100d, 200d, null));
        limits.submit("erp", 200);
        assertThatThrownBy(() -> limits.submit("erp", 10)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED)).hasMessageContaining("retry after 100 ms");
        limits.submit("sourcing", 150);
        now.addAndGet(Duration.ofMillis(100).toNanos());
        limits.submit("erp", 10);
        assertThatThrownBy(() -> limits.submit("erp", 1)).isInstanceOf(ApiException.class);
    }

    @Test
    void a_refused_submission_takes_nothing() {
        CallerLimits limits = limits(null, new GraphQlLimits.Submissions(100d, 200d, null));
        limits.submit("erp", 195);
        assertThatThrownBy(() -> limits.submit("erp", 10)).hasMessageContaining("retry after 50 ms");
        limits.submit("erp", 5);
    }

    @Test
    void rates_of_zero_mean_no_limit() throws Exception {
        CallerLimits limits = limits(new GraphQlLimits.PerCaller(0d, null, 0, null, null, null, 0, null),
                new GraphQlLimits.Submissions(0d, 0d, null));
        for (int i = 0; i < 1_000; i++) {
            limits.submit("erp", 1_000);
            CallerLimits.Permit permit = limits.enter("analyst"); // never closed: no slots to run out of
            permit.charge(1_000_000);
        }
    }
}
