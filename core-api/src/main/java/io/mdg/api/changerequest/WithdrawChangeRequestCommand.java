package io.mdg.api.changerequest;

import java.util.Objects;

import io.mdg.api.Actor;

/** The requester withdraws their own pending change request. */
public record WithdrawChangeRequestCommand(String changeRequestId, String reason, Actor actor)
        implements ChangeRequestCommand {

    public WithdrawChangeRequestCommand {
        Objects.requireNonNull(changeRequestId, "changeRequestId");
        Objects.requireNonNull(actor, "actor");
    }
}
