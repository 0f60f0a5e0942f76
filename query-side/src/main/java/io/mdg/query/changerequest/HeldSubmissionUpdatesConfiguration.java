package io.mdg.query.changerequest;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The feed of submission outcomes must not skip one: an event its handler cannot write fails the processor's batch,
 * which is retried (with Axon's back-off) until it is written (no dead-letter queue: a later outcome of the same
 * request would overtake it). Its processor settings (one segment, one thread) are in application.yml.
 */
@Configuration(proxyBeanMethods = false)
@Profile("query")
public class HeldSubmissionUpdatesConfiguration {

    @Bean
    public ConfigurerModule heldSubmissionUpdatesErrorHandling() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(
                HeldSubmissionUpdates.GROUP, c -> PropagatingErrorHandler.instance());
    }
}
