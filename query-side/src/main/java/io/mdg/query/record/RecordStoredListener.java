package io.mdg.query.record;

import java.time.Instant;

import org.bson.Document;

import io.mdg.api.EntityType;

/**
 * A read model that follows whole versions of golden records (e.g. the version history for as-of reads, the change
 * feed). The {@link RecordProjection} tells it after it stored each new version of a record, in event order per
 * record. An event is redelivered when the processor retries, so a listener must be idempotent (key what it keeps by
 * record and {@code sequence}).
 */
public interface RecordStoredListener {

    /**
     * A new version of a record was stored.
     *
     * @param type     the record's type
     * @param stored   the document as stored (see {@link RecordStore}); read it, never change it
     * @param event    the event that made this version (e.g. a {@code RecordChangedEvent})
     * @param sequence the event's sequence number within the record (the document's {@code version})
     * @param at       the event's time
     */
    void stored(EntityType type, Document stored, Object event, long sequence, Instant at);

    /** The read models are rebuilt from the start: drop what this listener keeps. */
    default void reset() {
    }
}
