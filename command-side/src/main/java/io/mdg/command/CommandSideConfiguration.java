package io.mdg.command;

import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.modelling.command.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.mdg.api.EntityType;
import io.mdg.command.changerequest.ChangeRequest;
import io.mdg.command.changerequest.ChangeRequestExpiryRelay;
import io.mdg.command.changerequest.ChangeRequestHandler;
import io.mdg.command.changerequest.ChangeRequests;
import io.mdg.command.contract.Contract;
import io.mdg.command.item.Item;
import io.mdg.command.location.Location;
import io.mdg.command.lookup.CommandLookups;
import io.mdg.command.lookup.RecordLookupProjector;
import io.mdg.command.lookup.SourceRecordLocks;
import io.mdg.command.record.RecordRepositories;
import io.mdg.command.record.StewardCommandHandler;
import io.mdg.command.record.SubmissionHandler;
import io.mdg.command.supplier.Supplier;
import io.mdg.rules.policy.GovernancePolicy;

/**
 * The command side: the four aggregates, the submission and steward handlers, the governance policy (the rules
 * file) and the lookup tables for set-based validation. Active in profile "command".
 */
@Configuration(proxyBeanMethods = false)
@Profile("command")
public class CommandSideConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CommandSideConfiguration.class);

    /**
     * The rules file: {@code mdg.rules.file} (env {@code MDG_RULES_FILE}) or the default shipped with the product.
     * A malformed file stops start-up with a message that names the file and the problem.
     */
    @Bean
    public GovernancePolicy governancePolicy(@Value("${mdg.rules.file:}") String file) {
        GovernancePolicy policy = file.isBlank() ? GovernancePolicy.loadDefault() : GovernancePolicy.load(Path.of(file));
        log.info("Governance rules {} version {}", file.isBlank() ? "(default)" : file, policy.version());
        return policy;
    }

    @Bean
    public CommandLookups commandLookups(JdbcTemplate jdbcTemplate) {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        CommandLookups lookups = new CommandLookups(jdbcTemplate, json);
        lookups.createSchema();
        return lookups;
    }

    @Bean
    public RecordLookupProjector recordLookupProjector(CommandLookups lookups) {
        return new RecordLookupProjector(lookups);
    }

    /**
     * The lookup tables are fed in the events' own unit of work and transaction: always a subscribing processor
     * (not configurable: a streaming one would break set-based validation); a failure fails the command.
     */
    @Bean
    public ConfigurerModule commandLookupProcessing() {
        return configurer -> configurer.eventProcessing()
                .registerSubscribingEventProcessor(ChangeRequestExpiryRelay.GROUP)
                .registerSubscribingEventProcessor(RecordLookupProjector.GROUP)
                .registerListenerInvocationErrorHandler(RecordLookupProjector.GROUP,
                        c -> PropagatingErrorHandler.instance());
    }

    @Bean
    public ChangeRequestExpiryRelay changeRequestExpiryRelay(org.axonframework.commandhandling.gateway.CommandGateway commands) {
        return new ChangeRequestExpiryRelay(commands);
    }

    @Bean
    public SourceRecordLocks sourceRecordLocks(@Value("${mdg.command.lock-stripes:262144}") int stripes) {
        return new SourceRecordLocks(stripes);
    }

    @Bean
    public RecordRepositories recordRepositories(Repository<Supplier> suppliers, Repository<Item> items,
                                                 Repository<Contract> contracts, Repository<Location> locations) {
        return new RecordRepositories()
                .register(EntityType.SUPPLIER, suppliers, Supplier::new)
                .register(EntityType.ITEM, items, Item::new)
                .register(EntityType.CONTRACT, contracts, Contract::new)
                .register(EntityType.LOCATION, locations, Location::new);
    }

    @Bean
    public ChangeRequests changeRequests(Repository<ChangeRequest> repository, DeadlineManager deadlineManager,
                                         GovernancePolicy policy) {
        return new ChangeRequests(repository, deadlineManager, policy, () -> UUID.randomUUID().toString(),
                Clock.systemUTC());
    }

    @Bean
    public SubmissionHandler submissionHandler(RecordRepositories repositories, CommandLookups lookups,
                                               SourceRecordLocks locks, GovernancePolicy policy,
                                               ChangeRequests changeRequests,
                                               org.axonframework.eventhandling.gateway.EventGateway events) {
        return new SubmissionHandler(repositories, lookups, locks, policy, () -> UUID.randomUUID().toString(),
                changeRequests, events);
    }

    @Bean
    public ChangeRequestHandler changeRequestHandler(ChangeRequests changeRequests, RecordRepositories repositories,
                                                     CommandLookups lookups, GovernancePolicy policy,
                                                     SubmissionHandler submissions,
                                                     StewardCommandHandler stewardActions) {
        return new ChangeRequestHandler(changeRequests, repositories, lookups, policy, submissions::validator,
                stewardActions);
    }

    @Bean
    public StewardCommandHandler stewardCommandHandler(RecordRepositories repositories, CommandLookups lookups,
                                                       GovernancePolicy policy, ChangeRequests changeRequests) {
        return new StewardCommandHandler(repositories, lookups, policy, changeRequests);
    }
}
