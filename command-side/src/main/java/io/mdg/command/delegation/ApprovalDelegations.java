package io.mdg.command.delegation;

import java.time.Instant;
import java.util.List;

import io.mdg.api.delegation.ApprovalDelegation;

/**
 * The delegations of approvals the command side decides by: those granted to a person and in force at a time (not
 * revoked, {@code from <= at < until}). Read at decision time by a change request and by a new delegation.
 */
public interface ApprovalDelegations {

    /** The delegations granted to {@code delegate} in force at {@code at}, oldest first. */
    List<ApprovalDelegation> grantedTo(String delegate, Instant at);
}
