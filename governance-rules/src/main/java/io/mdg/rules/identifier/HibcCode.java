package io.mdg.rules.identifier;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A HIBC LIC primary data structure: {@code +}, a 4-character labeler identification code starting with a letter,
 * a 1-13 character product or catalogue number, a 1-digit unit-of-measure (package level) digit, and a mod-43 check
 * character over everything before it, the {@code +} included. Example: {@code +A123BJC5D6E71G}. Stored in upper
 * case; the Code 39 start/stop asterisks of a scanned symbol ({@code *+A123BJC5D6E71G*}) are dropped.
 */
public record HibcCode(String value) {

    private static final Pattern FORMAT = Pattern.compile("\\+[A-Z][A-Z0-9]{3}[A-Z0-9]{1,13}\\d.");

    /** The HIBC/Code 39 character set; a character's index is its value for the mod-43 check. */
    public static final String CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%";

    public HibcCode {
        if (value == null) {
            throw new InvalidIdentifierException("HIBC_FORMAT", "a HIBC code is required");
        }
        String code = value.toUpperCase(Locale.ROOT);
        if (code.length() >= 2 && code.startsWith("*") && code.endsWith("*")) {
            code = code.substring(1, code.length() - 1);
        }
        if (!FORMAT.matcher(code).matches()) {
            throw new InvalidIdentifierException("HIBC_FORMAT", "a HIBC primary code is '+', a 4-character labeler"
                    + " code starting with a letter, a 1-13 character product number, a unit-of-measure digit and a"
                    + " check character");
        }
        char expected = checkCharacter(code.substring(0, code.length() - 1));
        char actual = code.charAt(code.length() - 1);
        if (actual != expected) {
            throw new InvalidIdentifierException("HIBC_CHECK_CHARACTER",
                    "the HIBC check character should be '" + expected + "', not '" + actual + "'");
        }
        value = code;
    }

    /** The mod-43 check character of {@code data} (which includes the leading {@code +}). */
    public static char checkCharacter(CharSequence data) {
        int sum = 0;
        for (int i = 0; i < data.length(); i++) {
            int v = CHARSET.indexOf(data.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("not a HIBC character: '" + data.charAt(i) + "'");
            }
            sum += v;
        }
        return CHARSET.charAt(sum % 43);
    }

    /** Whether {@code value} is a valid HIBC primary code. */
    public static boolean isValid(String value) {
        try {
            new HibcCode(value);
            return true;
        } catch (InvalidIdentifierException e) {
            return false;
        }
    }

    /** The labeler identification code (4 characters). */
    public String labeler() {
        return value.substring(1, 5);
    }

    /** The product or catalogue number. */
    public String productNumber() {
        return value.substring(5, value.length() - 2);
    }

    /** The unit-of-measure (package level) digit. */
    public int unitOfMeasure() {
        return value.charAt(value.length() - 2) - '0';
    }
}
