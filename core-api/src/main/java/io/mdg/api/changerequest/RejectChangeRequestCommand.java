package io.mdg.api.changerequest;

import java.util.Objects;
import java.util.Set;

import io.mdg.api.Actor;

/** A steward of the record's domain (not the requester) rejects a change request. */
public record RejectChangeRequestCommand(String changeRequestId, String reason, Actor actor, Set<String> roles)
        implements ChangeRequestCommand {

    public RejectChangeRequestCommand {
        Objects.requireNonNull(changeRequestId, "changeRequestId");
        Objects.requireNonNull(actor, "actor");
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }
}
