package io.mdg.api.delegation;

import java.time.Instant;

import io.mdg.api.Actor;

/**
 * {@code delegator} delegated their approvals of the steps of {@code role} to {@code delegate} (a user name) for
 * [{@code from}, {@code until}): in that period the delegate may decide those steps for the delegator, under the
 * segregation of duties of both (neither requested the change, neither approved it already). It ends at
 * {@code until} by itself, or earlier by a {@link DelegationRevokedEvent}.
 */
public record ApprovalsDelegatedEvent(String delegationId, Actor delegator, String role, String delegate,
                                      Instant from, Instant until, String reason) {
}
