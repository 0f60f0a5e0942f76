package io.mdg.api.supplier;

import java.util.function.Function;

/** Names of the supplier attributes, as used in per-attribute results, lineage and audit. */
public enum SupplierAttribute {
    LEGAL_NAME("legalName", SupplierAttributes::legalName),
    TAX_ID("taxId", SupplierAttributes::taxId),
    DUNS("duns", SupplierAttributes::duns),
    GLN("gln", SupplierAttributes::gln);

    private final String fieldName;
    private final Function<SupplierAttributes, String> accessor;

    SupplierAttribute(String fieldName, Function<SupplierAttributes, String> accessor) {
        this.fieldName = fieldName;
        this.accessor = accessor;
    }

    /** The attribute's name in the API ({@code legalName}). */
    public String fieldName() {
        return fieldName;
    }

    public String valueIn(SupplierAttributes attributes) {
        return attributes == null ? null : accessor.apply(attributes);
    }
}
