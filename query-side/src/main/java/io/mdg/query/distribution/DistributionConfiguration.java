package io.mdg.query.distribution;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The outbox must not skip a change: an event its handler cannot write fails the processor's batch, which is
 * retried (with Axon's back-off) until it is written, holding the later changes behind it; no dead-letter queue,
 * since a change parked aside would let later changes of the same record overtake it in every feed. Its processor
 * settings (one segment, one thread) are in application.yml.
 */
@Configuration(proxyBeanMethods = false)
@Profile("query")
public class DistributionConfiguration {

    @Bean
    public ConfigurerModule outboxErrorHandling() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(
                ChangeOutbox.GROUP, c -> PropagatingErrorHandler.instance());
    }
}
