package io.mdg.command;

import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.mdg.api.changerequest.ChangeRequestCommand;
import io.mdg.api.consumer.ConsumerCommand;
import io.mdg.api.record.RecordCommand;
import io.mdg.command.changerequest.ChangeRequest;
import io.mdg.command.changerequest.ChangeRequestExpiryRelay;
import io.mdg.command.changerequest.ChangeRequestHandler;
import io.mdg.command.changerequest.ChangeRequestOpener;
import io.mdg.command.changerequest.ChangeRequestOutcomes;
import io.mdg.command.changerequest.ChangeRequests;
import io.mdg.command.changerequest.StewardCommandHandler;
import io.mdg.command.consumer.ConsumerChecks;
import io.mdg.command.consumer.ConsumerClaims;
import io.mdg.command.lookup.CommandLookups;
import io.mdg.command.lookup.CrossRecordChecks;
import io.mdg.command.personal.PersonIds;
import org.springframework.beans.factory.ObjectProvider;
import io.mdg.command.lookup.RecordLookupProjector;
import io.mdg.command.lookup.SourceRecordLocks;
import io.mdg.api.delegation.DelegationCommand;
import io.mdg.command.delegation.DelegationLookup;
import io.mdg.command.delegation.DelegationLookupProjector;
import io.mdg.command.record.GovernedRecord;
import io.mdg.command.record.GovernedRecords;
import io.mdg.command.record.SubmissionHandler;
import io.mdg.command.routing.PayloadTargetResolver;
import io.mdg.command.screening.EntryCipher;
import io.mdg.command.screening.ExclusionListStore;
import io.mdg.command.screening.ExclusionScreens;
import io.mdg.command.screening.SupplierScreeningPolicy;
import io.mdg.command.screening.ExclusionScreeningHandler;
import io.mdg.command.screening.ImportedExclusionList;
import io.mdg.command.screening.ScreeningTargets;
import io.mdg.command.screening.SupplierScreening;
import io.mdg.rules.consumer.EndpointPolicy;
import io.mdg.rules.InForce;
import io.mdg.rules.screening.ScreeningRules;
import io.mdg.rules.policy.GovernancePolicy;
import io.mdg.command.record.PolicyInForce;
import io.mdg.command.record.UnknownAggregates;
import io.mdg.command.rules.RulesVersionsProjector;
import io.mdg.command.rules.RulesVersionsTable;
import io.mdg.api.rules.RulesCommand;

/**
 * The command side: the golden record and change request aggregates, the submission and steward handlers and the
 * lookup tables for set-based validation; they decide by the governance policy of the rules file (read once per
 * process by the application). Active in profile "command".
 */
@Configuration(proxyBeanMethods = false)
@Profile("command")
public class CommandSideConfiguration {

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
                .registerSubscribingEventProcessor(ChangeRequests.POLICIES)
                .registerListenerInvocationErrorHandler(ChangeRequests.POLICIES,
                        c -> PropagatingErrorHandler.instance())
                .registerSubscribingEventProcessor(RecordLookupProjector.GROUP)
                .registerListenerInvocationErrorHandler(RecordLookupProjector.GROUP,
                        c -> PropagatingErrorHandler.instance())
                .registerSubscribingEventProcessor(RulesVersionsProjector.GROUP)
                .registerListenerInvocationErrorHandler(RulesVersionsProjector.GROUP,
                        c -> PropagatingErrorHandler.instance())
                .registerSubscribingEventProcessor(SupplierScreeningPolicy.GROUP)
                .registerListenerInvocationErrorHandler(SupplierScreeningPolicy.GROUP,
                        c -> PropagatingErrorHandler.instance());
    }

    /** Writes each version of the rules put in force into the versions table, in its event's transaction. */
    @Bean
    public RulesVersionsProjector rulesVersionsProjector(RulesVersionsTable table) {
        return new RulesVersionsProjector(table);
    }

    /** Routes the commands to the governance rules ({@code @Aggregate(commandTargetResolver = ...)}). */
    @Bean
    public PayloadTargetResolver<RulesCommand> rulesCommandTargetResolver() {
        return new PayloadTargetResolver<>(RulesCommand.class, RulesCommand::rulesId);
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
    public CrossRecordChecks crossRecordChecks(CommandLookups lookups) {
        return new CrossRecordChecks(lookups);
    }

    /** Routes the commands a golden record handles itself ({@code @Aggregate(commandTargetResolver = ...)}). */
    @Bean
    public PayloadTargetResolver<RecordCommand> recordCommandTargetResolver() {
        return new PayloadTargetResolver<>(RecordCommand.class, RecordCommand::recordId);
    }

    @Bean
    public GovernedRecords governedRecords(Repository<GovernedRecord> repository) {
        return new GovernedRecords(repository);
    }

    /** Opens a change request for each held change, in the decision's unit of work (a subscribing processor). */
    @Bean
    public ChangeRequestOpener changeRequestOpener(ChangeRequests changeRequests) {
        return new ChangeRequestOpener(changeRequests);
    }

    @Bean
    public ChangeRequests changeRequests(Repository<ChangeRequest> repository, DeadlineManager deadlineManager,
                                         PolicyInForce policy) {
        return new ChangeRequests(repository, deadlineManager, policy, () -> UUID.randomUUID().toString(),
                Clock.systemUTC());
    }

    @Bean
    public SubmissionHandler submissionHandler(GovernedRecords records, CommandLookups lookups,
                                               SourceRecordLocks locks,
                                               org.axonframework.eventhandling.gateway.EventGateway events,
                                               ObjectProvider<PersonIds> people) {
        return new SubmissionHandler(records, lookups, locks, () -> UUID.randomUUID().toString(), events,
                people.getIfAvailable(() -> PersonIds.NONE));
    }

    @Bean
    public ChangeRequestHandler changeRequestHandler(ChangeRequests changeRequests, GovernedRecords records,
                                                     CommandLookups lookups, ObjectProvider<PersonIds> people) {
        return new ChangeRequestHandler(changeRequests, records, lookups,
                people.getIfAvailable(() -> PersonIds.NONE));
    }

    /** Applies a change request's decision to its record, in the decision's unit of work (a subscribing processor). */
    @Bean
    public ChangeRequestOutcomes changeRequestOutcomes(ChangeRequests changeRequests, GovernedRecords records,
                                                       CommandLookups lookups, StewardCommandHandler stewardActions) {
        return new ChangeRequestOutcomes(changeRequests, records, lookups, stewardActions);
    }

    /** A decision on a change request that does not exist is refused as NOT_FOUND. */
    @Bean
    public SmartInitializingSingleton unknownChangeRequests(CommandBus commandBus) {
        return () -> commandBus.registerHandlerInterceptor(new UnknownAggregates<>(
                ChangeRequestCommand.class, ChangeRequestCommand::changeRequestId, "change request"));
    }

    /** Routes the commands a change request handles itself ({@code @Aggregate(commandTargetResolver = ...)}). */
    @Bean
    public PayloadTargetResolver<ChangeRequestCommand> changeRequestCommandTargetResolver() {
        return new PayloadTargetResolver<>(ChangeRequestCommand.class, ChangeRequestCommand::changeRequestId);
    }

    @Bean
    public StewardCommandHandler stewardCommandHandler(GovernedRecords records, CommandLookups lookups,
                                                       PolicyInForce policy, ChangeRequests changeRequests) {
        return new StewardCommandHandler(records, lookups, policy, changeRequests);
    }

    /** The imported exclusion lists, in the service's PostgreSQL. */
    @Bean
    public ExclusionListStore exclusionListStore(JdbcTemplate jdbcTemplate, EntryCipher cipher) {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        ExclusionListStore store = new ExclusionListStore(jdbcTemplate, json, cipher);
        store.createSchema();
        return store;
    }

    /** The exclusion screenings and imported lists take no commands over the bus. */
    @Bean(ScreeningTargets.BEAN)
    public ScreeningTargets screeningCommandTargetResolver() {
        return new ScreeningTargets();
    }

    /** The in-memory indexes of the exclusion lists in force. */
    @Bean
    public ExclusionScreens exclusionScreens(ExclusionListStore store,
                                             @Value("${mdg.screening.lists-refresh:1s}") java.time.Duration refresh) {
        return new ExclusionScreens(store, refresh);
    }

    /** Exclusion-list imports and the screening of every ACTIVE supplier against them. */
    @Bean
    public ExclusionScreeningHandler exclusionScreeningHandler(ExclusionListStore store, ExclusionScreens screens,
                                                               CommandLookups lookups,
                                                               ChangeRequests changeRequests,
                                                               Repository<SupplierScreening> screenings,
                                                               Repository<ImportedExclusionList> lists,
                                                               InForce<ScreeningRules> screeningRules) {
        return new ExclusionScreeningHandler(store, screens, lookups, changeRequests, screenings, lists,
                screeningRules, Clock.systemUTC());
    }

    /**
     * Screens a supplier when it is created or re-activated or a screened value changes, in that change's unit of
     * work (a subscribing processor).
     */
    @Bean
    public SupplierScreeningPolicy supplierScreeningPolicy(ExclusionScreeningHandler screening,
                                                           GovernedRecords records) {
        return new SupplierScreeningPolicy(screening, records);
    }

    @Bean
    public ConsumerClaims consumerClaims(JdbcTemplate jdbcTemplate) {
        ConsumerClaims claims = new ConsumerClaims(jdbcTemplate);
        claims.createSchema();
        return claims;
    }

    @Bean
    public ConsumerChecks consumerChecks(PolicyInForce policy, ConsumerClaims claims,
                                         @Value("${mdg.consumers.allow-insecure-endpoints:false}") boolean insecure) {
        return new ConsumerChecks(policy, claims, EndpointPolicy.forSetting(insecure));
    }

    /** Routes the commands a consumer registration handles itself ({@code @Aggregate(commandTargetResolver = ...)}). */
    @Bean
    public PayloadTargetResolver<ConsumerCommand> consumerCommandTargetResolver() {
        return new PayloadTargetResolver<>(ConsumerCommand.class, ConsumerCommand::consumerId);
    }

    /** The command side's table of delegations of approvals, fed in the events' transaction. */
    @Bean
    public DelegationLookup delegationLookup(JdbcTemplate jdbcTemplate) {
        DelegationLookup lookup = new DelegationLookup(jdbcTemplate);
        lookup.createSchema();
        return lookup;
    }

    @Bean
    public DelegationLookupProjector delegationLookupProjector(DelegationLookup lookup) {
        return new DelegationLookupProjector(lookup);
    }

    /** Routes the commands a delegation of approvals handles itself ({@code @Aggregate(commandTargetResolver = ...)}). */
    @Bean
    public PayloadTargetResolver<DelegationCommand> delegationCommandTargetResolver() {
        return new PayloadTargetResolver<>(DelegationCommand.class, DelegationCommand::delegationId);
    }

    /** A command to a delegation that does not exist is refused as NOT_FOUND. */
    @Bean
    public SmartInitializingSingleton unknownDelegations(CommandBus commandBus) {
        return () -> commandBus.registerHandlerInterceptor(new UnknownAggregates<>(
                DelegationCommand.class, DelegationCommand::delegationId, "delegation"));
    }
}
