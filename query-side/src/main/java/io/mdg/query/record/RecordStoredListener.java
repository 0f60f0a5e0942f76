package io.mdg.query.record;

import java.time.Instant;

import io.mdg.api.EntityType;
import io.mdg.api.record.RecordView;

/**
 * A read model that follows whole versions of golden records (e.g. the version history for as-of reads, the change
 * feed). The {@link RecordProjection} tells it of each new version of a record just before storing it, in event
 * order per record. An event is redelivered when the processor retries (also when a listener or the store failed),
 * so a listener must be idempotent (key what it keeps by record and {@code sequence}) and publish nothing before the
 * unit of work commits.
 */
public interface RecordStoredListener {

    /**
     * A new version of a record is being stored.
     *
     * @param type     the record's type
     * @param stored   the record as it will be stored and read (immutable)
     * @param event    the event that made this version (e.g. a {@code RecordChangedEvent})
     * @param sequence the event's sequence number within the record (the document's {@code version})
     * @param at       the event's time
     */
    void stored(EntityType type, RecordView stored, Object event, long sequence, Instant at);

    /** The read models are rebuilt from the start: drop what this listener keeps. */
    default void reset() {
    }
}
