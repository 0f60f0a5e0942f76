package io.mdg.api.rules;

import java.util.Objects;

import io.mdg.api.Actor;

/**
 * An admin proposes new rules (the whole YAML text). Refused when the text is malformed or fails the rules file's
 * validation (VALIDATION_FAILED, every problem named), when it would weaken a control of the shipped rules
 * (VALIDATION_FAILED, UNSAFE_RULES_CHANGE, each control named), or when it is the rules in force already (CONFLICT).
 * Answers the proposal's id; nothing changes until another admin approves it.
 */
public record ProposeRulesChangeCommand(String rulesId, String changeId, String text, String comment, Actor proposer)
        implements RulesCommand {

    public ProposeRulesChangeCommand {
        Objects.requireNonNull(rulesId, "rulesId");
        Objects.requireNonNull(changeId, "changeId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(proposer, "proposer");
    }
}
