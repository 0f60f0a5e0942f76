package io.mdg.app.notify;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The notifications' processing group ({@value EscalationNotifier#GROUP}; mode, threads and segments in the service's
 * {@code application.yml} with the other groups): a failure to send propagates (the processor retries the event rather
 * than skipping it), and the group's token, when first created, starts at the head of the event stream (a new
 * installation or an upgrade does not mail every escalation and expiry of the past).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotificationSettings.class)
public class NotificationConfiguration {

    @Bean
    public ConfigurerModule escalationNotificationProcessing() {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(EscalationNotifier.GROUP,
                        c -> PropagatingErrorHandler.instance())
                .registerPooledStreamingEventProcessorConfiguration(EscalationNotifier.GROUP,
                        (c, builder) -> builder.initialToken(StreamableMessageSource::createHeadToken));
    }
}
