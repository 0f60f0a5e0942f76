package io.mdg.api.model;

/**
 * An identifier that is unique among the golden records of one entity type, in canonical form (e.g. a GTIN
 * left-padded to 14 digits). {@code kind} is e.g. {@code TAX_ID}, {@code DUNS}, {@code GTIN}, {@code UDI_DI},
 * {@code GLN}, {@code HIN}, {@code CONTRACT_NUMBER} (then the value is {@code supplierId/number}).
 */
public record Identifier(String kind, String value) {

    @Override
    public String toString() {
        return kind + " " + value;
    }
}
