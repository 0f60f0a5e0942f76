package io.mdg.api.delegation;

import io.mdg.api.Actor;

/** A delegation was ended before its time by its delegator or an admin ({@code revokedBy}). */
public record DelegationRevokedEvent(String delegationId, Actor revokedBy, String delegator, String delegate,
                                     String role, String reason) {
}
