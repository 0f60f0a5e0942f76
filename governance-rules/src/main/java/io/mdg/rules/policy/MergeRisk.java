package io.mdg.rules.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.mdg.api.EntityType;
import io.mdg.api.ApprovalStep;
import io.mdg.api.model.Attributes;
import io.mdg.api.model.MasterAttributes;

/**
 * What a merge needs approved. A merge moves the merged record's source records to the survivor, so for them every
 * attribute becomes the survivor's value: where that changes a HIGH-risk attribute (a bank account, a remit-to
 * address, a tax id), the merge is such a change and follows that group's rules (approval steps and evidence), combined
 * with the rules file's own number for merges (one step of the approver role) as {@link ApprovalSteps} combines them.
 *
 * @param approvals  approvals the merge needs (0: applied at once)
 * @param evidence   whether each approval needs a verification note
 * @param groups     the HIGH-risk groups whose values differ, in file order
 * @param attributes the attributes of those groups whose values differ
 * @param steps      the approval steps (the merge's own step of the approver role combined with those groups' steps,
 *                   {@link ApprovalSteps}); empty when applied at once
 */
public record MergeRisk(int approvals, boolean evidence, List<String> groups, List<String> attributes,
                        List<ApprovalStep> steps) {

    public MergeRisk {
        groups = List.copyOf(groups);
        attributes = List.copyOf(attributes);
        steps = List.copyOf(steps);
    }

    /**
     * The approval a merge of {@code merged} into {@code survivor} (records of {@code type}) needs under the policy.
     */
    public static MergeRisk assess(GovernancePolicy policy, EntityType type, MasterAttributes merged,
                                   MasterAttributes survivor) {
        int approvals = policy.stewardActions(type).mergeApprovals();
        List<List<ApprovalStep>> stepLists = new ArrayList<>();
        if (approvals > 0) {
            stepLists.add(policy.approverSteps(type, approvals));
        }
        boolean evidence = false;
        Set<String> groups = new LinkedHashSet<>();
        List<String> attributes = new ArrayList<>();
        for (AttributeGroup group : policy.groups(type)) {
            if (!group.highRisk()) {
                continue;
            }
            for (String attribute : group.attributes()) {
                if (!Objects.equals(Attributes.value(merged, attribute), Attributes.value(survivor, attribute))) {
                    attributes.add(attribute);
                    if (groups.add(group.name())) {
                        stepLists.add(policy.approvalSteps(group));
                    }
                    evidence |= group.evidenceRequired();
                }
            }
        }
        List<ApprovalStep> steps = ApprovalSteps.combine(stepLists);
        return new MergeRisk(ApprovalStep.total(steps), evidence, List.copyOf(groups), attributes, steps);
    }

    /** Whether the merge changes a HIGH-risk attribute for the merged record's source records. */
    public boolean changesHighRisk() {
        return !attributes.isEmpty();
    }
}
