package io.mdg.query;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * A projection that fails on an event must not skip it silently (the read model would be wrong for good): the
 * failure goes to the processor, which retries the segment with back-off and shows the error in the
 * {@code projections} health. Processor settings themselves are in application.yml.
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
