package io.mdg.api.record;

import java.util.Objects;

import io.mdg.api.Actor;
import io.mdg.api.model.MasterAttributes;

/**
 * Internal: a steward's edit ({@link io.mdg.api.changerequest.ProposeChangeCommand}, normalised and checked) is held
 * for approval in change request {@code changeRequestId}, with the steward's {@code reason}. Answers that id.
 */
public record HoldProposedChangeCommand(String recordId, MasterAttributes proposed, String reason, Actor actor,
                                        String changeRequestId) implements RecordCommand {

    public HoldProposedChangeCommand {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(proposed, "proposed");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(changeRequestId, "changeRequestId");
    }
}
