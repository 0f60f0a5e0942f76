package io.mdg.command.groupcommit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The event store of a group that writes behind: one append at commit, the unwritten events read back before. */
class WriteBehindEventStorageEngineTest {

    /** Counts the appends that reach the store. */
    private final List<Integer> appends = new ArrayList<>();
    private final InMemoryEventStorageEngine stored = new InMemoryEventStorageEngine() {
        @Override
        public void appendEvents(List<? extends EventMessage<?>> events) {
            appends.add(events.size());
            super.appendEvents(events);
        }
    };
    private final WriteBehindEventStorageEngine engine = new WriteBehindEventStorageEngine(stored);

    @AfterEach
    void clearSynchronization() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    private static DomainEventMessage<String> event(String aggregate, long sequence) {
        return new GenericDomainEventMessage<>("Record", aggregate, sequence, aggregate + "#" + sequence);
    }

    private static void commit() {
        List<TransactionSynchronization> synchronizations = TransactionSynchronizationManager.getSynchronizations();
        synchronizations.forEach(s -> s.beforeCommit(false));
        synchronizations.forEach(s -> s.afterCompletion(TransactionSynchronization.STATUS_COMMITTED));
        TransactionSynchronizationManager.clearSynchronization();
    }

    @Test
    void a_group_appends_its_events_once_at_commit_and_reads_the_unwritten_ones_back() {
        TransactionSynchronizationManager.initSynchronization();
        WriteBehind.enable();
        engine.appendEvents(List.of(event("a", 0)));
        engine.appendEvents(List.of(event("b", 0)));
        engine.appendEvents(List.of(event("a", 1)));

        assertThat(appends).as("nothing stored before the commit").isEmpty();
        assertThat(engine.readEvents("a").asStream().map(e -> (Object) e.getPayload())).containsExactly("a#0", "a#1");
        assertThat(engine.readEvents("a", 1).asStream().map(e -> (Object) e.getPayload())).containsExactly("a#1");
        assertThat(engine.lastSequenceNumberFor("a")).contains(1L);

        commit();
        assertThat(appends).containsExactly(3);
        assertThat(engine.readEvents("a").asStream().map(e -> (Object) e.getPayload())).containsExactly("a#0", "a#1");
    }

    @Test
    void outside_a_group_each_append_is_stored_at_once() {
        engine.appendEvents(List.of(event("c", 0)));
        TransactionSynchronizationManager.initSynchronization();
        engine.appendEvents(List.of(event("c", 1)));
        assertThat(appends).as("a transaction that does not write behind stores at once").containsExactly(1, 1);
    }
}
