package io.mdg.app.ops;

import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * The event store answers: its head position, by one cheap query (the highest global index of the JDBC store, or
 * Axon Server's last token). DOWN when it fails. In the readiness group: without the event store nothing can be
 * decided or projected.
 */
@Component("eventStore")
public class EventStoreHealthIndicator extends AbstractHealthIndicator {

    private final EventStore eventStore;

    public EventStoreHealthIndicator(EventStore eventStore) {
        super("event store check failed");
        this.eventStore = eventStore;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        long started = System.nanoTime();
        TrackingToken head = eventStore.createHeadToken();
        builder.up()
                .withDetail("head", head == null ? -1 : head.position().orElse(-1L))
                .withDetail("tookMs", (System.nanoTime() - started) / 1_000_000);
    }
}
