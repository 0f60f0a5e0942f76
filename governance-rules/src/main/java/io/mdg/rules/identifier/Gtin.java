package io.mdg.rules.identifier;

import java.util.regex.Pattern;

/**
 * A GS1 Global Trade Item Number: GTIN-8, -12, -13 or -14, the last digit a GS1 mod-10 check digit. Accepted in any
 * of the four lengths, stored left-padded with zeros to 14 digits (padding does not change the check digit).
 */
public record Gtin(String value) {

    private static final Pattern FORMAT = Pattern.compile("\\d{8}|\\d{12,14}");

    public Gtin {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new InvalidIdentifierException("GTIN_FORMAT", "a GTIN has 8, 12, 13 or 14 digits"
                    + (value == null ? "" : ", not " + describe(value)));
        }
        if (!Gs1CheckDigit.isValid(value)) {
            throw new InvalidIdentifierException("GTIN_CHECK_DIGIT", "the GTIN check digit should be "
                    + Gs1CheckDigit.compute(value.substring(0, value.length() - 1)) + ", not "
                    + value.charAt(value.length() - 1));
        }
        value = "0".repeat(14 - value.length()) + value;
    }

    /** Whether {@code value} is a valid GTIN of any length. */
    public static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches() && Gs1CheckDigit.isValid(value);
    }

    /** The shortest standard form (GTIN-8, -12, -13 or -14) without the padding zeros. */
    public String compact() {
        for (int length : new int[] {8, 12, 13}) {
            if (value.substring(0, 14 - length).chars().allMatch(c -> c == '0')) {
                return value.substring(14 - length);
            }
        }
        return value;
    }

    static String describe(String value) {
        return value.chars().allMatch(Character::isDigit) ? value.length() + " digits" : "'" + value + "'";
    }
}
