package io.mdg.api.changerequest;

import io.mdg.api.Actor;

/**
 * A steward rejected the change request (or it could no longer be applied); the golden record is untouched.
 *
 * @param onBehalfOf   when the steward decided as a delegate: the delegator (user name) for whom (null: in their own
 *                     name; null in events stored before delegation existed)
 * @param delegationId the delegation it was decided under (null when decided in the steward's own name)
 */
public record ChangeRequestRejectedEvent(String changeRequestId, Actor rejectedBy, String reason, String onBehalfOf,
                                         String delegationId) {

    /** A rejection in the steward's own name. */
    public ChangeRequestRejectedEvent(String changeRequestId, Actor rejectedBy, String reason) {
        this(changeRequestId, rejectedBy, reason, null, null);
    }
}
