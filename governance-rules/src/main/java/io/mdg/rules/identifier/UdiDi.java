package io.mdg.rules.identifier;

import java.util.Locale;
import java.util.regex.Pattern;

import io.mdg.api.model.UdiAgency;

/**
 * A UDI device identifier, checked by its issuing agency: GS1 (a valid GTIN, stored as 14 digits), HIBCC (6-23
 * letters or digits: labeler, product number and unit of measure, without the check character) or ICCBBA (10 or 16
 * letters or digits). Stored in upper case.
 */
public record UdiDi(UdiAgency agency, String value) {

    private static final Pattern HIBCC = Pattern.compile("[A-Z0-9]{6,23}");
    private static final Pattern ICCBBA = Pattern.compile("[A-Z0-9]{10}|[A-Z0-9]{16}");

    public UdiDi {
        if (agency == null) {
            throw new InvalidIdentifierException("UDI_AGENCY_REQUIRED", "a UDI-DI needs its issuing agency");
        }
        String code = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
        switch (agency) {
            case GS1 -> {
                try {
                    code = new Gtin(code).value();
                } catch (InvalidIdentifierException e) {
                    throw new InvalidIdentifierException(e.code(), "a GS1 UDI-DI is a GTIN: " + e.getMessage());
                }
            }
            case HIBCC -> {
                if (!HIBCC.matcher(code).matches()) {
                    throw new InvalidIdentifierException("UDI_DI_FORMAT",
                            "a HIBCC UDI-DI has 6 to 23 letters or digits (no '+' and no check character)");
                }
            }
            case ICCBBA -> {
                if (!ICCBBA.matcher(code).matches()) {
                    throw new InvalidIdentifierException("UDI_DI_FORMAT",
                            "an ICCBBA UDI-DI has 10 or 16 letters or digits");
                }
            }
            default -> throw new IllegalStateException("unknown agency " + agency);
        }
        value = code;
    }
}
