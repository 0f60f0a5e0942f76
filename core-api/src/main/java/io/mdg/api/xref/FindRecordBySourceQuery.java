package io.mdg.api.xref;

import io.mdg.api.EntityType;
import io.mdg.api.SourceSystem;

/**
 * Resolves a source system's record id to golden records. Answers a {@code List<RecordRef>}: empty when unknown;
 * more than one only when the same source id is used for records of different types and {@code type} is null.
 */
public record FindRecordBySourceQuery(SourceSystem system, String sourceId, EntityType type) {
}
