package io.mdg.api;

import java.util.Objects;

/**
 * One step of a change request's approval: {@code approvals} different people with the realm role {@code role}
 * approve it (in parallel, in any order) before the next step starts. The rules file defines the steps per attribute
 * group and risk ({@code steps: [{ role: supplier-steward, approvals: 1 }, { role: finance-controller, approvals: 1 }]});
 * {@code approvals: N} is one step of the entity type's approver role.
 *
 * @param role      the realm role whose people approve this step
 * @param approvals how many different people of that role approve it (at least 1)
 */
public record ApprovalStep(String role, int approvals) {

    public ApprovalStep {
        Objects.requireNonNull(role, "role");
        if (role.isBlank()) {
            throw new IllegalArgumentException("an approval step needs a role");
        }
        if (approvals < 1) {
            throw new IllegalArgumentException("an approval step needs at least one approval, not " + approvals);
        }
    }

    /** How many approvals the steps need in all. */
    public static int total(java.util.List<ApprovalStep> steps) {
        return steps.stream().mapToInt(ApprovalStep::approvals).sum();
    }
}
