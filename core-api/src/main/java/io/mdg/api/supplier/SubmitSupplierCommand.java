package io.mdg.api.supplier;

import java.util.Objects;

import org.axonframework.commandhandling.RoutingKey;

import io.mdg.api.Actor;
import io.mdg.api.SourceRef;

/**
 * A source system sends its version of a supplier record. The command side resolves the cross-reference (source
 * record to golden record), creates the golden record when it is new, or applies the changed attributes.
 * Routed by the source record, so that submissions of one source record are handled by one node, in order.
 */
public record SubmitSupplierCommand(SourceRef source, SupplierAttributes attributes, Actor actor) {

    public SubmitSupplierCommand {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(actor, "actor");
        attributes = attributes == null ? SupplierAttributes.EMPTY : attributes;
    }

    @RoutingKey
    public String routingKey() {
        return "SUPPLIER:" + source.key();
    }
}
