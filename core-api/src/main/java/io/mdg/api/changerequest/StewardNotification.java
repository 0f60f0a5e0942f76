package io.mdg.api.changerequest;

import java.time.Instant;

import io.mdg.api.EntityType;

/**
 * One entry of the steward notification feed: a governance event that needs the people of a role. Ids, roles, steps
 * and times only: never a record's values (no bank details, no contacts).
 *
 * @param position        the entry's place in the feed (grows in commit order; the cursor a reader resumes from)
 * @param kind            what happened
 * @param changeRequestId the change request
 * @param type            the record's type
 * @param recordId        the golden record the request is about
 * @param role            the role whose people are notified (whose inbox the request is in, or was)
 * @param step            the number of the approval step concerned (1: the first)
 * @param stepRole        that step's role
 * @param deadline        when the request expires if still pending (for EXPIRED: the deadline it passed)
 * @param at              when it happened
 * @param correlationId   the correlation id of the request that caused it
 * @param rulesVersion    the declared version of the rules it was decided by (null: not recorded)
 * @param rulesHash       the SHA-256 of those rules' content (null: not recorded)
 */
public record StewardNotification(long position, Kind kind, String changeRequestId, EntityType type, String recordId,
                                  String role, int step, String stepRole, Instant deadline, Instant at,
                                  String correlationId, String rulesVersion, String rulesHash) {

    /** What a steward notification tells. */
    public enum Kind {
        /** The request reached a step of the role: new work in that role's inbox. */
        STEP_REACHED,
        /** The request passed its SLA and escalated to the role (it is in the role's inbox now). */
        ESCALATED,
        /** The request passed its deadline undecided: EXPIRED, nothing applied. */
        EXPIRED
    }
}
