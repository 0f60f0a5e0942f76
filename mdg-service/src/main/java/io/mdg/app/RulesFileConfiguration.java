package io.mdg.app;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.context.annotation.Scope;
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
import io.mdg.rules.InForce;
import io.mdg.rules.file.RulesFile;
import io.mdg.rules.delegation.DelegationRules;
import io.mdg.rules.personal.PersonalDataRules;
import io.mdg.rules.quality.CompletenessRules;
import io.mdg.rules.screening.ScreeningRules;
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
 * <p>Every part of the rules follows the rules in force at run time: the governance policy (every decision of the
 * command side), the delegation, screening and personal data rules, the matching and completeness rules (query side),
 * the access rules and request limits (the API) and the consumers' attribute groups. Each is an {@link InForce} that
 * its users ask at every use, never keep, so a change switches all of them on every node at its effective time.
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

    /** The whole rules in force now (for a command being decided, the version it decides by). */
    @Bean
    public InForce<RulesFile> rulesFile(RulesInForce rulesInForce) {
        var atStart = rulesInForce.current();
        log.info("Governance rules in force: version {} (hash {})", atStart.version(), atStart.hash());
        return () -> rulesInForce.deciding().rules();
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
    public InForce<MatchingRules> matchingRules(InForce<RulesFile> rules) {
        return () -> rules.now().matching();
    }

    /** Exclusion-list screening's thresholds and the freshness its quality indicator asks. */
    @Bean
    public InForce<ScreeningRules> screeningRules(InForce<RulesFile> rules) {
        return () -> rules.now().screening();
    }

    @Bean
    public InForce<CompletenessRules> completenessRules(InForce<RulesFile> rules) {
        return () -> rules.now().completeness();
    }

    /** The attribute groups consumers of golden records subscribe to, without the rest of the policy. */
    @Bean
    public InForce<ConsumerAttributes> consumerAttributes(InForce<RulesFile> rules) {
        // made once per rules version (each version is one RulesFile instance), not at every feed row
        AtomicReference<Map.Entry<RulesFile, ConsumerAttributes>> made = new AtomicReference<>();
        return () -> {
            RulesFile now = rules.now();
            Map.Entry<RulesFile, ConsumerAttributes> last = made.get();
            if (last == null || last.getKey() != now) {
                last = Map.entry(now, ConsumerAttributes.of(now.policy()));
                made.set(last);
            }
            return last.getValue();
        };
    }

    @Bean
    public InForce<AccessRules> accessRules(InForce<RulesFile> rules) {
        return () -> rules.now().access();
    }

    @Bean
    public InForce<RequestLimits> requestLimits(InForce<RulesFile> rules) {
        return () -> rules.now().limits();
    }

    /** How long personal data are kept and which legal holds stop an erasure (the retention task asks it per run). */
    @Bean
    public InForce<PersonalDataRules> personalDataRulesInForce(InForce<RulesFile> rules) {
        return () -> rules.now().personalData();
    }

    /**
     * Who may delegate their approvals to whom and for how long, for the command handlers that take it as a parameter
     * (delegations and decisions). Prototype-scoped on purpose: Axon resolves a handler's bean parameter by asking the
     * bean factory for it at every command, so each command gets the delegation rules of the version it is decided by.
     * Inject {@code InForce<RulesFile>} instead anywhere else (a singleton would keep the first one it got).
     */
    @Bean
    @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
    public DelegationRules delegationRules(InForce<RulesFile> rules) {
        return rules.now().delegation();
    }

    /** The personal data rules for the erasure's command handler, per command: see {@link #delegationRules}. */
    @Bean
    @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
    public PersonalDataRules personalDataRules(InForce<RulesFile> rules) {
        return rules.now().personalData();
    }
}
