package io.mdg.rules.similarity;

/**
 * The rules file's matching rules ({@code matching:}): the similarity at or above which two golden records are shown
 * to stewards as duplicate candidates, and counted as such in the data-quality figures.
 *
 * @param duplicateMinScore the least similarity (0 to 1) of a duplicate candidate
 */
public record MatchingRules(double duplicateMinScore) {

    /** The least similarity of a duplicate candidate when the rules file does not say. */
    public static final double DEFAULT_DUPLICATE_MIN_SCORE = 0.8;

    /** The matching rules of a rules file that has no {@code matching} section. */
    public static final MatchingRules DEFAULT = new MatchingRules(DEFAULT_DUPLICATE_MIN_SCORE);

    public MatchingRules {
        if (!(duplicateMinScore > 0 && duplicateMinScore <= 1)) {
            throw new IllegalArgumentException("duplicateMinScore must be above 0 and at most 1, not "
                    + duplicateMinScore);
        }
    }
}
