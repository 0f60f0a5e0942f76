package io.mdg.api.rules;

import java.util.Objects;

/**
 * A starting service offers its rules file (or the shipped default). With no rules in force yet, they are adopted at
 * once (the very first start); the same content as the rules in force, or as an open proposal, changes nothing;
 * any other content becomes a proposal by {@link #STARTUP}, in force only once an admin approves it. Answers a
 * {@link RulesFileOffered}. A file that would weaken a control is refused as any proposal is (VALIDATION_FAILED).
 *
 * @param changeId the id the proposal gets, if the file becomes one
 * @param text     the rules file's YAML text
 * @param origin   where it was read from (a path, or the shipped resource)
 */
public record OfferRulesFileCommand(String rulesId, String changeId, String text, String origin)
        implements RulesCommand {

    /** The proposer of a rules file that differs from the rules in force at start-up. */
    public static final String STARTUP = "startup (rules file)";

    public OfferRulesFileCommand {
        Objects.requireNonNull(rulesId, "rulesId");
        Objects.requireNonNull(changeId, "changeId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(origin, "origin");
    }
}
