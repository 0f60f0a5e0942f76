package io.mdg.rules.supplier;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.mdg.rules.Violation;
import io.mdg.rules.identifier.Duns;
import io.mdg.rules.identifier.Gln;
import io.mdg.rules.identifier.InvalidIdentifierException;
import io.mdg.rules.identifier.TaxId;

/**
 * Validates the attributes of a supplier submission and puts them in canonical form. Null means "not sent".
 * A new record needs a legal name; a partial update may leave it out.
 */
public final class SupplierSubmissionRules {

    public static final int MAX_NAME_LENGTH = 200;

    private SupplierSubmissionRules() {
    }

    /** The canonical values, or the violations when any value is invalid. */
    public record Outcome(Canonical canonical, List<Violation> violations) {
        public boolean valid() {
            return violations.isEmpty();
        }
    }

    /** Attributes in canonical form (trimmed names, formatted identifiers). */
    public record Canonical(String legalName, String taxId, String duns, String gln) {
    }

    public static Outcome check(String legalName, String taxId, String duns, String gln, boolean newRecord) {
        List<Violation> violations = new ArrayList<>();
        String name = checkName("legalName", legalName, newRecord, violations);
        String tax = checkIdentifier("taxId", taxId, v -> new TaxId(v).value(), violations);
        String dunsValue = checkIdentifier("duns", duns, v -> new Duns(v).value(), violations);
        String glnValue = checkIdentifier("gln", gln, v -> new Gln(v).value(), violations);
        return new Outcome(new Canonical(name, tax, dunsValue, glnValue), List.copyOf(violations));
    }

    private static String checkName(String field, String value, boolean required, List<Violation> violations) {
        if (value == null) {
            if (required) {
                violations.add(new Violation(field, "REQUIRED", field + " is required for a new supplier"));
            }
            return null;
        }
        String trimmed = value.strip().replaceAll("\\s+", " ");
        if (trimmed.isEmpty()) {
            violations.add(new Violation(field, "REQUIRED", field + " must not be blank"));
            return null;
        }
        if (trimmed.length() > MAX_NAME_LENGTH) {
            violations.add(new Violation(field, "TOO_LONG",
                    field + " has " + trimmed.length() + " characters; at most " + MAX_NAME_LENGTH + " are allowed"));
            return null;
        }
        if (trimmed.codePoints().anyMatch(cp -> Character.isISOControl(cp) || Character.getType(cp) == Character.UNASSIGNED)) {
            violations.add(new Violation(field, "INVALID_CHARACTERS", field + " contains control or unassigned characters"));
            return null;
        }
        return trimmed;
    }

    private static String checkIdentifier(String field, String value, Function<String, String> parser,
                                          List<Violation> violations) {
        if (value == null) {
            return null;
        }
        try {
            return parser.apply(value.strip());
        } catch (InvalidIdentifierException e) {
            violations.add(new Violation(field, e.code(), e.getMessage()));
            return null;
        }
    }
}
