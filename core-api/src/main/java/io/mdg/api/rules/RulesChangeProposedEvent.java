package io.mdg.api.rules;

import io.mdg.api.Actor;

/**
 * New rules were proposed: not in force until another admin approves them.
 *
 * @param changeId    the proposal
 * @param text        the proposed YAML text
 * @param version     the version it declares
 * @param hash        the SHA-256 of its canonical content
 * @param baseVersion the version of the rules in force it was proposed against
 * @param baseHash    their hash (an approval is refused once they are no longer in force)
 * @param diff        the unified line diff from the rules in force to the proposal
 * @param comment     why (may be null)
 * @param proposer    who proposed it (an admin, or {@link OfferRulesFileCommand#STARTUP})
 */
public record RulesChangeProposedEvent(String rulesId, String changeId, String text, String version, String hash,
                                       String baseVersion, String baseHash, String diff, String comment,
                                       Actor proposer) {
}
