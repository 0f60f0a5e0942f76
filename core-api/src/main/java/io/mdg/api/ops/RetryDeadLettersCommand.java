package io.mdg.api.ops;

import java.util.Objects;

import io.mdg.api.Actor;

/**
 * Retries the dead letters of a processing group: one sequence (a record's parked events, in order) or, with a null
 * {@code sequenceIdentifier}, every sequence. A letter that fails again stays parked with the new error; those behind
 * it keep waiting. Answers a {@link DeadLetterActionResult}; audited as a {@link DeadLetterActionEvent}.
 */
public record RetryDeadLettersCommand(String processingGroup, String sequenceIdentifier, Actor actor) {

    public RetryDeadLettersCommand {
        Objects.requireNonNull(processingGroup, "processingGroup");
        Objects.requireNonNull(actor, "actor");
    }
}
