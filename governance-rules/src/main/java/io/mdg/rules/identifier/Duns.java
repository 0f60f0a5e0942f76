package io.mdg.rules.identifier;

/** A D-U-N-S number: 9 digits (no public check digit; the format is all that can be checked). */
public record Duns(String value) {

    public Duns {
        if (value == null || !value.matches("\\d{9}")) {
            throw new InvalidIdentifierException("DUNS_FORMAT", "a D-U-N-S number has exactly 9 digits");
        }
    }
}
