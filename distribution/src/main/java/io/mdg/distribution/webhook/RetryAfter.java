package io.mdg.distribution.webhook;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a {@code Retry-After} header (RFC 9110 §10.2.3): a number of seconds, or an HTTP-date in any of its three
 * forms (IMF-fixdate, the obsolete RFC 850 and asctime forms, which recipients must accept too).
 */
final class RetryAfter {

    /** Longer waits are read as this one (the back-off caps any wait at its own maximum anyway). */
    static final Duration LONGEST = Duration.ofDays(365);

    private static final DateTimeFormatter ASCTIME = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("EEE MMM ppd HH:mm:ss yyyy").toFormatter(Locale.US).withZone(ZoneOffset.UTC);

    private RetryAfter() {
    }

    /** How long to wait from {@code now}: zero for a date in the past, empty when the value is neither form. */
    static Optional<Duration> parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        if (trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.of(trimmed.length() > 8 ? LONGEST : capped(Duration.ofSeconds(Long.parseLong(trimmed))));
        }
        for (DateTimeFormatter form : List.of(DateTimeFormatter.RFC_1123_DATE_TIME, rfc850(now), ASCTIME)) {
            try {
                Instant date = Instant.from(form.parse(trimmed));
                return Optional.of(date.isAfter(now) ? capped(Duration.between(now, date)) : Duration.ZERO);
            } catch (DateTimeException e) {
                // not this form: try the next
            }
        }
        return Optional.empty();
    }

    /** {@code Sunday, 06-Nov-94 08:49:37 GMT}: a two-digit year more than 50 years ahead is taken as the past's. */
    private static DateTimeFormatter rfc850(Instant now) {
        int baseYear = now.atOffset(ZoneOffset.UTC).getYear() - 49;
        return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern("EEEE, dd-MMM-")
                .appendValueReduced(ChronoField.YEAR, 2, 2, baseYear).appendPattern(" HH:mm:ss 'GMT'")
                .toFormatter(Locale.US).withZone(ZoneOffset.UTC);
    }

    private static Duration capped(Duration wait) {
        return wait.compareTo(LONGEST) > 0 ? LONGEST : wait;
    }
}
