package io.mdg.rules.file;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.model.Attributes;
import io.mdg.rules.policy.AttributeGroup;
import io.mdg.rules.policy.GovernancePolicy;
import io.mdg.rules.policy.HeldValueChange;

/**
 * What a change of the rules in force may not do: weaken a control below the shipped rules
 * ({@link RulesFile#loadDefault()}, the baseline). A proposed rules change that does is refused as unsafe, each
 * problem named. The controls (README "Rules are governed"):
 * <ol>
 * <li>an attribute in a HIGH-risk group of the baseline (tax id, remit-to address, bank account, packaging,
 * regulatory flags, tier, a location's parent and identifiers) stays in a HIGH-risk group that needs at least as many
 * approvals in all;</li>
 * <li>a baseline step role stays among its group's approval steps (segregation of duties between roles, e.g. the
 * finance controller who releases a bank account checked by a procurement steward);</li>
 * <li>evidence (a verification note) stays required where the baseline requires it, and values held on creation
 * (a new supplier's bank account) stay held;</li>
 * <li>a held value change of the baseline (screening EXCLUDED to CLEAR) stays held, with at least as many approvals;</li>
 * <li>a steward's merge and lifecycle changes need at least the baseline's approvals;</li>
 * <li>escalation stays on where the baseline has it, for every type that escalates there.</li>
 * </ol>
 * The very first rules a service adopts (its file at the first start) are not checked: an operator's starting
 * point is theirs; every change after it is.
 */
public final class RulesChangeSafety {

    private RulesChangeSafety() {
    }

    /** The problems of {@code proposed} against the shipped rules; empty: safe. */
    public static List<String> problems(RulesFile proposed) {
        return problems(proposed, RulesFile.loadDefault());
    }

    /** The problems of {@code proposed} against {@code baseline}; empty: safe. */
    public static List<String> problems(RulesFile proposed, RulesFile baseline) {
        GovernancePolicy now = proposed.policy();
        GovernancePolicy base = baseline.policy();
        List<String> problems = new ArrayList<>();
        for (EntityType type : EntityType.values()) {
            for (AttributeGroup was : base.groups(type)) {
                for (String attribute : was.attributes()) {
                    if (!Attributes.names(type).contains(attribute)) {
                        continue;
                    }
                    AttributeGroup is = now.group(type, attribute);
                    String path = "entities." + type + ".groups." + is.name() + " (" + attribute + ")";
                    if (was.highRisk()) {
                        if (!is.highRisk()) {
                            problems.add(path + ": must stay HIGH risk (shipped: " + was.name() + ", HIGH, "
                                    + approvals(base, was) + " approval(s))");
                        } else if (approvals(now, is) < approvals(base, was)) {
                            problems.add(path + ": needs at least " + approvals(base, was) + " approval(s) in all"
                                    + " (shipped), not " + approvals(now, is));
                        }
                        Set<String> roles = roles(now, is);
                        for (String role : roles(base, was)) {
                            if (is.highRisk() && !roles.contains(role)) {
                                problems.add(path + ": must keep an approval step of " + role
                                        + " (segregation of duties; shipped steps: " + roles(base, was) + ")");
                            }
                        }
                    }
                    if (was.evidenceRequired() && !is.evidenceRequired()) {
                        problems.add(path + ": must keep evidenceRequired: true (a verification note)");
                    }
                    if (was.heldOnCreation() && !is.heldOnCreation()) {
                        problems.add(path + ": must keep heldOnCreation: true");
                    }
                }
            }
            for (HeldValueChange was : base.heldChanges(type)) {
                HeldValueChange is = now.heldChanges(type).stream()
                        .filter(c -> c.attribute().equals(was.attribute()) && c.matches(was.from(), was.to()))
                        .findFirst().orElse(null);
                String path = "entities." + type + " heldChanges (" + was.attribute() + " " + was.from() + " -> "
                        + was.to() + ")";
                if (is == null && !now.group(type, was.attribute()).highRisk()) {
                    problems.add(path + ": must stay held for approval");
                } else if (is != null && Math.max(1, is.approvals()) < Math.max(1, was.approvals())) {
                    problems.add(path + ": needs at least " + was.approvals() + " approval(s)");
                }
            }
            int merge = base.stewardActions(type).mergeApprovals();
            if (now.stewardActions(type).mergeApprovals() < merge) {
                problems.add("entities." + type + ".stewardActions.merge: needs at least " + merge
                        + " approval(s) (shipped)");
            }
            for (LifecycleStatus target : LifecycleStatus.values()) {
                int needed = base.stewardActions(type).lifecycleApprovals(target);
                if (now.stewardActions(type).lifecycleApprovals(target) < needed) {
                    problems.add("entities." + type + ".stewardActions.lifecycle." + target + ": needs at least "
                            + needed + " approval(s) (shipped)");
                }
            }
            if (base.escalationRole(type).isPresent() && now.escalationRole(type).isEmpty()) {
                problems.add("entities." + type + ".escalationRole: escalation must stay on (shipped: "
                        + base.escalationRole(type).get() + " after " + base.escalateAfter() + ")");
            }
        }
        return List.copyOf(new LinkedHashSet<>(problems));
    }

    private static int approvals(GovernancePolicy policy, AttributeGroup group) {
        return policy.approvalSteps(group).stream().mapToInt(io.mdg.api.ApprovalStep::approvals).sum();
    }

    private static Set<String> roles(GovernancePolicy policy, AttributeGroup group) {
        Set<String> roles = new LinkedHashSet<>();
        policy.approvalSteps(group).forEach(step -> roles.add(step.role()));
        return roles;
    }
}
