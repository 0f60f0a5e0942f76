package io.mdg.rules.identifier;

import java.util.regex.Pattern;

/** A GS1 Global Location Number: 13 digits, the last a GS1 mod-10 check digit. */
public record Gln(String value) {

    private static final Pattern FORMAT = Pattern.compile("\\d{13}");

    public Gln {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new InvalidIdentifierException("GLN_FORMAT", "a GLN has exactly 13 digits");
        }
        if (!Gs1CheckDigit.isValid(value)) {
            throw new InvalidIdentifierException("GLN_CHECK_DIGIT",
                    "the GLN check digit should be " + Gs1CheckDigit.compute(value.substring(0, 12)));
        }
    }

    /** Whether {@code value} is a valid GLN. */
    public static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches() && Gs1CheckDigit.isValid(value);
    }
}
