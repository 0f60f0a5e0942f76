package io.mdg.api.supplier;

import java.util.List;

import io.mdg.api.Actor;
import io.mdg.api.SourceRef;

/** Attributes of a golden supplier record changed, each with its value before and after. */
public record SupplierAttributesChangedEvent(String supplierId, SourceRef source, Actor actor,
                                             List<AttributeChange> changes) {

    public SupplierAttributesChangedEvent {
        changes = List.copyOf(changes);
    }
}
