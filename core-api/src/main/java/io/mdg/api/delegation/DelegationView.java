package io.mdg.api.delegation;

import java.time.Instant;

import io.mdg.api.Actor;

/**
 * A delegation of approvals as the query side serves it.
 *
 * @param revokedAt when it was revoked (null: it was not; it then ends at {@code until} by itself)
 * @param revokedBy who revoked it (the delegator or an admin)
 */
public record DelegationView(String id, String delegator, String delegate, String role, Instant from,
                             Instant until, String reason, Instant createdAt, Instant revokedAt, Actor revokedBy) {

    public enum Status { SCHEDULED, ACTIVE, EXPIRED, REVOKED }

    /** Where it stands at {@code at}: revoked, not yet started, in force, or past its {@code until}. */
    public Status status(Instant at) {
        if (revokedAt != null) {
            return Status.REVOKED;
        }
        if (at.isBefore(from)) {
            return Status.SCHEDULED;
        }
        return at.isBefore(until) ? Status.ACTIVE : Status.EXPIRED;
    }

    /** As the delegation in force it is (whatever its status). */
    public ApprovalDelegation delegation() {
        return new ApprovalDelegation(id, delegator, role, from, until);
    }
}
