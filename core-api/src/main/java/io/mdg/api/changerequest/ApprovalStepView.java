package io.mdg.api.changerequest;

import java.util.List;

import io.mdg.api.ApprovalStep;

/**
 * One step of a change request as the query side serves it.
 *
 * @param role              the realm role that approves this step
 * @param approvalsRequired how many different people of the role approve it
 * @param approvals         how many have so far
 * @param approvers         who (user names, in order)
 */
public record ApprovalStepView(String role, int approvalsRequired, int approvals, List<String> approvers) {

    public ApprovalStepView {
        approvers = approvers == null ? List.of() : List.copyOf(approvers);
    }

    /** The step with nobody's approval yet. */
    public static ApprovalStepView of(ApprovalStep step) {
        return new ApprovalStepView(step.role(), step.approvals(), 0, List.of());
    }

    /** Whether every approval of the step is in. */
    public boolean complete() {
        return approvals >= approvalsRequired;
    }
}
