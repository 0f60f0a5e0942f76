package io.mdg.rules.screening;

/**
 * The rules file's exclusion-screening rules ({@code screening:}).
 *
 * @param nameMinScore      the least name similarity (0 to 1, {@link io.mdg.rules.similarity.SupplierSimilarity}) that
 *                          is a hit when the address agrees too (same ZIP, or same city and state)
 * @param nameAloneMinScore the least name similarity that is a hit whatever the address (an excluded entity may have
 *                          moved); at least {@code nameMinScore}
 * @param freshDays         a screening counts as current in the data-quality report when its list was imported at
 *                          most this many days ago (the OIG publishes the LEIE monthly)
 * @param minScreenedShare  the share (0 to 1) of ACTIVE suppliers with a current screening below which the quality
 *                          indicator is red
 */
public record ScreeningRules(double nameMinScore, double nameAloneMinScore, int freshDays, double minScreenedShare) {

    public ScreeningRules {
        if (!(nameMinScore > 0 && nameMinScore <= 1) || !(nameAloneMinScore >= nameMinScore && nameAloneMinScore <= 1)) {
            throw new IllegalArgumentException("screening name scores must be above 0 and at most 1, nameAloneMinScore"
                    + " at least nameMinScore; not " + nameMinScore + " and " + nameAloneMinScore);
        }
        if (freshDays < 1) {
            throw new IllegalArgumentException("screening.freshDays must be at least 1, not " + freshDays);
        }
        if (!(minScreenedShare >= 0 && minScreenedShare <= 1)) {
            throw new IllegalArgumentException("screening.minScreenedShare must be 0 to 1, not " + minScreenedShare);
        }
    }
}
