package io.mdg.api.record;

import io.mdg.api.EntityType;

/**
 * Pairs of golden records that look like the same thing (similar name and address) for a steward to review; never
 * merged automatically. {@code recordId} null: all candidates of the type. {@code minScore} null: the rules file's
 * threshold ({@code matching.duplicateMinScore}). Answers {@code List<DuplicateCandidate>} ordered by score, at
 * most {@code limit} (and at most the rules file's {@code limits.pageSize}).
 */
public record DuplicateCandidatesQuery(EntityType type, String recordId, Double minScore, int limit) {
}
