package io.mdg.rules.delegation;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

import io.mdg.api.EntityType;
import io.mdg.api.error.ErrorCode;
import io.mdg.rules.decision.Refusal;
import io.mdg.rules.policy.GovernancePolicy;

/**
 * Who may delegate their approvals to whom, and for how long ({@code delegation} in the rules file). Approvals are
 * routed by role, so a delegation matters only when it gives the delegate an authority they do not hold: a person
 * holding an approver role delegates their approvals of that role's steps, for a period of at most {@code maxDays}
 * days, to a named person; while it is in force that person decides the role's steps "for" the delegator.
 * <ul>
 *   <li>the role must be an approver role ({@code approverRoles}: every role that approves some step of some entity
 *       type, its escalation role included) and the delegator must hold it in their own token: a delegate never
 *       delegates further (no chains);</li>
 *   <li>the delegate is another person, and "of the same role" is read as stewardship staff: when deciding, they
 *       must hold at least one approver role in their own token ({@link #mayActAsDelegate});</li>
 *   <li>the segregation of duties of a change request holds for both people at once (the request decides it).</li>
 * </ul>
 * Pure and immutable.
 *
 * @param maxDays       the longest a delegation may last, in days (1 to 366)
 * @param approverRoles the roles that approve some step of some entity type's change requests
 */
public record DelegationRules(int maxDays, Set<String> approverRoles) {

    private static final String USER_NAME = "[A-Za-z0-9][A-Za-z0-9._@-]{0,99}";

    public DelegationRules {
        if (maxDays < 1 || maxDays > 366) {
            throw new IllegalArgumentException("delegation.maxDays is 1 to 366, not " + maxDays);
        }
        approverRoles = approverRoles == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(approverRoles));
    }

    /** The rules for a policy: its decider roles of every entity type are the approver roles. */
    public static DelegationRules of(GovernancePolicy policy, int maxDays) {
        Set<String> roles = new LinkedHashSet<>();
        for (EntityType type : EntityType.values()) {
            if (policy.approverRole(type) != null) {
                roles.addAll(policy.deciderRoles(type));
            }
        }
        return new DelegationRules(maxDays, roles);
    }

    /** The longest a delegation may last. */
    public Duration maxPeriod() {
        return Duration.ofDays(maxDays);
    }

    /** When a delegation asked to start at {@code from} starts: at once when null or already past. */
    public static Instant start(Instant from, Instant now) {
        return from == null || from.isBefore(now) ? now : from;
    }

    /**
     * Whether someone holding {@code roles} (from their own token) may decide as a delegate: they hold at least one
     * approver role (stewardship staff).
     */
    public boolean mayActAsDelegate(Set<String> roles) {
        return roles != null && roles.stream().anyMatch(approverRoles::contains);
    }

    /**
     * Why {@code delegator} (holding {@code delegatorRoles}) may not delegate their approvals of {@code role} to
     * {@code delegate} from {@code from} (null: now) until {@code until}, at {@code now}; null when they may.
     * {@code delegatedToDelegator}: whether the delegator holds a delegation of {@code role} in force themselves (they
     * are then told that a delegate cannot delegate further).
     */
    public Refusal refusal(String delegator, Set<String> delegatorRoles, String role, String delegate, Instant from,
                           Instant until, Instant now, boolean delegatedToDelegator) {
        if (role == null || role.isBlank()) {
            return invalid("ROLE_REQUIRED", "a delegation names the role whose approvals it delegates");
        }
        if (!approverRoles.contains(role)) {
            return invalid("ROLE_NOT_DELEGABLE", "only approver roles are delegated (" + String.join(", ",
                    approverRoles) + "), not " + role);
        }
        if (delegatorRoles == null || !delegatorRoles.contains(role)) {
            if (delegatedToDelegator) {
                return new Refusal(ErrorCode.FORBIDDEN, "NO_REDELEGATION", delegator + " decides " + role
                        + " steps only as someone's delegate; a delegate cannot delegate further");
            }
            return new Refusal(ErrorCode.FORBIDDEN, "ROLE_NOT_HELD", delegator + " does not hold the role " + role
                    + "; only its holders delegate their approvals of it");
        }
        if (delegate == null || !delegate.matches(USER_NAME)) {
            return invalid("INVALID_DELEGATE", "the delegate is a user name (letters, digits, '.', '_', '@', '-'),"
                    + " not " + (delegate == null ? "nothing" : "'" + delegate + "'"));
        }
        if (delegate.equalsIgnoreCase(delegator)) {
            return invalid("SELF_DELEGATION", "a delegation is to another person, not to oneself");
        }
        if (until == null) {
            return invalid("UNTIL_REQUIRED", "a delegation needs an end (until)");
        }
        Instant start = start(from, now);
        if (!until.isAfter(start)) {
            return invalid("INVALID_PERIOD", "a delegation ends after it starts (" + start + "), not at " + until);
        }
        if (Duration.between(start, until).compareTo(maxPeriod()) > 0) {
            return invalid("PERIOD_TOO_LONG", "a delegation lasts at most " + maxDays + " days (the rules file's"
                    + " delegation.maxDays); " + start + " to " + until + " is longer");
        }
        return null;
    }

    private static Refusal invalid(String code, String message) {
        return new Refusal(ErrorCode.VALIDATION_FAILED, code, message);
    }
}
