package io.mdg.graphql.record;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.ContractType;
import io.mdg.api.record.AttributeLineage;
import io.mdg.api.record.PendingChangeView;
import io.mdg.api.record.RecordView;
import io.mdg.api.xref.SourceRefView;

/** The GraphQL type {@code Contract}; {@code supplier} and each line's {@code item} are resolved in batches. */
public record ContractNode(String id, long version, LifecycleStatus status, Instant createdAt, Instant updatedAt,
                           List<SourceRefView> sourceRefs, List<AttributeLineage> lineage,
                           List<PendingChangeView> pendingChanges, String mergedInto,
                           String contractNumber, String supplierId, ContractType contractType, String tier,
                           LocalDate effectiveFrom, LocalDate effectiveTo, List<ContractLineNode> lines)
        implements MasterRecordNode {

    @Override
    public EntityType type() {
        return EntityType.CONTRACT;
    }

    static ContractNode of(RecordView v, ContractAttributes a) {
        return new ContractNode(v.id(), v.version(), v.status(), v.createdAt(), v.updatedAt(),
                MasterRecordNode.orEmpty(v.sourceRefs()), MasterRecordNode.orEmpty(v.lineage()),
                MasterRecordNode.orEmpty(v.pendingChanges()), v.mergedInto(),
                a.contractNumber(), ItemNode.idOf(a.supplier()), a.contractType(), a.tier(), a.effectiveFrom(),
                a.effectiveTo(), a.lines() == null ? null : a.lines().stream()
                        .filter(java.util.Objects::nonNull)
                        .map(l -> new ContractLineNode(ItemNode.idOf(l.item()), l.unit(), l.price(), l.currency(),
                                l.tier(), l.effectiveFrom(), l.effectiveTo()))
                        .toList());
    }
}
