package io.mdg.api.delegation;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

import io.mdg.api.Actor;

/**
 * A person ({@code actor}, the delegator) delegates their approvals of the approval steps of {@code role} to another
 * person ({@code delegate}, a user name) for the period [{@code from}, {@code until}). {@code roles} are the
 * delegator's roles as the authenticated edge read them from the token: they must hold {@code role} themselves (a
 * delegate never delegates further). The rules ({@code delegation} in the rules file) are decided by the delegation
 * ({@code io.mdg.rules.delegation.DelegationRules}).
 *
 * @param from when it starts; null: at once (a start in the past starts at once as well)
 */
public record DelegateApprovalsCommand(String delegationId, String role, String delegate, Instant from,
                                       Instant until, String reason, Actor actor, Set<String> roles)
        implements DelegationCommand {

    public DelegateApprovalsCommand {
        Objects.requireNonNull(delegationId, "delegationId");
        Objects.requireNonNull(actor, "actor");
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }
}
