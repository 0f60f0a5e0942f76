package io.mdg.api.record;

import java.util.Objects;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;

/** A steward activates, suspends or retires a golden record. Refused (with a code) when a lifecycle rule forbids it. */
public record ChangeLifecycleCommand(EntityType type, String recordId, LifecycleStatus target, String reason,
                                     Actor actor) {

    public ChangeLifecycleCommand {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(actor, "actor");
    }
}
