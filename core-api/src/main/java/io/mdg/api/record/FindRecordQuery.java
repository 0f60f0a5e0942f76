package io.mdg.api.record;

import io.mdg.api.EntityType;

/** One golden record by id; {@code type} null for any type. Answers {@code Optional<RecordView>}. */
public record FindRecordQuery(EntityType type, String recordId) {
}
