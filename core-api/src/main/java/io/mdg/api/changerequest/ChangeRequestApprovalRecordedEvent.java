package io.mdg.api.changerequest;

import io.mdg.api.Actor;

/**
 * One approval of a change request ({@code approvals} of {@code required} in all, over every step); the request stays
 * pending until all are in.
 *
 * @param step the number of the approval step it was given for (1: the first); null in events stored before steps
 *             existed (their requests have one step)
 * @param role the role of that step (null in events stored before steps existed: the request's approver role)
 * @param onBehalfOf   when the approver decided as a delegate: the delegator (user name) whose approval of the step's
 *                     role this is (null: in the approver's own name; null in events stored before delegation
 *                     existed); the approval counts for both people
 * @param delegationId the delegation it was given under (null when given in the approver's own name)
 */
public record ChangeRequestApprovalRecordedEvent(String changeRequestId, Actor approver, String comment,
                                                 String verificationNote, int approvals, int required, Integer step,
                                                 String role, String onBehalfOf, String delegationId) {

    /** An approval in the approver's own name. */
    public ChangeRequestApprovalRecordedEvent(String changeRequestId, Actor approver, String comment,
                                              String verificationNote, int approvals, int required, Integer step,
                                              String role) {
        this(changeRequestId, approver, comment, verificationNote, approvals, required, step, role, null, null);
    }

    /** An approval of a request in one step. */
    public ChangeRequestApprovalRecordedEvent(String changeRequestId, Actor approver, String comment,
                                              String verificationNote, int approvals, int required) {
        this(changeRequestId, approver, comment, verificationNote, approvals, required, null, null, null, null);
    }

    /** The number of the step it was given for; 1 for events stored before steps existed. */
    public int stepOrFirst() {
        return step == null ? 1 : step;
    }
}
