package io.mdg.api.feed;

/** What happened to a golden record in a {@link RecordChange}. */
public enum RecordChangeKind {
    /** The golden record was created. */
    CREATED,
    /** Approved attribute values changed (a change held for approval is not golden and not in the feed). */
    ATTRIBUTES_CHANGED,
    /** The lifecycle status changed (activated, suspended, retired). */
    STATUS_CHANGED,
    /**
     * A merge: sent for the merged record (now RETIRED, {@code mergedInto} the survivor) and for the survivor (which
     * took over the merged record's source records).
     */
    MERGED
}
