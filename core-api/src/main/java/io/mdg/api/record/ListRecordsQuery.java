package io.mdg.api.record;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;

/**
 * A page of golden records of one type in id order, optionally of one status, starting after {@code afterId}
 * (null: from the start). Answers {@code List<RecordView>} of at most {@code limit} records.
 */
public record ListRecordsQuery(EntityType type, LifecycleStatus status, String afterId, int limit) {
}
