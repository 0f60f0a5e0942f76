package io.mdg.graphql.record;

import java.time.Instant;
import java.util.List;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.model.Address;
import io.mdg.api.model.LocationAttributes;
import io.mdg.api.model.LocationType;
import io.mdg.api.model.ReplenishmentMethod;
import io.mdg.api.model.StorageCondition;
import io.mdg.api.record.AttributeLineage;
import io.mdg.api.record.PendingChangeView;
import io.mdg.api.record.RecordView;
import io.mdg.api.xref.SourceRefView;

/** The GraphQL type {@code Location}; {@code parent} is resolved from {@code parentId} in batches. */
public record LocationNode(String id, long version, LifecycleStatus status, Instant createdAt, Instant updatedAt,
                           List<SourceRefView> sourceRefs, List<AttributeLineage> lineage,
                           List<PendingChangeView> pendingChanges, String mergedInto,
                           String name, LocationType locationType, String parentId, String gln, String hin,
                           Address address, String costCentre, StorageCondition storageCondition,
                           ReplenishmentMethod replenishmentMethod) implements MasterRecordNode {

    @Override
    public EntityType type() {
        return EntityType.LOCATION;
    }

    static LocationNode of(RecordView v, LocationAttributes a) {
        return new LocationNode(v.id(), v.version(), v.status(), v.createdAt(), v.updatedAt(),
                MasterRecordNode.orEmpty(v.sourceRefs()), MasterRecordNode.orEmpty(v.lineage()),
                MasterRecordNode.orEmpty(v.pendingChanges()), v.mergedInto(),
                a.name(), a.locationType(), ItemNode.idOf(a.parent()), a.gln(), a.hin(), a.address(), a.costCentre(),
                a.storageCondition(), a.replenishmentMethod());
    }
}
