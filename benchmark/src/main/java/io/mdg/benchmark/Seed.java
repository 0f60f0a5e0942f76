package io.mdg.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.demo.data.DemoNetwork.Sequence;
import io.mdg.demo.data.DemoNetwork.Submission;

/**
 * Grows the event store of an in-process service to a size (figure 7) without taking hours: supplier registrations
 * as the command side writes them (the same event, aggregate type and serializer, bank accounts encrypted), published
 * to the service's own Axon event store outside any unit of work, {@value #PER_TRANSACTION} at a time: its storage
 * engine (the JDBC engine on the service's PostgreSQL, or whatever the service configures) appends each such batch in
 * one transaction. No knowledge of the service's tables is needed. They bypass the command
 * side, and with it its lookup tables (identifiers, source records): those keep only what the timed submissions
 * write, so the seeded suppliers are unknown to later rules checks (their identifiers never collide with the timed
 * loads'); the projections pick the events up from the store as any others. Seeded suppliers are numbered from
 * {@value #FIRST} on, apart from those the timed loads send.
 */
final class Seed {

    static final int PER_TRANSACTION = 1_000;
    static final long FIRST = 20_000_000L;

    private long next = FIRST;

    /** Appends {@code events} supplier registrations; returns the seconds it took. */
    double suppliers(InProcessService service, long events) {
        EventStore store = service.bean(EventStore.class);
        Actor erp = Actor.client("erp");
        long start = System.nanoTime();
        for (long done = 0; done < events; ) {
            int n = (int) Math.min(PER_TRANSACTION, events - done);
            List<EventMessage<?>> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Submission supplier = Sequence.supplier(next++);
                String id = UUID.randomUUID().toString();
                batch.add(new GenericDomainEventMessage<>("Supplier", id, 0, new RecordRegisteredEvent(id,
                        EntityType.SUPPLIER, new SourceRef(supplier.system(), supplier.sourceId(), 1L),
                        supplier.attributes(), erp)));
            }
            store.publish(batch);
            done += n;
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
