package io.mdg.app;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event store as the streaming processors read it, with the "events available" callback that Axon's embedded
 * event store lacks.
 *
 * <p>A pooled streaming processor's coordinator waits for new events through its stream's
 * {@link BlockingStream#setOnAvailableCallback availability callback}; the {@code EmbeddedEventStore} (the JDBC
 * storage engine's event store) does not support one, so an idle coordinator polls every 500 ms instead, and a new
 * golden record became visible up to half a second after its submission was acknowledged. Here one watcher thread
 * follows the head of the event store (a tailing consumer of the embedded store's shared cache, woken by each commit)
 * and, each time events arrive, calls the callbacks of every open stream. The watcher sees an event only once the
 * store's cache holds it, so the coordinator it wakes finds the event too. A stream that supports the callback itself
 * (Axon Server's) keeps its own.
 */
public final class ProcessorEventSource implements StreamableMessageSource<TrackedEventMessage<?>>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProcessorEventSource.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final EventStore store;
    private final Set<Runnable> callbacks = ConcurrentHashMap.newKeySet();
    private final Object lifecycle = new Object();
    private Thread watcher;
    private volatile boolean closed;

    public ProcessorEventSource(EventStore store) {
        this.store = store;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new Stream(store.openStream(trackingToken));
    }

    @Override
    public TrackingToken createTailToken() {
        return store.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return store.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return store.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return store.createTokenSince(duration);
    }

    /** Stops the watcher; open streams keep working, without callbacks. */
    @Override
    public void close() {
        Thread running;
        synchronized (lifecycle) {
            closed = true;
            running = watcher;
            watcher = null;
        }
        if (running != null) {
            running.interrupt();
            try {
                running.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the watcher runs (it starts with the first callback and stops at {@link #close()}). */
    boolean watching() {
        synchronized (lifecycle) {
            return watcher != null && watcher.isAlive();
        }
    }

    private void register(Runnable callback) {
        callbacks.add(callback);
        synchronized (lifecycle) {
            if (watcher == null && !closed) {
                watcher = new Thread(this::watch, "event-store-watcher");
                watcher.setDaemon(true);
                watcher.start();
            }
        }
    }

    private void watch() {
        while (!closed) {
            try (BlockingStream<TrackedEventMessage<?>> head = store.openStream(store.createHeadToken())) {
                while (!closed) {
                    if (head.hasNextAvailable(1, TimeUnit.SECONDS)) {
                        do {
                            head.nextAvailable();
                        } while (head.hasNextAvailable());
                        callbacks.forEach(Runnable::run);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                log.warn("Following the event store's head failed; processors poll until it is followed again "
                        + "(retry in {} s): {}", RETRY.toSeconds(), e.toString());
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** A processor's stream: the store's own, with the callback registered here when the store has none. */
    private final class Stream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> delegate;
        private Runnable callback;

        private Stream(BlockingStream<TrackedEventMessage<?>> delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            if (delegate.setOnAvailableCallback(callback)) {
                return true;
            }
            if (this.callback != null) {
                callbacks.remove(this.callback);
            }
            this.callback = callback;
            register(callback);
            return true;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return delegate.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return delegate.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return delegate.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public void close() {
            if (callback != null) {
                callbacks.remove(callback);
            }
            delegate.close();
        }
    }
}
