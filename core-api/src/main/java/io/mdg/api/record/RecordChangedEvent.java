package io.mdg.api.record;

import java.util.List;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.model.MasterAttributes;

/**
 * Attributes of a golden record changed. {@code values} holds the new values of exactly the {@code attributes}
 * named, {@code previous} their values before (null where there was none): the field-level audit trail.
 * {@code source} is the submitting source record (or a steward's pseudo-source).
 */
public record RecordChangedEvent(String recordId, EntityType type, SourceRef source, List<String> attributes,
                                 MasterAttributes values, MasterAttributes previous, Actor actor) {
}
