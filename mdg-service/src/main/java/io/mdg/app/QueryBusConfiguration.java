package io.mdg.app;

import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.timeout.UnitOfWorkTimeoutInterceptor;
import org.axonframework.queryhandling.LoggingQueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryBusSpanFactory;
import org.axonframework.queryhandling.QueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryMessage;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The local query bus: Axon's simple bus as Axon's auto-configuration builds it (its metrics, {@code queryBus_*},
 * included), without two things every query paid on the read path of every request:
 * <ul>
 *   <li>a transaction around each query: every query handler reads memory or runs its own statements (the read
 *       tables, the dead-letter queue and the event store manage their own connections and transactions); the bus's
 *       transaction only took a pooled PostgreSQL connection per query;</li>
 *   <li>Axon's time limit per query ({@link UnitOfWorkTimeoutInterceptor}, {@code axon.timeout.transaction.query-bus};
 *       the per-handler one is off in application.yml): it captured the thread's stack trace for every query, and
 *       the edge limits every query itself ({@code mdg.edge.timeout}, {@code mdg.graphql.timeout}). Commands, event
 *       processors and deadlines keep Axon's time limits.</li>
 * </ul>
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
        return new SimpleQueryBus(builder) {
            @Override
            public Registration registerHandlerInterceptor(
                    MessageHandlerInterceptor<? super QueryMessage<?, ?>> interceptor) {
                if (interceptor instanceof UnitOfWorkTimeoutInterceptor) {
                    return () -> true;
                }
                return super.registerHandlerInterceptor(interceptor);
            }
        };
    }
}
