package io.mdg.api.rules;

/**
 * A command to the governance rules, handled by the rules themselves (one aggregate, {@link #RULES_ID}): routed by
 * {@link #rulesId()}.
 */
public interface RulesCommand {

    /** The identifier of the one rules aggregate. */
    String RULES_ID = "governance-rules";

    /** The rules the command is for (always {@link #RULES_ID}). */
    String rulesId();
}
