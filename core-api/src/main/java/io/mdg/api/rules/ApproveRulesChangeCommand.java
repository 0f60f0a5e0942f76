package io.mdg.api.rules;

import java.time.Duration;
import java.util.Objects;

import io.mdg.api.Actor;

/**
 * A second admin approves a proposed rules change: the new rules are in force from the approval's time plus
 * {@code propagationDelay} (every node of the service switches at that one time). Refused for the proposer
 * (FORBIDDEN, four eyes), for a proposal that is not open (CONFLICT) or whose base is no longer the rules in force
 * (CONFLICT, STALE_RULES_CHANGE: propose again against the rules in force).
 */
public record ApproveRulesChangeCommand(String rulesId, String changeId, Actor approver, Duration propagationDelay)
        implements RulesCommand {

    public ApproveRulesChangeCommand {
        Objects.requireNonNull(rulesId, "rulesId");
        Objects.requireNonNull(changeId, "changeId");
        Objects.requireNonNull(approver, "approver");
        Objects.requireNonNull(propagationDelay, "propagationDelay");
    }
}
