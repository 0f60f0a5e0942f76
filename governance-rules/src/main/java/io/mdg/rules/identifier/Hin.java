package io.mdg.rules.identifier;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A Health Industry Number: 9 letters or digits, the first 7 naming the facility and the last 2 the sub-location
 * (00 for the facility itself). Stored in upper case. There is no check character.
 */
public record Hin(String value) {

    private static final Pattern FORMAT = Pattern.compile("[A-Z0-9]{9}");

    public Hin {
        String upper = value == null ? null : value.strip().toUpperCase(Locale.ROOT);
        if (upper == null || !FORMAT.matcher(upper).matches()) {
            throw new InvalidIdentifierException("HIN_FORMAT",
                    "a HIN has exactly 9 letters or digits (7 for the facility, 2 for the sub-location)");
        }
        value = upper;
    }

    /** The 7-character facility part. */
    public String facility() {
        return value.substring(0, 7);
    }

    /** The 2-character sub-location part. */
    public String subLocation() {
        return value.substring(7);
    }
}
