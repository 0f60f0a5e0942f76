package io.mdg.api.ops;

import java.time.Instant;
import java.util.List;

/**
 * The result of a consistency check of the golden records.
 *
 * @param startedAt       when the check started
 * @param finishedAt      when it finished
 * @param eventsReplayed  events read from the event store into the scratch model
 * @param recordsCompared golden records compared
 * @param recordsSkipped  live records already changed by later events than the check read (not compared)
 * @param differenceCount every difference found
 * @param differences     the differences, at most the query's limit
 */
public record ConsistencyReport(Instant startedAt, Instant finishedAt, long eventsReplayed, long recordsCompared,
                                long recordsSkipped, long differenceCount, List<ConsistencyDifference> differences) {

    public ConsistencyReport {
        differences = differences == null ? List.of() : List.copyOf(differences);
    }

    /** Whether the live golden records are what the events say. */
    public boolean consistent() {
        return differenceCount == 0;
    }
}
