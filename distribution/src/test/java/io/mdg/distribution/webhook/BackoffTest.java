package io.mdg.distribution.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongUnaryOperator;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration BASE = Duration.ofMillis(10);
    private static final Duration MAX = Duration.ofMillis(100);
    private static final LongUnaryOperator HIGHEST = ceiling -> ceiling;
    private static final LongUnaryOperator LOWEST = ceiling -> 0;

    @Test
    void the_ceiling_doubles_from_base_up_to_max() {
        Backoff backoff = new Backoff(BASE, MAX, 8, HIGHEST);

        assertThat(new long[] {millis(backoff, 1), millis(backoff, 2), millis(backoff, 3), millis(backoff, 4),
                millis(backoff, 5), millis(backoff, 6)}).containsExactly(10, 20, 40, 80, 100, 100);
    }

    @Test
    void with_real_jitter_every_wait_is_within_zero_and_the_ceiling_and_they_spread() {
        Backoff backoff = new Backoff(BASE, MAX, 8);

        for (int failed = 1; failed <= 8; failed++) {
            Duration ceiling = Duration.ofMillis(Math.min(100, 10L << (failed - 1)));
            long below = 0;
            long above = 0;
            for (int sample = 0; sample < 1000; sample++) {
                Duration wait = backoff.delay(failed, Optional.empty());
                assertThat(wait).isBetween(Duration.ZERO, ceiling);
                below += wait.compareTo(ceiling.dividedBy(2)) < 0 ? 1 : 0;
                above += wait.compareTo(ceiling.dividedBy(2)) > 0 ? 1 : 0;
            }
            // Full jitter: about half of the waits on each side of the middle (the odds of this failing are nil).
            assertThat(below).as("below the middle after %d", failed).isBetween(300L, 700L);
            assertThat(above).as("above the middle after %d", failed).isBetween(300L, 700L);
        }
    }

    @Test
    void the_lowest_jitter_waits_not_at_all() {
        assertThat(new Backoff(BASE, MAX, 3, LOWEST).delay(3, Optional.empty())).isZero();
    }

    @Test
    void retry_after_is_a_floor_for_the_wait() {
        Backoff backoff = new Backoff(BASE, MAX, 5, LOWEST);

        assertThat(backoff.delay(1, Optional.of(Duration.ofMillis(60)))).isEqualTo(Duration.ofMillis(60));
        assertThat(new Backoff(BASE, MAX, 5, HIGHEST).delay(4, Optional.of(Duration.ofMillis(60))))
                .as("a longer jittered wait stays").isEqualTo(Duration.ofMillis(80));
    }

    @Test
    void max_caps_even_the_receivers_retry_after() {
        Backoff backoff = new Backoff(BASE, MAX, 5, LOWEST);

        assertThat(backoff.delay(1, Optional.of(Duration.ofHours(1)))).isEqualTo(MAX);
    }

    @Test
    void many_failures_neither_overflow_nor_exceed_max() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofHours(6), Integer.MAX_VALUE, HIGHEST);

        for (int failed : new int[] {30, 34, 35, 62, 63, 64, 1000, Integer.MAX_VALUE}) {
            assertThat(backoff.delay(failed, Optional.empty())).isEqualTo(Duration.ofHours(6));
        }
    }

    @Test
    void the_attempt_limit_parks_the_message() {
        Backoff backoff = new Backoff(BASE, MAX, 3);

        assertThat(backoff.exhausted(1)).isFalse();
        assertThat(backoff.exhausted(2)).isFalse();
        assertThat(backoff.exhausted(3)).isTrue();
        assertThat(backoff.exhausted(4)).isTrue();
    }

    @Test
    void nonsense_settings_are_refused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, MAX, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(MAX, BASE, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(BASE, MAX, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(BASE, MAX, 3).delay(0, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static long millis(Backoff backoff, int failedAttempts) {
        return backoff.delay(failedAttempts, Optional.empty()).toMillis();
    }
}
