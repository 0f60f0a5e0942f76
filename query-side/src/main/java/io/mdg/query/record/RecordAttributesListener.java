package io.mdg.query.record;

import io.mdg.api.EntityType;
import io.mdg.api.model.MasterAttributes;

/**
 * A read model that follows the attributes of golden records (e.g. the blocking keys of duplicate detection). The
 * {@link RecordProjection} tells it of every change of the attributes of the types it follows, after deciding the
 * event is new (its idempotency check) and before it stores the record, so that a failure in between is repaired by
 * the redelivery of the event. Changes must therefore be idempotent (set operations).
 */
public interface RecordAttributesListener {

    /** Whether this listener follows records of the type. */
    boolean follows(EntityType type);

    /** The attributes of a record change from {@code before} (null for a new record) to {@code after}. */
    void attributesChanging(EntityType type, String recordId, MasterAttributes before, MasterAttributes after);

    /** The read models are rebuilt from the start: drop what this listener keeps. */
    void reset();
}
