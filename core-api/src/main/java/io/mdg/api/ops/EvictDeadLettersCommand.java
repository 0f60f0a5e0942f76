package io.mdg.api.ops;

import java.util.Objects;

import io.mdg.api.Actor;

/**
 * Removes dead letters for good, with a reason: one letter ({@code index}) or, with a null index, a whole sequence.
 * The events stay in the event store (a replay would apply them again); the read model simply does not get them now.
 * Answers a {@link DeadLetterActionResult}; audited as a {@link DeadLetterActionEvent}.
 */
public record EvictDeadLettersCommand(String processingGroup, String sequenceIdentifier, Long index, String reason,
                                      Actor actor) {

    public EvictDeadLettersCommand {
        Objects.requireNonNull(processingGroup, "processingGroup");
        Objects.requireNonNull(sequenceIdentifier, "sequenceIdentifier");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(actor, "actor");
    }
}
