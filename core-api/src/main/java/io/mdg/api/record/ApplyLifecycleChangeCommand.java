package io.mdg.api.record;

import java.util.Objects;

import io.mdg.api.Actor;
import io.mdg.api.LifecycleStatus;

/**
 * Internal: the record changes its lifecycle status if the lifecycle rules allow it now, for a steward's
 * {@link ChangeLifecycleCommand} that needs no approval, or for an approved change request ({@code changeRequestId};
 * null: applied at once). Answers why it cannot (a list of {@link io.mdg.api.submission.FieldError}; empty: applied).
 */
public record ApplyLifecycleChangeCommand(String recordId, LifecycleStatus target, String reason, Actor actor,
                                          String changeRequestId) implements RecordCommand {

    public ApplyLifecycleChangeCommand {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(actor, "actor");
    }
}
