package io.mdg.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.NoOpMessageMonitor;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class AxonMetricsTest {

    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);

    @Test
    void a_bus_counts_and_times_every_outcome_under_axon_micrometers_names() {
        MessageMonitor<Message<?>> monitor = AxonMetrics.monitor(registry, CommandBus.class, "commandBus");
        Message<?> command = GenericCommandMessage.asCommandMessage("register");

        monitor.onMessageIngested(command).reportSuccess();
        monitor.onMessageIngested(command).reportSuccess();
        monitor.onMessageIngested(command).reportFailure(new IllegalStateException("refused"));
        monitor.onMessageIngested(command).reportIgnored();

        assertThat(registry.get("commandBus.ingestedCounter").counter().count()).isEqualTo(4);
        assertThat(registry.get("commandBus.successCounter").counter().count()).isEqualTo(2);
        assertThat(registry.get("commandBus.failureCounter").counter().count()).isEqualTo(1);
        assertThat(registry.get("commandBus.processedCounter").counter().count()).isEqualTo(3);
        assertThat(registry.get("commandBus.ignoredCounter").counter().count()).isEqualTo(1);
        assertThat(registry.get("commandBus.allTimer").timer().count()).isEqualTo(4);
        assertThat(registry.get("commandBus.successTimer").timer().count()).isEqualTo(2);
        assertThat(registry.get("commandBus.failureTimer").timer().count()).isEqualTo(1);
        assertThat(registry.get("commandBus.ignoredTimer").timer().count()).isEqualTo(1);
        assertThat(registry.find("commandBus.capacity").gauge()).isNotNull();
        assertThat(registry.find("commandBus.latency").gauge()).as("latency is an event processor's").isNull();
    }

    @Test
    void messages_reuse_the_meters_registered_with_the_monitor() {
        MessageMonitor<Message<?>> monitor = AxonMetrics.monitor(registry, CommandBus.class, "commandBus");
        int meters = registry.getMeters().size();

        for (int i = 0; i < 100; i++) {
            monitor.onMessageIngested(GenericCommandMessage.asCommandMessage("c" + i)).reportSuccess();
        }

        assertThat(registry.getMeters()).hasSize(meters);
    }

    @Test
    void an_event_processors_latency_is_the_event_time_between_the_last_received_and_the_last_handled() {
        MessageMonitor<Message<?>> monitor = AxonMetrics.monitor(registry, EventProcessor.class, "golden-records");
        Instant t = Instant.parse("2026-12-06T10:00:00Z");

        MessageMonitor.MonitorCallback first = monitor.onMessageIngested(event(t));
        first.reportSuccess();
        monitor.onMessageIngested(event(t.plusMillis(750)));

        assertThat(registry.get("golden-records.latency").gauge().value()).isEqualTo(750);
        assertThat(registry.get("golden-records.processedCounter").counter().count()).isEqualTo(1);
    }

    @Test
    void capacity_is_the_handling_time_per_second_of_wall_time_since_the_previous_read() {
        MessageMonitor<Message<?>> monitor = AxonMetrics.monitor(registry, CommandBus.class, "commandBus");
        MessageMonitor.MonitorCallback busy = monitor.onMessageIngested(GenericCommandMessage.asCommandMessage("c"));
        clock.add(Duration.ofMillis(1_500));
        busy.reportSuccess();
        monitor.onMessageIngested(GenericCommandMessage.asCommandMessage("idle")); // not done yet: not counted
        clock.add(Duration.ofMillis(500));

        double capacity = registry.get("commandBus.capacity").gauge().value();

        assertThat(capacity).as("one thread busy 1.5 s of 2 s").isEqualTo(0.75);
    }

    @Test
    void components_without_axon_metrics_get_no_monitor() {
        assertThat(AxonMetrics.monitor(registry, String.class, "other")).isSameAs(NoOpMessageMonitor.instance());
        assertThat(registry.getMeters()).isEmpty();
    }

    private static Message<?> event(Instant at) {
        return new GenericEventMessage<>(UUID.randomUUID().toString(), "registered", Map.of(), at);
    }
}
