package io.mdg.rules.identifier;

import java.util.regex.Pattern;

/**
 * A D-U-N-S number: 9 digits (no public check digit; the format is all that can be checked). Accepted with the
 * customary dashes ({@code 15-048-3782}), stored as 9 digits.
 */
public record Duns(String value) {

    private static final Pattern FORMAT = Pattern.compile("\\d{9}|\\d{2}-\\d{3}-\\d{4}");

    public Duns {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new InvalidIdentifierException("DUNS_FORMAT", "a D-U-N-S number has exactly 9 digits");
        }
        value = value.replace("-", "");
    }

    /** Whether {@code value} is a valid D-U-N-S number. */
    public static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }
}
