package io.mdg.app;

import java.time.Duration;
import java.util.List;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandBusSpanFactory;
import org.axonframework.commandhandling.DuplicateCommandHandlerResolver;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mdg.api.record.SubmitRecordCommand;
import io.mdg.command.groupcommit.GroupCommitCommandBus;
import io.mdg.command.groupcommit.GroupCommitMetrics;

/**
 * The local command bus: Axon's simple bus (as Axon's auto-configuration builds it) with group commit for source
 * submissions ({@link GroupCommitCommandBus}): many per PostgreSQL transaction, each decided alone. Behind Axon
 * Server it is the local segment that handles the commands routed to this node.
 */
@Configuration(proxyBeanMethods = false)
public class CommandBusConfiguration {

    @Bean(destroyMethod = "stop")
    @Qualifier("localSegment")
    public GroupCommitCommandBus commandBus(TransactionManager txManager,
                                            org.axonframework.config.Configuration axonConfiguration,
                                            DuplicateCommandHandlerResolver duplicateCommandHandlerResolver,
                                            PlatformTransactionManager transactions,
                                            @Value("${mdg.command.group-commit.lanes:2}") int lanes,
                                            @Value("${mdg.command.group-commit.max-batch:250}") int maxBatch,
                                            @Value("${mdg.command.group-commit.linger:1ms}") Duration linger,
                                            @Value("${mdg.command.group-commit.queue:4096}") int queue) {
        SimpleCommandBus.Builder builder = SimpleCommandBus.builder()
                .transactionManager(txManager)
                .duplicateCommandHandlerResolver(duplicateCommandHandlerResolver)
                .spanFactory(axonConfiguration.getComponent(CommandBusSpanFactory.class))
                .messageMonitor(axonConfiguration.messageMonitor(CommandBus.class, "commandBus"));
        GroupCommitCommandBus bus = new GroupCommitCommandBus(builder, transactions,
                new GroupCommitCommandBus.Settings(lanes, maxBatch, linger, queue),
                command -> command.getPayload() instanceof SubmitRecordCommand,
                command -> ((SubmitRecordCommand) command.getPayload()).routingKey());
        bus.registerHandlerInterceptor(new CorrelationDataInterceptor<>(axonConfiguration.correlationDataProviders()));
        return bus;
    }

    /** Wakes the event store's consumers (the projections) when a group's events are in the store. */
    @Bean
    public SmartInitializingSingleton groupCommitWakesConsumers(GroupCommitCommandBus bus, EventStore eventStore) {
        // publishing nothing outside a unit of work ends in the event store's afterCommit, which wakes its consumers
        return () -> bus.afterGroupCommit(() -> eventStore.publish(List.of()));
    }

    @Bean
    public Object groupCommitMeters(GroupCommitCommandBus bus, MeterRegistry registry) {
        GroupCommitMetrics metrics = bus.metrics();
        FunctionCounter.builder("mdg.group.commit.transactions", metrics, GroupCommitMetrics::batches)
                .description("transactions that committed grouped submissions").register(registry);
        FunctionCounter.builder("mdg.group.commit.submissions", metrics, GroupCommitMetrics::commands)
                .description("submissions handled in grouped transactions").register(registry);
        FunctionCounter.builder("mdg.group.commit.retried", metrics, GroupCommitMetrics::retried)
                .description("submissions handled again alone after a failure in their group").register(registry);
        FunctionCounter.builder("mdg.group.commit.regrouped", metrics, GroupCommitMetrics::regrouped)
                .description("submissions whose group was handled again with a savepoint each after a failure")
                .register(registry);
        return metrics;
    }
}
