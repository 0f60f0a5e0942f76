package io.mdg.api.rules;

import java.time.Instant;

/**
 * Rules as in force at a time ({@link FindRulesQuery}).
 *
 * @param version       the version they declare
 * @param hash          the SHA-256 of their canonical content
 * @param text          the YAML text
 * @param effectiveFrom since when they are in force
 * @param changeId      the approved proposal (null for the rules adopted at the first start)
 * @param proposedBy    who proposed them (for the first rules: who adopted them, the service's start-up)
 * @param approvedBy    who approved them (null for the first rules)
 */
public record RulesView(String version, String hash, String text, Instant effectiveFrom, String changeId,
                        String proposedBy, String approvedBy) {
}
