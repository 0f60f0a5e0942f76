package io.mdg.command.consumer;

import java.util.List;

import io.mdg.api.consumer.ConsumerSettings;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.submission.FieldError;
import io.mdg.command.record.CommandRefusedException;
import io.mdg.rules.Violation;
import io.mdg.rules.consumer.ConsumerRules;
import io.mdg.rules.consumer.EndpointPolicy;
import io.mdg.command.record.PolicyInForce;
import io.mdg.rules.policy.GovernancePolicy;

/**
 * What a consumer's settings must pass before they are recorded: the consumer rules under the rules file's attribute
 * groups and the endpoint policy (every problem at once, VALIDATION_FAILED), then the name and client being its own
 * (CONFLICT).
 */
public class ConsumerChecks {

    private final PolicyInForce rules;
    private final ConsumerClaims claims;
    private final EndpointPolicy endpoints;

    /**
     * @param endpoints where push endpoints may point: production (https, public addresses) unless
     *                  {@code mdg.consumers.allow-insecure-endpoints} (tests and the local demo only)
     */
    public ConsumerChecks(GovernancePolicy policy, ConsumerClaims claims, EndpointPolicy endpoints) {
        this(PolicyInForce.of(policy), claims, endpoints);
    }

    /** Checks under the rules in force at the time ({@link PolicyInForce}). */
    public ConsumerChecks(PolicyInForce rules, ConsumerClaims claims, EndpointPolicy endpoints) {
        this.rules = rules;
        this.claims = claims;
        this.endpoints = endpoints;
    }

    void refuseInvalid(String consumerId, ConsumerSettings settings) {
        List<Violation> problems = ConsumerRules.check(settings, rules.policy(), endpoints);
        if (!problems.isEmpty()) {
            throw new CommandRefusedException(ErrorCode.VALIDATION_FAILED, "invalid consumer: "
                    + String.join("; ", problems.stream().map(v -> v.field() + ": " + v.message()).toList()),
                    problems.stream().map(v -> new FieldError(v.field(), v.code(), v.message())).toList());
        }
        claims.claim(consumerId, settings.name(), settings.clientId());
    }
}
