package io.mdg.rules.policy;

import java.util.Map;

import io.mdg.api.LifecycleStatus;

/**
 * A steward's actions on a whole record that another steward of the domain must approve first (four eyes), from
 * the rules file's {@code stewardActions} of an entity type. A number of 0 means the action is applied at once.
 *
 * @param mergeApprovals     approvals a merge of a duplicate into a survivor needs (0, 1 or 2)
 * @param lifecycleApprovals approvals a lifecycle change to each target status needs (a status not listed: 0)
 */
public record StewardActions(int mergeApprovals, Map<LifecycleStatus, Integer> lifecycleApprovals) {

    /** Every action applied at once (a rules file without {@code stewardActions}). */
    public static final StewardActions NONE = new StewardActions(0, Map.of());

    public StewardActions {
        lifecycleApprovals = Map.copyOf(lifecycleApprovals);
    }

    /** Approvals a change to {@code target} needs; 0: applied at once. */
    public int lifecycleApprovals(LifecycleStatus target) {
        return lifecycleApprovals.getOrDefault(target, 0);
    }
}
