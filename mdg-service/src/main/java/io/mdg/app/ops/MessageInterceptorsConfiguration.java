package io.mdg.app.ops;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventBus;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import io.micrometer.core.instrument.MeterRegistry;

import io.mdg.command.rules.RulesInForce;

/**
 * Registers the operations interceptors: the logging context ({@link MessageLoggingContext}) on the command bus and
 * on every event processor, the order of publication ({@link PublicationOrder}) and, where commands are decided, the
 * rules version ({@link RulesVersionStamp}) on the event bus, and the submission
 * counter ({@link SubmissionMetrics}) on the command bus of a process that handles commands.
 */
@Configuration(proxyBeanMethods = false)
public class MessageInterceptorsConfiguration {

    @Bean
    public ConfigurerModule eventProcessorLoggingContext() {
        return configurer -> configurer.eventProcessing().registerDefaultHandlerInterceptor(
                (config, processor) -> new MessageLoggingContext(config.eventSerializer())::handle);
    }

    /** Every published event carries its order of publication (the audit trail's order within a millisecond). */
    @Bean
    public SmartInitializingSingleton eventPublicationOrder(EventBus eventBus) {
        return () -> eventBus.registerDispatchInterceptor(new PublicationOrder());
    }

    /** Every event the command side publishes carries the version and hash of the rules it was decided by. */
    @Bean
    @Profile("command")
    public SmartInitializingSingleton eventRulesVersion(EventBus eventBus, RulesInForce rules) {
        return () -> eventBus.registerDispatchInterceptor(new RulesVersionStamp(rules::deciding));
    }

    @Bean
    public SmartInitializingSingleton commandBusLoggingContext(CommandBus commandBus) {
        return () -> commandBus.registerHandlerInterceptor(new MessageLoggingContext()::handle);
    }

    @Bean
    @Profile("command")
    public SmartInitializingSingleton commandBusSubmissionMetrics(CommandBus commandBus, MeterRegistry registry) {
        return () -> commandBus.registerHandlerInterceptor(new SubmissionMetrics(registry));
    }
}
