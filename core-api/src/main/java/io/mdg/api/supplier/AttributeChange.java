package io.mdg.api.supplier;

/** One attribute's value before and after a change (field-level history and audit). */
public record AttributeChange(SupplierAttribute attribute, String before, String after) {
}
