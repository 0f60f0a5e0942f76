package io.mdg.api.delegation;

import java.time.Instant;
import java.util.Objects;

/**
 * A delegation in force: its delegate may decide approval steps of {@code role} for {@code delegator} from
 * {@code from} until {@code until} (exclusive).
 */
public record ApprovalDelegation(String delegationId, String delegator, String role, Instant from, Instant until) {

    public ApprovalDelegation {
        Objects.requireNonNull(delegationId, "delegationId");
        Objects.requireNonNull(delegator, "delegator");
        Objects.requireNonNull(role, "role");
    }

    /** Whether it is in force at {@code at}. */
    public boolean inForceAt(Instant at) {
        return !at.isBefore(from) && at.isBefore(until);
    }
}
