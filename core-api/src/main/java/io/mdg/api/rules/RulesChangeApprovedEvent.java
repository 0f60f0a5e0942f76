package io.mdg.api.rules;

import java.time.Instant;

import io.mdg.api.Actor;

/**
 * A second admin approved a rules change: its rules are in force from {@code effectiveFrom} (the approval's time plus
 * the propagation delay), on every node at once.
 *
 * @param text     the approved YAML text (as proposed)
 * @param version  the version it declares
 * @param hash     the SHA-256 of its canonical content
 * @param proposer who proposed it
 * @param approver who approved it (never the proposer)
 */
public record RulesChangeApprovedEvent(String rulesId, String changeId, String text, String version, String hash,
                                       Instant effectiveFrom, Actor proposer, Actor approver) {
}
