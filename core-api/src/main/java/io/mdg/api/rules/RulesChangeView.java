package io.mdg.api.rules;

import java.time.Instant;

/**
 * A rules change proposal ({@link FindRulesChangesQuery}).
 *
 * @param changeId      its id
 * @param status        where it stands
 * @param version       the version the proposed rules declare
 * @param hash          their content hash
 * @param baseVersion   the version of the rules in force it was proposed against
 * @param baseHash      their hash
 * @param diff          the unified diff from the base to the proposal
 * @param comment       the proposer's comment
 * @param text          the proposed YAML text
 * @param proposedBy    who proposed it
 * @param proposedAt    when
 * @param decidedBy     who approved or rejected it (null while proposed)
 * @param decidedAt     when
 * @param reason        a rejection's reason
 * @param effectiveFrom an approval's effective time
 */
public record RulesChangeView(String changeId, RulesChangeStatus status, String version, String hash,
                              String baseVersion, String baseHash, String diff, String comment, String text,
                              String proposedBy, Instant proposedAt, String decidedBy, Instant decidedAt,
                              String reason, Instant effectiveFrom) {
}
