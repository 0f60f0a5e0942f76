package io.mdg.api.ops;

import io.mdg.api.EntityType;

/**
 * One difference between a live golden record and its rebuild from the events. Names the field, never its values
 * (they can be bank details).
 *
 * @param type     the record type
 * @param recordId the golden record
 * @param field    the field of the stored record (e.g. {@code attributes.legalName}); {@code *} for a whole record
 * @param kind     what differs
 */
public record ConsistencyDifference(EntityType type, String recordId, String field, Kind kind) {

    public enum Kind {
        /** The events have the record, the live read model does not. */
        MISSING_IN_LIVE,
        /** The live read model has a record (or field) the events do not. */
        NOT_IN_EVENTS,
        /** Both have the field with different values. */
        DIFFERENT
    }
}
