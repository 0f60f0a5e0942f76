package io.mdg.app;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;

import io.mdg.api.rules.OfferRulesFileCommand;
import io.mdg.api.rules.RulesCommand;
import io.mdg.api.rules.RulesFileOffered;
import io.mdg.command.rules.RulesInForce;
import io.mdg.command.rules.RulesVersionsTable;
import io.mdg.rules.access.AccessRules;
import io.mdg.rules.access.RequestLimits;
import io.mdg.rules.consumer.ConsumerAttributes;
import io.mdg.rules.file.RulesContent;
import io.mdg.rules.file.RulesFile;
import io.mdg.rules.delegation.DelegationRules;
import io.mdg.rules.policy.GovernancePolicy;
import io.mdg.rules.quality.CompletenessRules;
import io.mdg.rules.similarity.MatchingRules;

/**
 * The governance rules: those in force live in the database ({@link RulesVersionsTable}, written when rules are
 * adopted or a change is approved by a second admin), and every node decides by the version in force at the decision's
 * time ({@link RulesInForce}, read again every {@code mdg.rules.poll-interval}; an approval takes effect
 * {@code mdg.rules.propagation-delay} after it is made, on every node at once).
 *
 * <p>The rules file ({@code mdg.rules.file}, env {@code MDG_RULES_FILE}, or the default shipped with the product) is
 * read and validated at start-up (a malformed file stops start-up with a message that names the file and every
 * problem). At the very first start it is adopted directly; later, a file whose content differs from the rules in force
 * becomes a proposal by "startup (rules file)", in force only once an admin approves it ({@link #offerRulesFile}).
 *
 * <p>The governance policy (every decision of the command side) follows the rules in force at run time. The matching
 * and completeness rules (query side), the access rules and request limits (the API) and the consumers' attribute
 * groups are taken from the rules in force when the process starts: a change of them takes effect on each node at its
 * next start.
 */
@Configuration(proxyBeanMethods = false)
public class RulesFileConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RulesFileConfiguration.class);

    @Bean
    public RulesVersionsTable rulesVersionsTable(JdbcTemplate jdbcTemplate) {
        RulesVersionsTable table = new RulesVersionsTable(jdbcTemplate);
        table.createSchema();
        return table;
    }

    /** The rules file as read at start-up. */
    @Bean
    public RulesContent rulesFileContent(@Value("${mdg.rules.file:}") String file) {
        RulesContent content = RulesContent.load(file);
        log.info("Governance rules file {} version {} (hash {})", file.isBlank() ? "(default)" : file,
                content.version(), content.hash());
        return content;
    }

    @Bean(destroyMethod = "close")
    public RulesInForce rulesInForce(RulesVersionsTable table, RulesContent rulesFileContent,
                                     @Value("${mdg.rules.propagation-delay:5s}") Duration propagationDelay,
                                     @Value("${mdg.rules.poll-interval:1s}") Duration pollInterval) {
        RulesInForce rules = new RulesInForce(table, rulesFileContent, propagationDelay, Clock.systemUTC());
        rules.refresh();
        rules.startPolling(pollInterval);
        return rules;
    }

    /** The rules in force when the process starts: the parts that are read at start-up only (see the class comment). */
    @Bean
    public RulesFile rulesFile(RulesInForce rulesInForce) {
        var current = rulesInForce.current();
        log.info("Governance rules in force: version {} (hash {})", current.version(), current.hash());
        return current.rules();
    }

    /**
     * Once the service is ready, offers the rules file to the rules aggregate: adopted at the first start, nothing when
     * it is the rules in force, else a proposal (logged at WARN with how to approve it). A file that would weaken a
     * control is refused (logged at ERROR; the rules in force stay).
     */
    @Bean
    @Profile("command")
    public ApplicationListener<ApplicationReadyEvent> offerRulesFile(CommandGateway commands,
                                                                    RulesContent rulesFileContent,
                                                                    RulesInForce rulesInForce) {
        return event -> {
            RulesFileOffered offered = null;
            for (int attempt = 1; offered == null; attempt++) {
                try {
                    offered = commands.sendAndWait(new OfferRulesFileCommand(RulesCommand.RULES_ID,
                            UUID.randomUUID().toString(), rulesFileContent.text(),
                            rulesFileContent.rules().policy().origin()));
                } catch (RuntimeException e) {
                    if (attempt < 5 && concurrent(e)) {
                        // another node offered its file at the same moment: ask again, against what it recorded
                        continue;
                    }
                    log.error("The rules file {} was not accepted as a proposal; the rules in force stay: {}",
                            rulesFileContent.rules().policy().origin(), e.getMessage());
                    return;
                }
            }
            rulesInForce.refresh();
            switch (offered.outcome()) {
                case ADOPTED -> log.info("Governance rules adopted at first start: version {} (hash {})",
                        rulesFileContent.version(), offered.hash());
                case IN_FORCE -> log.info("The rules file is the rules in force (hash {})", offered.hash());
                case PROPOSED, ALREADY_PROPOSED -> log.warn("The rules file {} (version {}, hash {}) differs from the"
                                + " rules in force (version {}, hash {}): it is rules change proposal {}, NOT in force"
                                + " until an admin other than its proposer approves it (GraphQL"
                                + " approveRulesChange(id: \"{}\"); see rulesChanges(status: PROPOSED) for its diff)",
                        rulesFileContent.rules().policy().origin(), rulesFileContent.version(), offered.hash(),
                        rulesInForce.current().version(), rulesInForce.current().hash(), offered.changeId(),
                        offered.changeId());
            }
        };
    }

    /** Whether a failure is a lost race with another node's append to the rules (the first start of several). */
    private static boolean concurrent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyException || t instanceof AggregateStreamCreationException) {
                return true;
            }
        }
        return false;
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
    public ConsumerAttributes consumerAttributes(RulesFile rulesFile) {
        return ConsumerAttributes.of(rulesFile.policy());
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
