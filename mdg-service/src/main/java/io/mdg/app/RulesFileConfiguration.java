package io.mdg.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.mdg.rules.access.AccessRules;
import io.mdg.rules.access.RequestLimits;
import io.mdg.rules.consumer.ConsumerAttributes;
import io.mdg.rules.file.RulesFile;
import io.mdg.rules.delegation.DelegationRules;
import io.mdg.rules.policy.GovernancePolicy;
import io.mdg.rules.quality.CompletenessRules;
import io.mdg.rules.similarity.MatchingRules;

/**
 * The rules file ({@code mdg.rules.file}, env {@code MDG_RULES_FILE}, or the default shipped with the product), read
 * and validated once per process whichever roles it runs, and its parts for those who decide or serve by them: the
 * governance policy (command side), the matching and completeness rules (query side), the access rules and request
 * limits (the API). A malformed file stops start-up with a message that names the file and every problem.
 */
@Configuration(proxyBeanMethods = false)
public class RulesFileConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RulesFileConfiguration.class);

    @Bean
    public RulesFile rulesFile(@Value("${mdg.rules.file:}") String file) {
        RulesFile rules = RulesFile.load(file);
        log.info("Governance rules {} version {}", file.isBlank() ? "(default)" : file, rules.policy().version());
        return rules;
    }

    @Bean
    public GovernancePolicy governancePolicy(RulesFile rulesFile) {
        return rulesFile.policy();
    }

    @Bean
    public MatchingRules matchingRules(RulesFile rulesFile) {
        return rulesFile.matching();
    }

    /** Exclusion-list screening's thresholds and the freshness its quality indicator asks. */
    @Bean
    public io.mdg.rules.screening.ScreeningRules screeningRules(RulesFile rulesFile) {
        return rulesFile.screening();
    }

    @Bean
    public CompletenessRules completenessRules(RulesFile rulesFile) {
        return rulesFile.completeness();
    }

    /** The attribute groups consumers of golden records subscribe to, without the rest of the policy. */
    @Bean
    public ConsumerAttributes consumerAttributes(GovernancePolicy governancePolicy) {
        return ConsumerAttributes.of(governancePolicy);
    }

    @Bean
    public AccessRules accessRules(RulesFile rulesFile) {
        return rulesFile.access();
    }

    @Bean
    public RequestLimits requestLimits(RulesFile rulesFile) {
        return rulesFile.limits();
    }

    /** Who may delegate their approvals to whom and for how long (command side: delegations and decisions). */
    @Bean
    public DelegationRules delegationRules(RulesFile rulesFile) {
        return rulesFile.delegation();
    }
}
