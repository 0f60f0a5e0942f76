package io.mdg.rules.identifier;

import java.util.regex.Pattern;

/**
 * A UNSPSC classification code: 8 digits, two each for segment, family, class and commodity. Trailing {@code 00}
 * pairs mean a higher level ({@code 42140000} is the family "patient care and treatment products"); the segment is
 * never {@code 00} and no level follows a {@code 00} pair. Medical supplies are under segment 42.
 */
public record Unspsc(String value) {

    private static final Pattern FORMAT = Pattern.compile("\\d{8}");

    public Unspsc {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new InvalidIdentifierException("UNSPSC_FORMAT", "a UNSPSC code has exactly 8 digits");
        }
        if (value.startsWith("00")) {
            throw new InvalidIdentifierException("UNSPSC_FORMAT", "a UNSPSC segment is never 00");
        }
        boolean zero = false;
        for (int i = 0; i < 8; i += 2) {
            boolean pairZero = value.startsWith("00", i);
            if (zero && !pairZero) {
                throw new InvalidIdentifierException("UNSPSC_FORMAT",
                        "a UNSPSC code has no level after a 00 pair: " + value);
            }
            zero |= pairZero;
        }
    }

    /** Whether {@code code} names a commodity: the last pair is not 00 and no non-zero pair follows a 00 pair. */
    public static boolean isCommodityLevel(String code) {
        if (code == null || !FORMAT.matcher(code).matches() || code.endsWith("00")) {
            return false;
        }
        boolean zero = false;
        for (int i = 0; i < 8; i += 2) {
            boolean pairZero = code.startsWith("00", i);
            if (zero && !pairZero) {
                return false;
            }
            zero |= pairZero;
        }
        return true;
    }

    /** Whether this code names a commodity (the most specific level). */
    public boolean isCommodityLevel() {
        return isCommodityLevel(value);
    }

    public String segment() {
        return value.substring(0, 2);
    }

    public String family() {
        return value.substring(2, 4);
    }

    public String classCode() {
        return value.substring(4, 6);
    }

    public String commodity() {
        return value.substring(6, 8);
    }
}
