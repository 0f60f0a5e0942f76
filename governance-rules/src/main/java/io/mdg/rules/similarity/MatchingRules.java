package io.mdg.rules.similarity;

/**
 * The rules file's matching rules ({@code matching:}): the similarity at or above which two golden records are shown
 * to stewards as duplicate candidates, and counted as such in the data-quality figures.
 *
 * @param duplicateMinScore the least similarity (0 to 1) of a duplicate candidate
 */
public record MatchingRules(double duplicateMinScore) {

    public MatchingRules {
        if (!(duplicateMinScore > 0 && duplicateMinScore <= 1)) {
            throw new IllegalArgumentException("duplicateMinScore must be above 0 and at most 1, not "
                    + duplicateMinScore);
        }
    }
}
