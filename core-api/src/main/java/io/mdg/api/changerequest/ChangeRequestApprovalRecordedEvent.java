package io.mdg.api.changerequest;

import io.mdg.api.Actor;

/** One approval of a change request (of {@code required}); the request stays pending until all are in. */
public record ChangeRequestApprovalRecordedEvent(String changeRequestId, Actor approver, String comment,
                                                 String verificationNote, int approvals, int required) {
}
