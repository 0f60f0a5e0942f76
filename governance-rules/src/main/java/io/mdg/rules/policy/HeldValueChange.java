package io.mdg.rules.policy;

import java.util.List;
import java.util.Objects;

/**
 * A change of one attribute from one value to another that is held for approval although the attribute's group is
 * low risk: a group's {@code heldChanges} in the rules file, e.g. screening {@code EXCLUDED -> CLEAR}, which re-opens
 * ordering and payments for the supplier (the opposite direction, an exclusion hit, applies at once).
 *
 * @param group     the attribute's group
 * @param attribute the attribute
 * @param from      the value before, as written in the file (an enum constant's name); null: any value
 * @param to        the value after; null: any other value
 * @param approvals how many people other than the requester must approve in all (1 or 2 of the type's approver role,
 *                  or the total of {@code steps})
 * @param steps     the approval steps it names, in order; empty: one step of the type's approver role with
 *                  {@code approvals} approvals
 */
public record HeldValueChange(String group, String attribute, String from, String to, int approvals,
                              List<io.mdg.api.ApprovalStep> steps) {

    /** A held change approved in one step of the type's approver role. */
    public HeldValueChange(String group, String attribute, String from, String to, int approvals) {
        this(group, attribute, from, to, approvals, List.of());
    }

    public HeldValueChange {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(attribute, "attribute");
        steps = steps == null ? List.of() : List.copyOf(steps);
        if (from == null && to == null) {
            throw new IllegalArgumentException("a held change names its value before, after or both");
        }
    }

    /** Whether changing the attribute from {@code before} to {@code after} is this change. */
    public boolean matches(Object before, Object after) {
        String was = before == null ? null : before.toString();
        String becomes = after == null ? null : after.toString();
        return !Objects.equals(was, becomes)
                && (from == null || from.equals(was))
                && (to == null || to.equals(becomes));
    }

    /** Why the change is held, for the submission's answer (e.g. {@code screening EXCLUDED -> CLEAR}). */
    public String reason() {
        return group + " " + (from == null ? "any" : from) + " -> " + (to == null ? "any" : to);
    }
}
