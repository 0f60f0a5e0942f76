package io.mdg.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProcessorEventSourceTest {

    /** The producer's own poll is far longer than any wait here: only a commit's wake-up can explain a quick read. */
    private final EmbeddedEventStore store = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine())
            .fetchDelay(60_000)
            .build();
    private final ProcessorEventSource source = new ProcessorEventSource(store);

    @AfterEach
    void stop() {
        source.close();
        store.shutDown();
    }

    @Test
    void the_embedded_event_store_alone_offers_no_availability_callback() {
        try (BlockingStream<TrackedEventMessage<?>> stream = store.openStream(null)) {
            assertThat(stream.setOnAvailableCallback(() -> { })).isFalse();
        }
    }

    @Test
    void a_processors_stream_is_called_back_when_new_events_can_be_read_from_it() throws Exception {
        store.publish(GenericEventMessage.asEventMessage("before"));
        try (BlockingStream<TrackedEventMessage<?>> stream = source.openStream(source.createHeadToken())) {
            List<Boolean> readableWhenCalled = new CopyOnWriteArrayList<>();
            assertThat(stream.setOnAvailableCallback(() -> {
                try {
                    readableWhenCalled.add(stream.hasNextAvailable(0, TimeUnit.MILLISECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            })).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(source::watching);

            store.publish(GenericEventMessage.asEventMessage("after"));

            await().atMost(Duration.ofSeconds(10)).until(() -> !readableWhenCalled.isEmpty());
            assertThat(readableWhenCalled.get(0)).isTrue();
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("after");
        }
    }

    @Test
    void a_closed_stream_is_no_longer_called_back_and_closing_the_source_stops_its_watcher() throws Exception {
        AtomicInteger closedCalls = new AtomicInteger();
        AtomicInteger openCalls = new AtomicInteger();
        BlockingStream<TrackedEventMessage<?>> closed = source.openStream(source.createHeadToken());
        closed.setOnAvailableCallback(closedCalls::incrementAndGet);
        try (BlockingStream<TrackedEventMessage<?>> open = source.openStream(source.createHeadToken())) {
            open.setOnAvailableCallback(openCalls::incrementAndGet);
            await().atMost(Duration.ofSeconds(10)).until(source::watching);
            closed.close();

            store.publish(GenericEventMessage.asEventMessage("event"));

            await().atMost(Duration.ofSeconds(10)).until(() -> openCalls.get() > 0);
            assertThat(closedCalls).hasValue(0);
        }
        source.close();
        assertThat(source.watching()).isFalse();
    }
}
