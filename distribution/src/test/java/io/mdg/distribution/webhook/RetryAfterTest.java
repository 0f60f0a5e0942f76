package io.mdg.distribution.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("1994-11-06T08:47:37Z");

    @Test
    void seconds() {
        assertThat(RetryAfter.parse("120", NOW)).hasValue(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", NOW)).hasValue(Duration.ZERO);
    }

    @Test
    void an_absurd_number_of_seconds_is_read_as_the_longest_wait() {
        assertThat(RetryAfter.parse("99999999999999999999999", NOW)).hasValue(RetryAfter.LONGEST);
        assertThat(RetryAfter.parse("99999999", NOW)).hasValue(RetryAfter.LONGEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994"})
    void every_http_date_form_counts_from_now(String date) {
        assertThat(RetryAfter.parse(date, NOW)).hasValue(Duration.ofMinutes(2));
    }

    @Test
    void a_date_in_the_past_means_no_wait() {
        assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:00:00 GMT", NOW)).hasValue(Duration.ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "-5", "1.5", "soon", "Sun, 06 Nov 1994", "Mon, 06 Nov 1994 08:49:37 GMT"})
    void anything_else_is_no_retry_after(String value) {
        assertThat(RetryAfter.parse(value, NOW)).isEmpty();
    }

    @Test
    void no_header_is_no_retry_after() {
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
    }
}
