package io.mdg.query.xref;

import java.util.List;

import io.mdg.api.EntityType;
import io.mdg.api.SourceSystem;
import io.mdg.api.xref.RecordRef;

/**
 * The cross-reference read model: for each source record ({@code system}, {@code sourceId}) the golden records it
 * maps to, one per entity type (normally one in all; more only when a source reuses an id across types), in no
 * particular order. Every change is a set operation, so redelivery is harmless. Adapters: memory
 * ({@link MemoryCrossReferenceReadModel}) and MongoDB ({@link MongoCrossReferenceReadModel}).
 */
public interface CrossReferenceReadModel {

    /** The source record maps to the golden record (nothing changes when it does already). */
    void link(SourceSystem system, String sourceId, EntityType type, String goldenId);

    /** The source record no longer maps to the golden record (nothing changes when it does not). */
    void unlink(SourceSystem system, String sourceId, EntityType type, String goldenId);

    /** The golden records the source record maps to. */
    List<RecordRef> find(SourceSystem system, String sourceId);

    /** Forgets every cross-reference (a rebuild starts). */
    void dropAll();
}
