package io.mdg.api.delegation;

import java.util.Objects;

import io.mdg.api.Actor;

/**
 * The delegator (or an admin: {@code administrator}, set by the edge from the token's admin role) ends a delegation
 * before its time; a delegation that has ended (revoked or past its {@code until}) is left as it is.
 */
public record RevokeDelegationCommand(String delegationId, String reason, Actor actor, boolean administrator)
        implements DelegationCommand {

    public RevokeDelegationCommand {
        Objects.requireNonNull(delegationId, "delegationId");
        Objects.requireNonNull(actor, "actor");
    }
}
