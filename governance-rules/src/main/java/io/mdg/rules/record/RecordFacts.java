package io.mdg.rules.record;

import java.util.Objects;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.model.MasterAttributes;

/** What the rules need to know of a golden record: its id, type, lifecycle status and current attributes. */
public record RecordFacts(String id, EntityType type, LifecycleStatus status, MasterAttributes attributes) {

    public RecordFacts {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(attributes, "attributes");
        if (attributes.entityType() != type) {
            throw new IllegalArgumentException("record " + id + " is a " + type + " but has "
                    + attributes.entityType() + " attributes");
        }
    }
}
