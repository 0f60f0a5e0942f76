package io.mdg.api.record;

import java.time.Instant;

import io.mdg.api.EntityType;

/**
 * One golden record as it was at an instant: the version in force then, with its approved values, source refs,
 * lineage and pending changes as they stood (a held change's values never appear). Answers
 * {@code Optional<RecordView>}, empty when the record did not exist yet at {@code asOf} (or not at all).
 */
public record FindRecordAsOfQuery(EntityType type, String recordId, Instant asOf) {
}
