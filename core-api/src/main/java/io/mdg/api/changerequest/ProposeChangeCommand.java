package io.mdg.api.changerequest;

import java.util.Objects;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.model.MasterAttributes;

/**
 * A steward proposes an edit to a golden record. Every steward edit needs the approval of another steward of the
 * domain (four eyes), two where the rules file asks for two. Answers the change request's id.
 */
public record ProposeChangeCommand(EntityType type, String recordId, MasterAttributes proposed, String reason,
                                   Actor actor) {

    public ProposeChangeCommand {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(proposed, "proposed");
        Objects.requireNonNull(actor, "actor");
    }
}
