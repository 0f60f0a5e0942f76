package io.mdg.query.ops;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.ops.DeadLetterActionResult;
import io.mdg.api.ops.DeadLetterGroupView;
import io.mdg.api.ops.DeadLetterView;

/**
 * The projections' dead-letter queues for operators: list, retry, evict. A retry runs the parked events through
 * the group's handlers again, in order, sequence by sequence; it runs on a thread of its own, outside the caller's
 * unit of work and transaction, so that a failing letter never rolls back the caller (e.g. the command that asked
 * for the retry and its audit event).
 */
@Component
@Profile("query")
public class DeadLetters {

    /** A retry of every sequence stops after this many (the rest wait for the next retry). */
    static final int MAX_SEQUENCES_PER_RETRY = 10_000;

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final EventProcessingConfiguration processing;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "mdg-dead-letters");
        thread.setDaemon(true);
        return thread;
    });

    public DeadLetters(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    /** The parked events of a group (or of all projection groups), at most {@code limit} per group. */
    public List<DeadLetterGroupView> find(String group, int limit) {
        List<DeadLetterGroupView> result = new ArrayList<>();
        for (String name : ProjectionGroups.resolve(group)) {
            Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue = processing.deadLetterQueue(name);
            if (queue.isEmpty()) {
                continue;
            }
            List<DeadLetterView> letters = new ArrayList<>();
            outer:
            for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.get().deadLetters()) {
                for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                    if (letters.size() >= limit) {
                        break outer;
                    }
                    letters.add(view(name, letter));
                }
            }
            result.add(new DeadLetterGroupView(name, queue.get().amountOfSequences(), queue.get().size(), letters));
        }
        return result;
    }

    /** How many events are parked in a group. */
    public long size(String group) {
        return processing.deadLetterQueue(group).map(SequencedDeadLetterQueue::size).orElse(0L);
    }

    /**
     * Retries one sequence (a record's parked events, in order) or, with a null {@code sequenceIdentifier}, every
     * sequence once. A sequence whose letter fails again stays parked from that letter on.
     */
    public DeadLetterActionResult retry(String group, String sequenceIdentifier) {
        String name = ProjectionGroups.resolve(group).get(0);
        SequencedDeadLetterProcessor<EventMessage<?>> processor = processing.sequencedDeadLetterProcessor(name)
                .orElseThrow(() -> new IllegalStateException("processing group " + name + " has no dead-letter queue"));
        return onWorker(() -> {
            int attempted = 0;
            int succeeded = 0;
            if (sequenceIdentifier != null) {
                AtomicReference<String> picked = new AtomicReference<>();
                boolean ok = processor.process(letter -> {
                    boolean match = sequenceIdentifier.equals(sequenceOf(letter));
                    if (match) {
                        picked.set(sequenceIdentifier);
                    }
                    return match;
                });
                attempted = picked.get() == null ? 0 : 1;
                succeeded = ok ? 1 : 0;
            } else {
                Set<String> tried = new HashSet<>();
                while (attempted < MAX_SEQUENCES_PER_RETRY) {
                    AtomicReference<String> picked = new AtomicReference<>();
                    boolean ok = processor.process(letter -> {
                        String sequence = sequenceOf(letter);
                        if (tried.contains(sequence)) {
                            return false;
                        }
                        picked.set(sequence);
                        return true;
                    });
                    if (picked.get() == null) {
                        break;
                    }
                    tried.add(picked.get());
                    attempted++;
                    succeeded += ok ? 1 : 0;
                }
            }
            long remaining = size(name);
            log.info("Dead letters of {} retried: {} sequence(s), {} went through, {} letter(s) still parked", name,
                    attempted, succeeded, remaining);
            return new DeadLetterActionResult(name, attempted, succeeded, remaining);
        });
    }

    /** Removes one letter ({@code index}) or a whole sequence without handling it. */
    public DeadLetterActionResult evict(String group, String sequenceIdentifier, Long index) {
        String name = ProjectionGroups.resolve(group).get(0);
        SequencedDeadLetterQueue<EventMessage<?>> queue = processing.deadLetterQueue(name)
                .orElseThrow(() -> new IllegalStateException("processing group " + name + " has no dead-letter queue"));
        return onWorker(() -> {
            List<DeadLetter<? extends EventMessage<?>>> matching = new ArrayList<>();
            for (DeadLetter<? extends EventMessage<?>> letter : queue.deadLetterSequence(sequenceIdentifier)) {
                if (index == null || index == indexOf(letter)) {
                    matching.add(letter);
                }
            }
            matching.forEach(queue::evict);
            long remaining = queue.size();
            log.info("Dead letters of {} evicted: {} letter(s) of sequence {}, {} letter(s) still parked", name,
                    matching.size(), sequenceIdentifier, remaining);
            return new DeadLetterActionResult(name, matching.size(), matching.size(), remaining);
        });
    }

    private <T> T onWorker(Callable<T> task) {
        try {
            return worker.submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handling dead letters", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    static DeadLetterView view(String group, DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> event = letter.message();
        Object correlationId = event.getMetaData().get("correlationId");
        return new DeadLetterView(group, sequenceOf(letter), indexOf(letter), event.getPayloadType().getSimpleName(),
                event.getIdentifier(), event.getTimestamp(), correlationId == null ? null : correlationId.toString(),
                letter.enqueuedAt(), letter.lastTouched(), letter.cause().map(c -> c.type()).orElse(null),
                letter.cause().map(c -> c.message()).orElse(null),
                Math.max(0, ParkingPolicy.retries(letter.diagnostics())));
    }

    static String sequenceOf(DeadLetter<?> letter) {
        if (letter instanceof JdbcDeadLetter<?> stored) {
            return stored.getSequenceIdentifier();
        }
        if (letter.message() instanceof org.axonframework.eventhandling.DomainEventMessage<?> domain) {
            return domain.getAggregateIdentifier();
        }
        return letter.message().getIdentifier();
    }

    static long indexOf(DeadLetter<?> letter) {
        return letter instanceof JdbcDeadLetter<?> stored ? stored.getSequenceIndex() : 0L;
    }
}
