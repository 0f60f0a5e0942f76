package io.mdg.api.supplier;

import io.mdg.api.Actor;
import io.mdg.api.SourceRef;

/** A new golden supplier record was created from a source submission. */
public record SupplierRegisteredEvent(String supplierId, SourceRef source, Actor actor, SupplierAttributes attributes) {
}
