package io.mdg.api.feed;

import java.time.Instant;
import java.util.List;

import io.mdg.api.EntityType;
import io.mdg.api.record.RecordView;

/**
 * One approved change of a golden record, as the change feed delivers it.
 *
 * @param type       the record's type
 * @param recordId   the golden record
 * @param version    the record's version after the change (as {@link RecordView#version()})
 * @param kind       what happened
 * @param attributes the attributes whose golden values changed (all the record's attributes for CREATED, none for
 *                   STATUS_CHANGED and MERGED)
 * @param at         when the change happened (the event's time)
 * @param record     the record as stored at that version
 */
public record RecordChange(EntityType type, String recordId, long version, RecordChangeKind kind,
                           List<String> attributes, Instant at, RecordView record) {

    public RecordChange {
        attributes = attributes == null ? List.of() : List.copyOf(attributes);
    }
}
