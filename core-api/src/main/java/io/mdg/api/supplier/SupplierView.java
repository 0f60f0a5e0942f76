package io.mdg.api.supplier;

import java.time.Instant;
import java.util.List;

import io.mdg.api.LifecycleStatus;
import io.mdg.api.xref.SourceRefView;

/** The golden supplier record as the read side serves it. */
public record SupplierView(String id,
                           long version,
                           LifecycleStatus status,
                           Instant createdAt,
                           Instant updatedAt,
                           String legalName,
                           String taxId,
                           String duns,
                           String gln,
                           List<SourceRefView> sourceRefs) {
}
