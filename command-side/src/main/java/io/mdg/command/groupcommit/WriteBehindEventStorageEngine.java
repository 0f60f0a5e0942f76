package io.mdg.command.groupcommit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

/**
 * An event storage engine that, in a transaction that writes behind ({@link WriteBehind}), keeps the events a group's
 * commands append and writes them all with one batched append just before the group commits. The events of an
 * aggregate still to be written are read back with the stored ones, so a later command of the group that loads the
 * aggregate sees them. A clash of sequence numbers (another lane appended to the same aggregate) fails that append,
 * and with it the group's commit: the lane then handles the group again with a savepoint per command, writing at once.
 * Outside such a transaction every call goes straight to the wrapped engine.
 */
public final class WriteBehindEventStorageEngine implements EventStorageEngine {

    private final EventStorageEngine delegate;
    private final Object key = new Object();
    private volatile Runnable appended = () -> { };

    public WriteBehindEventStorageEngine(EventStorageEngine delegate) {
        this.delegate = delegate;
    }

    /**
     * Runs after each append of events, in the transaction that appended them (so it can add to it, e.g. a
     * notification that PostgreSQL sends only if the transaction commits).
     */
    public void onAppended(Runnable action) {
        this.appended = action;
    }

    /** The wrapped engine. */
    public EventStorageEngine delegate() {
        return delegate;
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        List<EventMessage<?>> pending = WriteBehind.buffer(key, ArrayList::new, this::flush);
        if (pending == null) {
            delegate.appendEvents(events);
            if (!events.isEmpty()) {
                appended.run();
            }
        } else {
            pending.addAll(events);
        }
    }

    private void flush(List<EventMessage<?>> pending) {
        if (!pending.isEmpty()) {
            List<EventMessage<?>> events = new ArrayList<>(pending);
            pending.clear();
            delegate.appendEvents(events);
            appended.run();
        }
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        DomainEventStream stored = delegate.readEvents(aggregateIdentifier, firstSequenceNumber);
        List<DomainEventMessage<?>> unwritten = unwritten(aggregateIdentifier, firstSequenceNumber);
        return unwritten.isEmpty() ? stored : DomainEventStream.concat(stored, DomainEventStream.of(unwritten));
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        List<DomainEventMessage<?>> unwritten = unwritten(aggregateIdentifier, 0);
        return unwritten.isEmpty() ? delegate.lastSequenceNumberFor(aggregateIdentifier)
                : Optional.of(unwritten.get(unwritten.size() - 1).getSequenceNumber());
    }

    private List<DomainEventMessage<?>> unwritten(String aggregateIdentifier, long firstSequenceNumber) {
        List<EventMessage<?>> pending = WriteBehind.existing(key);
        if (pending == null || pending.isEmpty()) {
            return List.of();
        }
        List<DomainEventMessage<?>> found = new ArrayList<>();
        for (EventMessage<?> event : pending) {
            if (event instanceof DomainEventMessage<?> domain
                    && aggregateIdentifier.equals(domain.getAggregateIdentifier())
                    && domain.getSequenceNumber() >= firstSequenceNumber) {
                found.add(domain);
            }
        }
        return found;
    }

    @Override
    public void storeSnapshot(DomainEventMessage<?> snapshot) {
        delegate.storeSnapshot(snapshot);
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        return delegate.readEvents(trackingToken, mayBlock);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return delegate.readSnapshot(aggregateIdentifier);
    }

    @Override
    public TrackingToken createTailToken() {
        return delegate.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return delegate.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return delegate.createTokenAt(dateTime);
    }
}
