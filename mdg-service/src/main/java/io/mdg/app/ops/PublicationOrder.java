package io.mdg.app.ops;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;

import io.mdg.api.audit.AuditCursor;

/**
 * Stamps every event this process publishes with its order of publication ({@link AuditCursor#ORDER_META_DATA}):
 * a number that grows with each event, given in the order a unit of work appends its events (the event bus
 * intercepts a unit of work's events as one list, in publication order, just before they are stored). The audit
 * trail uses it to keep one command's entries in the order they happened when their time and tracking position are
 * the same (see {@link AuditCursor}). An event that already has one keeps it.
 */
public final class PublicationOrder implements MessageDispatchInterceptor<EventMessage<?>> {

    private final AtomicLong last = new AtomicLong();

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        return (index, message) -> message.getMetaData().containsKey(AuditCursor.ORDER_META_DATA) ? message
                : message.andMetaData(Map.of(AuditCursor.ORDER_META_DATA, last.incrementAndGet()));
    }
}
