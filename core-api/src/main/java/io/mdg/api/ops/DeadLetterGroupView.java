package io.mdg.api.ops;

import java.util.List;

/**
 * The dead-letter queue of one processing group.
 *
 * @param processingGroup the projection's processing group
 * @param sequences       how many sequences (records) are held up
 * @param letters         how many events are parked in all
 * @param deadLetters     the parked events, sequence by sequence in order (at most the query's limit)
 */
public record DeadLetterGroupView(String processingGroup, long sequences, long letters,
                                  List<DeadLetterView> deadLetters) {

    public DeadLetterGroupView {
        deadLetters = deadLetters == null ? List.of() : List.copyOf(deadLetters);
    }
}
