package io.mdg.api.changerequest;

import java.time.Instant;

import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;

/**
 * One entry of a source system's feed of what became of its submissions that were held for approval: the change was
 * held (a change request opened), escalated, approved (applied), rejected, expired, withdrawn or superseded.
 *
 * @param position      the entry's place in the feed (grows in commit order; the cursor a reader resumes from)
 * @param changeRequestId the change request the submission opened
 * @param type          the record's type
 * @param recordId      the golden record
 * @param source        the source record as submitted (system, its id, its version)
 * @param status        what happened
 * @param reason        a rejection's or withdrawal's reason; the role it escalated to; null otherwise
 * @param at            when it happened
 * @param correlationId the correlation id of the request that caused it (the submission's for HELD)
 */
public record HeldSubmissionUpdate(long position, String changeRequestId, EntityType type, String recordId,
                                SourceRef source, Status status, String reason, Instant at, String correlationId) {

    /** What became of a held submission. */
    public enum Status {
        /** Held for approval: a change request opened. */
        HELD,
        /** It passed its SLA and escalated (still pending). */
        ESCALATED,
        /** Approved and applied to the golden record. */
        APPROVED,
        /** Rejected by a steward; {@code reason} says why. */
        REJECTED,
        /** Not decided before its deadline: nothing was applied. */
        EXPIRED,
        /** Withdrawn by its requester. */
        WITHDRAWN,
        /** A newer submission of the same source record replaced it. */
        SUPERSEDED
    }
}
