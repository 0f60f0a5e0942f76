package io.mdg.app;

import org.axonframework.queryhandling.LoggingQueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryBusSpanFactory;
import org.axonframework.queryhandling.QueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The local query bus: Axon's simple bus as Axon's auto-configuration builds it (its metrics, {@code queryBus_*},
 * included), without a transaction around each query, which every query paid on the read path of every request:
 * every query handler reads memory or runs its own statements (the read tables, the dead-letter queue and the event
 * store manage their own connections and transactions); the bus's transaction only took a pooled PostgreSQL
 * connection per query. (Axon's time limits, which captured the thread's stack for every query, are off for every
 * handler: {@code axon.timeout.enabled} in application.yml; the edge limits every query itself.)
 * Behind Axon Server it is the local segment that handles the queries routed to this node.
 */
@Configuration(proxyBeanMethods = false)
public class QueryBusConfiguration {

    @Bean
    @Qualifier("localSegment")
    public SimpleQueryBus queryBus(org.axonframework.config.Configuration axonConfiguration) {
        SimpleQueryBus.Builder builder = SimpleQueryBus.builder()
                .messageMonitor(axonConfiguration.messageMonitor(QueryBus.class, "queryBus"))
                .errorHandler(axonConfiguration.getComponent(QueryInvocationErrorHandler.class,
                        () -> LoggingQueryInvocationErrorHandler.builder().build()))
                .queryUpdateEmitter(axonConfiguration.getComponent(QueryUpdateEmitter.class))
                .spanFactory(axonConfiguration.getComponent(QueryBusSpanFactory.class));
        return builder.build();
    }
}
