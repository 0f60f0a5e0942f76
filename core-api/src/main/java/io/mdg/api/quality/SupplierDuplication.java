package io.mdg.api.quality;

/**
 * Suppliers that look like duplicates (duplicate candidates at or above {@code minScore}).
 *
 * @param suppliers          ACTIVE and SUSPENDED suppliers (the ones duplicate detection compares)
 * @param minScore           the similarity threshold
 * @param candidatePairs     candidate pairs found
 * @param suppliersInPairs   suppliers in at least one candidate pair
 * @param rate               {@code suppliersInPairs / suppliers} (0.0 when there are none)
 * @param complete           false when the pairs were cut at the duplicate query's limit (the figures are then
 *                           lower bounds)
 */
public record SupplierDuplication(long suppliers, double minScore, long candidatePairs, long suppliersInPairs,
                                  double rate, boolean complete) {
}
