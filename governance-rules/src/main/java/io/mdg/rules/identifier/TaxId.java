package io.mdg.rules.identifier;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A US employer identification number. Accepted as {@code NN-NNNNNNN} or 9 digits, stored as {@code NN-NNNNNNN}.
 * Prefixes 00, 07-09, 17-19, 28-29, 49, 69-70, 78-79 and 89 are never issued. (Verification against the tax
 * authority is asynchronous and not done here.)
 */
public record TaxId(String value) {

    private static final Pattern FORMAT = Pattern.compile("\\d{2}-?\\d{7}");

    private static final Set<String> UNISSUED_PREFIXES = Set.of(
            "00", "07", "08", "09", "17", "18", "19", "28", "29", "49", "69", "70", "78", "79", "89");

    public TaxId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new InvalidIdentifierException("TAX_ID_FORMAT", "a US tax id (EIN) has the form NN-NNNNNNN");
        }
        String digits = value.replace("-", "");
        if (UNISSUED_PREFIXES.contains(digits.substring(0, 2))) {
            throw new InvalidIdentifierException("TAX_ID_PREFIX",
                    "EIN prefix " + digits.substring(0, 2) + " is never issued");
        }
        value = digits.substring(0, 2) + "-" + digits.substring(2);
    }

    /** Whether {@code value} is a valid EIN (with or without the dash). */
    public static boolean isValid(String value) {
        try {
            new TaxId(value);
            return true;
        } catch (InvalidIdentifierException e) {
            return false;
        }
    }
}
