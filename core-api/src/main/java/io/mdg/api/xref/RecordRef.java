package io.mdg.api.xref;

import io.mdg.api.EntityType;

/** A pointer to a golden record. */
public record RecordRef(EntityType type, String goldenId) {
}
