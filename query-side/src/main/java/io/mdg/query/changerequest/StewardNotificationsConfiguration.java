package io.mdg.query.changerequest;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The steward notification feed must not skip an entry: an event its handler cannot write fails the processor's
 * batch, which is retried until it is written (no dead-letter queue: a later notification would overtake it). Its
 * processor settings (one segment, one thread) are in application.yml.
 */
@Configuration(proxyBeanMethods = false)
@Profile("query")
public class StewardNotificationsConfiguration {

    @Bean
    public ConfigurerModule stewardNotificationsErrorHandling() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(
                StewardNotifications.GROUP, c -> PropagatingErrorHandler.instance());
    }
}
