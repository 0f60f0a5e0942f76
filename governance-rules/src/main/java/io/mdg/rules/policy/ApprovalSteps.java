package io.mdg.rules.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.mdg.api.ApprovalStep;

/**
 * How the approval steps of several attribute groups combine into the steps of one change request (a request that
 * touches, say, the remit-to address and the bank account), the one place of that rule:
 *
 * <ul>
 *   <li>every role that any of the groups asks for is a step, once, with the <b>largest</b> number of approvals any of
 *       them asks of it (a role's approvals are people of that role, so asking twice is asking for the larger
 *       number);</li>
 *   <li>the steps keep <b>every group's order</b>: a role that a group puts before another comes before it (the
 *       precedence of all the groups together, ordered topologically); roles no order relates keep the order in which
 *       they first appear (groups in the order given, which is file order).</li>
 * </ul>
 *
 * So a request never needs less than any of its groups would alone, in any group's order. The rules file is refused
 * when the step lists of one entity type order two roles both ways ({@link #conflict}), so the combination of any of
 * its groups is well defined. Pure; no state.
 */
public final class ApprovalSteps {

    private ApprovalSteps() {
    }

    /**
     * The steps of a request whose parts ask for {@code stepLists} (each in order; an empty list asks for nothing).
     *
     * @throws IllegalArgumentException when the lists order two roles both ways (a rules file that passed
     *                                  {@link #conflict} never does)
     */
    public static List<ApprovalStep> combine(Collection<List<ApprovalStep>> stepLists) {
        Map<String, Integer> approvals = new LinkedHashMap<>();
        Map<String, Set<String>> after = new LinkedHashMap<>();
        for (List<ApprovalStep> steps : stepLists) {
            for (int i = 0; i < steps.size(); i++) {
                ApprovalStep step = steps.get(i);
                approvals.merge(step.role(), step.approvals(), Math::max);
                after.computeIfAbsent(step.role(), r -> new LinkedHashSet<>());
                if (i > 0) {
                    after.get(steps.get(i - 1).role()).add(step.role());
                }
            }
        }
        List<String> order = order(after).orElseThrow(() -> new IllegalArgumentException(
                "the approval steps order roles both ways: " + stepLists));
        List<ApprovalStep> combined = new ArrayList<>();
        for (String role : order) {
            combined.add(new ApprovalStep(role, approvals.get(role)));
        }
        return List.copyOf(combined);
    }

    /**
     * Why the step lists cannot be combined (two roles ordered both ways, e.g. one group asks the supplier steward
     * then the finance controller and another the other way round), or empty when they can.
     */
    public static Optional<String> conflict(Collection<List<ApprovalStep>> stepLists) {
        try {
            combine(stepLists);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The roles in an order that keeps every "before" edge, ties in first appearance; empty on a cycle. */
    private static Optional<List<String>> order(Map<String, Set<String>> after) {
        Map<String, Integer> incoming = new LinkedHashMap<>();
        after.keySet().forEach(role -> incoming.put(role, 0));
        after.values().forEach(next -> next.forEach(role -> incoming.merge(role, 1, Integer::sum)));
        List<String> order = new ArrayList<>();
        Set<String> left = new LinkedHashSet<>(after.keySet());
        while (!left.isEmpty()) {
            String ready = left.stream().filter(role -> incoming.get(role) == 0).findFirst().orElse(null);
            if (ready == null) {
                return Optional.empty();
            }
            left.remove(ready);
            order.add(ready);
            after.get(ready).forEach(role -> incoming.merge(role, -1, Integer::sum));
        }
        return Optional.of(order);
    }
}
