package io.mdg.query.supplier;

import java.time.Instant;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;

import io.mdg.api.LifecycleStatus;

/**
 * The golden supplier record as stored in the read store ({@code suppliers} collection). {@code version} is the
 * sequence number of the last event applied: a redelivered event with a sequence number not above it is skipped.
 */
public record SupplierDocument(@BsonId String id,
                               long version,
                               LifecycleStatus status,
                               Instant createdAt,
                               Instant updatedAt,
                               String legalName,
                               String taxId,
                               String duns,
                               String gln,
                               List<SourceRefDocument> sourceRefs) {
}
