package io.mdg.graphql.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.mdg.api.error.ErrorCode;
import io.mdg.graphql.error.ApiException;

class SubmissionRateLimitsTest {

    private final AtomicLong now = new AtomicLong();
    private final SubmissionRateLimits limits = new SubmissionRateLimits(100, 200, now::get);

    @Test
    void a_client_may_burst_then_gets_its_rate_and_others_are_unaffected() {
        assertThat(limits.tryAcquire("erp", 200)).isZero();
        long wait = limits.tryAcquire("erp", 10);
        assertThat(wait).isEqualTo(100_000_000L);
        assertThat(limits.tryAcquire("sourcing", 150)).isZero();
        now.addAndGet(100_000_000L);
        assertThat(limits.tryAcquire("erp", 10)).isZero();
        assertThat(limits.tryAcquire("erp", 1)).isPositive();
    }

    @Test
    void a_refusal_names_the_code_and_takes_nothing() {
        limits.check("erp", 195);
        assertThatThrownBy(() -> limits.check("erp", 10)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED)).hasMessageContaining("retry after 50 ms");
        limits.check("erp", 5);
    }

    @Test
    void a_rate_of_zero_means_no_limit() {
        SubmissionRateLimits off = new SubmissionRateLimits(0, 0, now::get);
        for (int i = 0; i < 1000; i++) {
            off.check("erp", 1_000);
        }
    }
}
