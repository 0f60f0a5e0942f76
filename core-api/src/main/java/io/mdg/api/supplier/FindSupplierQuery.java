package io.mdg.api.supplier;

/** The current golden supplier record with this id. Answers an {@code Optional<SupplierView>}. */
public record FindSupplierQuery(String supplierId) {
}
