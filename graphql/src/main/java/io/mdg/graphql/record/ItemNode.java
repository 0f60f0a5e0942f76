package io.mdg.graphql.record;

import java.time.Instant;
import java.util.List;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.ItemClass;
import io.mdg.api.model.MriSafety;
import io.mdg.api.model.Ref;
import io.mdg.api.model.UdiAgency;
import io.mdg.api.record.AttributeLineage;
import io.mdg.api.record.PendingChangeView;
import io.mdg.api.record.RecordView;
import io.mdg.api.xref.SourceRefView;

/** The GraphQL type {@code Item}; {@code manufacturer} is resolved from {@code manufacturerId} in batches. */
public record ItemNode(String id, long version, LifecycleStatus status, Instant createdAt, Instant updatedAt,
                       List<SourceRefView> sourceRefs, List<AttributeLineage> lineage,
                       List<PendingChangeView> pendingChanges, String mergedInto,
                       String description, String manufacturerId, String manufacturerPartNumber, String udiDi,
                       UdiAgency udiAgency, String hibcCode, String unspsc, ItemClass itemClass,
                       List<PackagingLevelNode> packaging, Boolean sterile, Boolean latex, Boolean implantable,
                       MriSafety mriSafety) implements MasterRecordNode {

    @Override
    public EntityType type() {
        return EntityType.ITEM;
    }

    static ItemNode of(RecordView v, ItemAttributes a) {
        return new ItemNode(v.id(), v.version(), v.status(), v.createdAt(), v.updatedAt(),
                MasterRecordNode.orEmpty(v.sourceRefs()), MasterRecordNode.orEmpty(v.lineage()),
                MasterRecordNode.orEmpty(v.pendingChanges()), v.mergedInto(),
                a.description(), idOf(a.manufacturer()), a.manufacturerPartNumber(), a.udiDi(), a.udiAgency(),
                a.hibcCode(), a.unspsc(), a.itemClass(), PackagingLevelNode.of(a.packaging()), a.sterile(), a.latex(),
                a.implantable(), a.mriSafety());
    }

    static String idOf(Ref ref) {
        return ref == null ? null : ref.id();
    }
}
