package io.mdg.api.rules;

import java.util.Objects;

import io.mdg.api.Actor;

/**
 * An admin rejects an open rules change proposal (its proposer too: a withdrawal), with a reason. Refused for a
 * proposal that is not open (CONFLICT) or without a reason (VALIDATION_FAILED).
 */
public record RejectRulesChangeCommand(String rulesId, String changeId, String reason, Actor actor)
        implements RulesCommand {

    public RejectRulesChangeCommand {
        Objects.requireNonNull(rulesId, "rulesId");
        Objects.requireNonNull(changeId, "changeId");
        Objects.requireNonNull(actor, "actor");
    }
}
