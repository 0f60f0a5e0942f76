package io.mdg.app;

import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every message produced while handling another carries over from it. Axon's default names the handled
 * message's id {@code correlationId} and the root {@code traceId}; here {@code correlationId} is the root (the id
 * the edge took from the caller's {@code X-Correlation-Id}, or the first message's id) and {@code causationId} the
 * message that directly caused this one (e.g. one entry's command in a batch). Defined in every role, since events,
 * deadlines and commands sent from handlers all carry it on.
 */
@Configuration(proxyBeanMethods = false)
public class CorrelationDataConfiguration {

    @Bean
    public CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider("causationId", "correlationId");
    }
}
