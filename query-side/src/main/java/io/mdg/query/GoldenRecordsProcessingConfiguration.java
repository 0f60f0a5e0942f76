package io.mdg.query;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * A projection that fails on an event must not skip it silently (the read model would be wrong for good): the
 * failure propagates to the group's dead-letter queue ({@code io.mdg.query.ops.DeadLetterConfiguration}), which
 * parks the event and the later events of the same record while the others keep flowing. Processor settings
 * themselves are in application.yml.
 */
@Configuration(proxyBeanMethods = false)
@Profile("query")
public class GoldenRecordsProcessingConfiguration {

    @Bean
    public ConfigurerModule goldenRecordsErrorHandling() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(
                GoldenRecordsProcessing.GROUP, c -> PropagatingErrorHandler.instance());
    }
}
