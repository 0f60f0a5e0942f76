package io.mdg.api.record;

import java.util.List;

import io.mdg.api.ApprovalStep;

/**
 * An attribute whose change needs approval: its group in the rules file, approvals needed (in all), evidence needed,
 * and the approval steps its group's rules ask for ({@code steps}; null in events stored before steps existed: one
 * step of the entity type's approver role with {@code approvalsRequired} approvals).
 */
public record HeldAttribute(String attribute, String group, int approvalsRequired, boolean evidenceRequired,
                            List<ApprovalStep> steps) {

    public HeldAttribute {
        steps = steps == null || steps.isEmpty() ? null : List.copyOf(steps);
    }

    /** An attribute approved in one step of the entity type's approver role. */
    public HeldAttribute(String attribute, String group, int approvalsRequired, boolean evidenceRequired) {
        this(attribute, group, approvalsRequired, evidenceRequired, null);
    }

    /** Its approval steps; one step of {@code approverRole} when it names none (stored before steps existed). */
    public List<ApprovalStep> stepsOr(String approverRole) {
        return steps != null ? steps : List.of(new ApprovalStep(approverRole, Math.max(1, approvalsRequired)));
    }
}
