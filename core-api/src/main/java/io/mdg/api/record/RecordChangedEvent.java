package io.mdg.api.record;

import java.util.List;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.model.MasterAttributes;

/**
 * Attributes of a golden record changed. {@code values} holds the new values of exactly the {@code attributes}
 * named, {@code previous} their values before (null where there was none): the field-level audit trail.
 * {@code source} is the submitting source record (or a steward's pseudo-source). {@code changeRequestId} names the
 * approved change request the change came from (null for a change applied directly); {@code actor} is then the
 * approver whose approval completed it.
 */
public record RecordChangedEvent(String recordId, EntityType type, SourceRef source, List<String> attributes,
                                 MasterAttributes values, MasterAttributes previous, Actor actor,
                                 String changeRequestId) {

    /** A change applied directly (no change request). */
    public RecordChangedEvent(String recordId, EntityType type, SourceRef source, List<String> attributes,
                              MasterAttributes values, MasterAttributes previous, Actor actor) {
        this(recordId, type, source, attributes, values, previous, actor, null);
    }
}
