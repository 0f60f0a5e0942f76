package io.mdg.query.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.junit.jupiter.api.Test;

import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;

import org.bson.BsonDocument;

class ParkingPolicyTest {

    private final ParkingPolicy policy = new ParkingPolicy("golden-records", 3);

    private static GenericDeadLetter<EventMessage<?>> letter(EventMessage<?> event, Throwable cause) {
        return new GenericDeadLetter<>("record-1", event, cause);
    }

    @Test
    void an_event_that_fails_is_retried_by_the_processor_and_parked_only_when_every_attempt_failed() {
        EventMessage<?> event = GenericEventMessage.asEventMessage("payload");
        IllegalStateException bad = new IllegalStateException("bad data");

        assertThatThrownBy(() -> policy.decide(letter(event, bad), bad))
                .isInstanceOf(ParkingPolicy.ProjectionRetryException.class).hasCause(bad);
        assertThatThrownBy(() -> policy.decide(letter(event, bad), bad))
                .isInstanceOf(ParkingPolicy.ProjectionRetryException.class);
        EnqueueDecision<EventMessage<?>> third = policy.decide(letter(event, bad), bad);

        assertThat(third.shouldEnqueue()).isTrue();
        assertThat(third.enqueueCause()).isPresent();
        assertThat(ParkingPolicy.retries(third.withDiagnostics(letter(event, bad)).diagnostics())).isZero();
        // the count starts again for the next failure of that event (e.g. after an operator's retry)
        assertThatThrownBy(() -> policy.decide(letter(event, bad), bad))
                .isInstanceOf(ParkingPolicy.ProjectionRetryException.class);
    }

    @Test
    void attempts_are_counted_per_event() {
        EventMessage<?> first = GenericEventMessage.asEventMessage("first");
        EventMessage<?> second = GenericEventMessage.asEventMessage("second");
        RuntimeException bad = new RuntimeException("bad");
        assertThatThrownBy(() -> policy.decide(letter(first, bad), bad));
        assertThatThrownBy(() -> policy.decide(letter(second, bad), bad));
        assertThatThrownBy(() -> policy.decide(letter(first, bad), bad));
        assertThat(policy.decide(letter(first, bad), bad).shouldEnqueue()).isTrue();
        assertThatThrownBy(() -> policy.decide(letter(second, bad), bad));
        assertThat(policy.decide(letter(second, bad), bad).shouldEnqueue()).isTrue();
    }

    @Test
    void an_unreachable_read_store_never_parks_anything() {
        EventMessage<?> event = GenericEventMessage.asEventMessage("payload");
        RuntimeException outage = new RuntimeException("wrapped",
                new MongoSocketReadException("connection reset", new ServerAddress("localhost", 27017)));
        MongoTimeoutException timeout = new MongoTimeoutException("no server within 30000 ms");
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> policy.decide(letter(event, outage), outage))
                    .isInstanceOf(ParkingPolicy.ProjectionRetryException.class);
            assertThatThrownBy(() -> policy.decide(letter(event, timeout), timeout))
                    .isInstanceOf(ParkingPolicy.ProjectionRetryException.class);
        }
        assertThat(io.mdg.query.store.ReadStoreFailures.isTransient(new MongoWriteException(
                new WriteError(11000, "duplicate key", new BsonDocument()), new ServerAddress()))).isFalse();
    }

    @Test
    void an_unreachable_database_never_parks_anything_but_a_refused_statement_is_the_events_failure() {
        EventMessage<?> event = GenericEventMessage.asEventMessage("payload");
        RuntimeException connectionLost = new RuntimeException("wrapped", new java.sql.SQLException(
                "An I/O error occurred while sending to the backend.", "08006"));
        RuntimeException shuttingDown = new RuntimeException(new java.sql.SQLException("terminating connection due "
                + "to administrator command", "57P01"));
        RuntimeException timedOut = new RuntimeException(new java.sql.SQLTransientConnectionException("no connection"));
        for (RuntimeException outage : java.util.List.of(connectionLost, shuttingDown, timedOut)) {
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> policy.decide(letter(event, outage), outage))
                        .isInstanceOf(ParkingPolicy.ProjectionRetryException.class);
            }
        }
        assertThat(ParkingPolicy.unreachable(new RuntimeException(new java.sql.SQLException(
                "duplicate key value violates unique constraint", "23505")))).isFalse();
    }

    @Test
    void a_parked_letter_whose_operator_retry_fails_stays_parked_with_the_retry_counted() {
        EventMessage<?> event = GenericEventMessage.asEventMessage("payload");
        RuntimeException bad = new RuntimeException("still bad");
        GenericDeadLetter<EventMessage<?>> parked = letter(event, bad);
        parked = (GenericDeadLetter<EventMessage<?>>) parked.withDiagnostics(
                parked.diagnostics().and(ParkingPolicy.RETRIES, 0));

        EnqueueDecision<EventMessage<?>> decision = policy.decide(parked, bad);

        assertThat(decision.shouldEnqueue()).isTrue();
        assertThat(ParkingPolicy.retries(decision.withDiagnostics(parked).diagnostics())).isEqualTo(1);
    }

    @Test
    void at_least_one_attempt() {
        assertThatThrownBy(() -> new ParkingPolicy("g", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mdg.dead-letters.attempts");
    }
}
