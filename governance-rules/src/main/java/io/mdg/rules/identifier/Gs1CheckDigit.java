package io.mdg.rules.identifier;

/**
 * The GS1 mod-10 check digit used by GTIN and GLN: from the rightmost data digit leftwards the weights are
 * 3, 1, 3, 1, ...; check = (10 - sum mod 10) mod 10.
 */
public final class Gs1CheckDigit {

    private Gs1CheckDigit() {
    }

    /** The check digit for a string of data digits (without the check digit). */
    public static int compute(CharSequence dataDigits) {
        int sum = 0;
        int weight = 3;
        for (int i = dataDigits.length() - 1; i >= 0; i--) {
            char c = dataDigits.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("not a digit: '" + c + "'");
            }
            sum += (c - '0') * weight;
            weight = weight == 3 ? 1 : 3;
        }
        return (10 - sum % 10) % 10;
    }

    /** Whether the last digit of {@code code} is the correct check digit for the others. */
    public static boolean isValid(CharSequence code) {
        if (code.length() < 2) {
            return false;
        }
        for (int i = 0; i < code.length(); i++) {
            if (code.charAt(i) < '0' || code.charAt(i) > '9') {
                return false;
            }
        }
        int expected = compute(code.subSequence(0, code.length() - 1));
        return code.charAt(code.length() - 1) - '0' == expected;
    }
}
