package io.mdg.api.changerequest;

import java.util.Objects;
import java.util.Set;

import io.mdg.api.Actor;

/**
 * A steward approves a change request. {@code roles} are the caller's roles as the authenticated edge read them
 * from the token; the change request decides with them (domain steward role, never the requester, never twice).
 */
public record ApproveChangeRequestCommand(String changeRequestId, String comment, String verificationNote,
                                          Actor actor, Set<String> roles) implements ChangeRequestCommand {

    public ApproveChangeRequestCommand {
        Objects.requireNonNull(changeRequestId, "changeRequestId");
        Objects.requireNonNull(actor, "actor");
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }
}
