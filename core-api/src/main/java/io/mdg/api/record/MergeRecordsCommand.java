package io.mdg.api.record;

import java.util.Objects;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;

/**
 * A steward merges two golden records of the same type that describe the same thing: the cross-references of
 * {@code mergedId} move to {@code survivorId}, and {@code mergedId} is retired with a pointer to the survivor.
 */
public record MergeRecordsCommand(EntityType type, String survivorId, String mergedId, String reason, Actor actor) {

    public MergeRecordsCommand {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(survivorId, "survivorId");
        Objects.requireNonNull(mergedId, "mergedId");
        Objects.requireNonNull(actor, "actor");
        if (survivorId.equals(mergedId)) {
            throw new IllegalArgumentException("a record cannot be merged into itself");
        }
    }
}
