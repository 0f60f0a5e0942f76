package io.mdg.api.rules;

/**
 * What became of a rules file offered at start-up ({@link OfferRulesFileCommand}).
 *
 * @param outcome  ADOPTED (first start: in force), IN_FORCE (the same as the rules in force), ALREADY_PROPOSED (the
 *                 same as an open proposal, whose id is given), PROPOSED (a new proposal, whose id is given)
 * @param changeId the proposal, for ALREADY_PROPOSED and PROPOSED; else null
 * @param hash     the file's content hash
 */
public record RulesFileOffered(Outcome outcome, String changeId, String hash) {

    public enum Outcome { ADOPTED, IN_FORCE, ALREADY_PROPOSED, PROPOSED }
}
