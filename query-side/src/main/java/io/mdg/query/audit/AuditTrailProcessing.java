package io.mdg.query.audit;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The audit trail's own processing group, {@value #GROUP}: its own tokens, so that it can be replayed (or lag)
 * without touching the golden records. Processor settings (mode, threads, segments, batch size) are in the service's
 * {@code application.yml} next to {@code golden-records}. A failing event is not skipped (the trail would have a
 * hole for good): the failure propagates to the group's dead-letter queue
 * ({@code io.mdg.query.ops.DeadLetterConfiguration}), which parks it and the later events of the same sequence.
 */
@Configuration(proxyBeanMethods = false)
@Profile("query")
public class AuditTrailProcessing {

    public static final String GROUP = "audit-trail";

    @Bean
    public ConfigurerModule auditTrailErrorHandling() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(
                GROUP, c -> PropagatingErrorHandler.instance());
    }
}
