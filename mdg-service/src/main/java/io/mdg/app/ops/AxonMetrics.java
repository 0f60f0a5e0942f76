package io.mdg.app.ops;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.NoOpMessageMonitor;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Axon's message metrics (the command bus, the query bus, the event bus and every event processor) under the names
 * and with the meaning axon-micrometer gives them ({@code commandBus.successCounter}, {@code queryBus.allTimer},
 * {@code golden-records.processedCounter} (succeeded and failed; ignored apart), {@code golden-records.capacity},
 * {@code golden-records.latency}...: in Prometheus {@code commandBus_successCounter_total},
 * {@code golden_records_latency}...), with each meter registered once per component instead of once per message.
 *
 * <p>axon-micrometer's monitors look every meter up in the registry for every message (four timers, five counters
 * and a gauge, each a registry lookup hashing the meter's id), record each duration twice into percentile histograms
 * and each capacity sample into a sorted map: 40 % of the query bus's cost on the read path of {@code supplier(id)}
 * and a share of every command and event handled (BENCHMARKS.md, figure 4). Here a message costs a counter increment,
 * two timer records (count, total and max; a percentile histogram only where the operator asks for one, with Spring
 * Boot's {@code management.metrics.distribution.percentiles-histogram.<meter name>=true}) and, for capacity, one add.
 *
 * <p>Capacity is the time spent handling messages per second of wall time (1.0 = one thread busy all the time),
 * averaged since the previous read of the gauge (at least a second before; a scrape reads it); latency, for an event
 * processor, is how far (in milliseconds of event time) the last event handled lags behind the last one received.
 */
@Configuration(proxyBeanMethods = false)
public class AxonMetrics {

    @Bean
    public ConfigurerModule axonMessageMonitors(MeterRegistry registry) {
        Map<String, MessageMonitor<Message<?>>> monitors = new ConcurrentHashMap<>();
        return configurer -> configurer.configureMessageMonitor(configuration -> (componentType, componentName) ->
                monitors.computeIfAbsent(componentName, name -> monitor(registry, componentType, name)));
    }

    /** The monitor of one Axon component; nothing for components Axon has no metrics for either. */
    static MessageMonitor<Message<?>> monitor(MeterRegistry registry, Class<?> componentType, String name) {
        boolean processor = EventProcessor.class.isAssignableFrom(componentType);
        if (processor || CommandBus.class.isAssignableFrom(componentType)
                || QueryBus.class.isAssignableFrom(componentType) || EventBus.class.isAssignableFrom(componentType)
                || QueryUpdateEmitter.class.isAssignableFrom(componentType)) {
            return new MeteredMessages(registry, name, processor);
        }
        return NoOpMessageMonitor.instance();
    }

    /** Counts, times and weighs the messages of one component; every meter registered once, here. */
    static final class MeteredMessages implements MessageMonitor<Message<?>> {

        private static final long MIN_CAPACITY_INTERVAL = TimeUnit.SECONDS.toNanos(1);

        private final Counter ingested;
        private final Counter success;
        private final Counter failure;
        private final Counter processed;
        private final Counter ignored;
        private final Timer all;
        private final Timer successTimer;
        private final Timer failureTimer;
        private final Timer ignoredTimer;
        private final boolean latency;
        private final LongAdder busyNanos = new LongAdder();
        private final AtomicLong lastReceived = new AtomicLong(-1);
        private final AtomicLong lastProcessed = new AtomicLong(-1);
        private final io.micrometer.core.instrument.Clock clock;
        private long capacityReadAt;
        private long capacityBusyAt;
        private double capacity;

        MeteredMessages(MeterRegistry registry, String prefix, boolean eventProcessor) {
            clock = registry.config().clock();
            capacityReadAt = clock.monotonicTime();
            ingested = registry.counter(prefix + ".ingestedCounter");
            success = registry.counter(prefix + ".successCounter");
            failure = registry.counter(prefix + ".failureCounter");
            processed = registry.counter(prefix + ".processedCounter");
            ignored = registry.counter(prefix + ".ignoredCounter");
            all = registry.timer(prefix + ".allTimer");
            successTimer = registry.timer(prefix + ".successTimer");
            failureTimer = registry.timer(prefix + ".failureTimer");
            ignoredTimer = registry.timer(prefix + ".ignoredTimer");
            Gauge.builder(prefix + ".capacity", this, MeteredMessages::capacity)
                    .description("time spent handling messages per second of wall time, since the previous read")
                    .register(registry);
            latency = eventProcessor;
            if (eventProcessor) {
                Gauge.builder(prefix + ".latency", this, MeteredMessages::latency)
                        .description("event time between the last event received and the last event handled, in ms")
                        .register(registry);
            }
        }

        @Override
        public MonitorCallback onMessageIngested(Message<?> message) {
            ingested.increment();
            long eventTime = latency && message instanceof EventMessage<?> event
                    ? event.getTimestamp().toEpochMilli() : -1;
            if (eventTime >= 0) {
                lastReceived.accumulateAndGet(eventTime, Math::max);
            }
            long start = clock.monotonicTime();
            return new MonitorCallback() {
                @Override
                public void reportSuccess() {
                    processed.increment();
                    success.increment();
                    done(successTimer);
                }

                @Override
                public void reportFailure(Throwable cause) {
                    processed.increment();
                    failure.increment();
                    done(failureTimer);
                }

                @Override
                public void reportIgnored() {
                    ignored.increment();
                    done(ignoredTimer);
                }

                private void done(Timer outcome) {
                    long nanos = clock.monotonicTime() - start;
                    all.record(nanos, TimeUnit.NANOSECONDS);
                    outcome.record(nanos, TimeUnit.NANOSECONDS);
                    busyNanos.add(nanos);
                    if (eventTime >= 0) {
                        lastProcessed.accumulateAndGet(eventTime, Math::max);
                    }
                }
            };
        }

        synchronized double capacity() {
            long now = clock.monotonicTime();
            long elapsed = now - capacityReadAt;
            if (elapsed >= MIN_CAPACITY_INTERVAL) {
                long busy = busyNanos.sum();
                capacity = (double) (busy - capacityBusyAt) / elapsed;
                capacityBusyAt = busy;
                capacityReadAt = now;
            }
            return capacity;
        }

        double latency() {
            long received = lastReceived.get();
            long handled = lastProcessed.get();
            return received < 0 || handled < 0 ? 0 : received - handled;
        }
    }
}
