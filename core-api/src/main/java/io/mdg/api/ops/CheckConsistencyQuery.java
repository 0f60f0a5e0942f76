package io.mdg.api.ops;

/**
 * Rebuilds the golden records from the event store into a scratch read model and compares them with the live ones.
 * Answers a {@link ConsistencyReport}. Read-only: nothing live changes.
 *
 * @param maxDifferences at most this many differences are listed (all are counted)
 */
public record CheckConsistencyQuery(int maxDifferences) {

    public CheckConsistencyQuery {
        maxDifferences = maxDifferences <= 0 ? 1_000 : Math.min(maxDifferences, 10_000);
    }
}
