package io.mdg.graphql.record;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.LocationAttributes;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.AttributeLineage;
import io.mdg.api.record.PendingChangeView;
import io.mdg.api.record.RecordView;
import io.mdg.api.xref.SourceRefView;
import io.mdg.graphql.security.RecordEntitlements;

/**
 * The GraphQL interface {@code MasterRecord}: a golden record flattened for the schema (the record's fields and its
 * attributes side by side), one Java record per GraphQL type. Reference attributes appear as ids; their objects are
 * resolved in batches ({@link ReferenceController}).
 */
public sealed interface MasterRecordNode permits SupplierNode, ItemNode, ContractNode, LocationNode {

    String id();

    /** The record's type. */
    EntityType type();

    long version();

    LifecycleStatus status();

    Instant createdAt();

    Instant updatedAt();

    List<SourceRefView> sourceRefs();

    List<AttributeLineage> lineage();

    List<PendingChangeView> pendingChanges();

    String mergedInto();

    /** What the read entitlement decides on: the record's type, id and the source systems that hold it. */
    default RecordEntitlements.Subject subject() {
        return new RecordEntitlements.Subject(type(), id(), sourceRefs().stream().map(SourceRefView::system)
                .collect(Collectors.toUnmodifiableSet()));
    }

    /** The node of a golden record, by the type of its attributes. */
    static MasterRecordNode of(RecordView view) {
        if (view.attributes() instanceof SupplierAttributes supplier) {
            return SupplierNode.of(view, supplier);
        }
        if (view.attributes() instanceof ItemAttributes item) {
            return ItemNode.of(view, item);
        }
        if (view.attributes() instanceof ContractAttributes contract) {
            return ContractNode.of(view, contract);
        }
        if (view.attributes() instanceof LocationAttributes location) {
            return LocationNode.of(view, location);
        }
        throw new IllegalArgumentException("record " + view.id() + " has no attributes");
    }

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
