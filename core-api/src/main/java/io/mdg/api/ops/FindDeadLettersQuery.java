package io.mdg.api.ops;

/**
 * The dead letters of one processing group, or of every projection's group when {@code processingGroup} is null.
 * Answers a list of {@link DeadLetterGroupView}, one per group (use {@code ResponseTypes.multipleInstancesOf}).
 *
 * @param processingGroup the group, or null for all
 * @param limit           at most this many letters per group
 */
public record FindDeadLettersQuery(String processingGroup, int limit) {

    public static final int MAX_LIMIT = 1_000;

    public FindDeadLettersQuery {
        limit = limit <= 0 ? 100 : Math.min(limit, MAX_LIMIT);
    }
}
