package io.mdg.rules.record;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import io.mdg.rules.Violation;
import io.mdg.rules.identifier.InvalidIdentifierException;

/** Small checks shared by the record rules; each adds violations to a list and never throws. */
final class Checks {

    static final int MAX_LENGTH = 256;

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private Checks() {
    }

    /** A free-text value: not blank, at most {@value #MAX_LENGTH} characters, no control characters. */
    static boolean text(String field, String value, List<Violation> out) {
        if (value == null) {
            return true;
        }
        if (value.isBlank()) {
            out.add(new Violation(field, "BLANK", field + " must not be blank"));
            return false;
        }
        if (value.length() > MAX_LENGTH) {
            out.add(new Violation(field, "TOO_LONG",
                    field + " has " + value.length() + " characters; at most " + MAX_LENGTH + " are allowed"));
            return false;
        }
        // An unpaired surrogate is no character at all: UTF-8 cannot encode it (the read store would keep a '?').
        if (value.codePoints().anyMatch(cp -> Character.isISOControl(cp)
                || Character.getType(cp) == Character.UNASSIGNED || Character.getType(cp) == Character.SURROGATE)) {
            out.add(new Violation(field, "INVALID_CHARACTERS", field
                    + " contains control characters (e.g. tab, line break), unassigned characters or unpaired surrogates"));
            return false;
        }
        return true;
    }

    /** An identifier checked by its self-validating type: the type's code and message become the violation. */
    static void identifier(String field, String value, Consumer<String> parser, List<Violation> out) {
        if (value == null || !text(field, value, out)) {
            return;
        }
        try {
            parser.accept(value);
        } catch (InvalidIdentifierException e) {
            out.add(new Violation(field, e.code(), field + ": " + e.getMessage()));
        }
    }

    static void required(String field, Object value, String what, List<Violation> out) {
        if (value == null) {
            out.add(new Violation(field, "REQUIRED", field + " is required " + what));
        }
    }

    static boolean isCountry(String code) {
        return code != null && COUNTRIES.contains(code);
    }

    static boolean isCurrency(String code) {
        if (code == null || !CURRENCY.matcher(code).matches()) {
            return false;
        }
        try {
            java.util.Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static void currency(String field, String value, List<Violation> out) {
        if (value != null && text(field, value, out) && !isCurrency(value)) {
            out.add(new Violation(field, "CURRENCY_FORMAT",
                    field + " must be an ISO 4217 currency code of 3 letters (e.g. USD), not '" + value + "'"));
        }
    }

    /** A short, safe rendering of a value for messages. */
    static String show(Object value) {
        String text = String.valueOf(value);
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
