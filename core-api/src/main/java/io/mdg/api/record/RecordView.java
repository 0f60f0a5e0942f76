package io.mdg.api.record;

import java.time.Instant;
import java.util.List;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.xref.SourceRefView;

/**
 * A golden record as the query side serves it.
 *
 * @param version        1 for a new record, +1 with every change
 * @param attributes     the golden values
 * @param sourceRefs     the source records that map to it
 * @param lineage        which source supplied each attribute's value
 * @param pendingChanges changes held for approval (their values never appear in {@code attributes})
 * @param mergedInto     the survivor, when this record was merged into another
 */
public record RecordView(String id, EntityType type, long version, LifecycleStatus status, Instant createdAt,
                         Instant updatedAt, MasterAttributes attributes, List<SourceRefView> sourceRefs,
                         List<AttributeLineage> lineage, List<PendingChangeView> pendingChanges, String mergedInto) {
}
