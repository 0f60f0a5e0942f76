package io.mdg.command.record;

import io.mdg.rules.policy.GovernancePolicy;

/**
 * The governance policy a decision is taken by: the rules in force at the decision's time
 * ({@code io.mdg.command.rules.RulesInForce}), the same for every step of one command's unit of work. Command handlers
 * take it as a parameter (resolved by Axon), and ask it for the policy when they decide.
 */
@FunctionalInterface
public interface PolicyInForce {

    /** The policy to decide by now. */
    GovernancePolicy policy();

    /** Always the same policy (tests, tools). */
    static PolicyInForce of(GovernancePolicy policy) {
        return () -> policy;
    }
}
