package io.mdg.command.groupcommit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * Group commit: commands of the chosen kind (source submissions) are committed many per database transaction, each
 * still handled alone (its own unit of work, the same handler and rules, its own outcome).
 *
 * <p>A command goes to one of {@code lanes} writer lanes by the hash of its routing key (the source record), so the
 * submissions of one record keep their order, and a lane's transactions never wait on each other. A lane takes what
 * is queued (up to {@code maxBatch}, waiting up to {@code linger} for more), opens one transaction, and handles each
 * command in it: its unit of work joins the transaction, and its events and lookup-table rows are held back
 * ({@link WriteBehind}) but readable by the next command of the batch (e.g. a second submission of the same new
 * identifier), then written for the whole batch just before the commit, one statement per table. If a command fails,
 * or the commit does, the batch is rolled back and handled again with a savepoint per command, writing at once: a
 * command that fails there is rolled back to its savepoint alone (in PostgreSQL any error aborts the whole
 * transaction otherwise) and handled again by itself after the batch commits, since its failure may come from
 * another lane's work in flight (a concurrent append to the same record, an identifier claimed at the same time).
 * No command is answered before its transaction has committed; if the commit fails, every command of the batch is
 * handled again by itself.
 *
 * <p>The source-record and identifier locks a submission takes ({@code SourceRecordLocks}) are held until its
 * transaction ends, i.e. until the group commits, so a submission in another lane that touches the same record or
 * identifier waits for the commit and then sees it (as it would without group commit).
 *
 * <p>Other commands (steward actions, change requests) are handled as by the {@link SimpleCommandBus}, in the
 * sender's thread with their own transaction.
 */
public class GroupCommitCommandBus extends SimpleCommandBus {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitCommandBus.class);

    /** Group commit's settings: lanes (0: off), largest batch, how long a lane waits for more, queue per lane. */
    public record Settings(int lanes, int maxBatch, Duration linger, int queueCapacity) {
        public Settings {
            if (lanes < 0 || maxBatch < 1 || linger.isNegative() || queueCapacity < 1) {
                throw new IllegalArgumentException("invalid group commit settings: lanes " + lanes + ", max batch "
                        + maxBatch + ", linger " + linger + ", queue " + queueCapacity);
            }
        }
    }

    private final PlatformTransactionManager transactions;
    private final Settings settings;
    private final Predicate<CommandMessage<?>> grouped;
    private final Function<CommandMessage<?>, String> laneKey;
    private final Lane[] lanes;
    private final GroupCommitMetrics metrics = new GroupCommitMetrics();
    private volatile boolean stopped;
    private volatile Runnable afterGroupCommit = () -> { };

    public GroupCommitCommandBus(SimpleCommandBus.Builder builder, PlatformTransactionManager transactions,
                                 Settings settings, Predicate<CommandMessage<?>> grouped,
                                 Function<CommandMessage<?>, String> laneKey) {
        super(builder);
        this.transactions = transactions;
        this.settings = settings;
        this.grouped = grouped;
        this.laneKey = laneKey;
        this.lanes = new Lane[settings.lanes()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(i);
        }
    }

    public GroupCommitMetrics metrics() {
        return metrics;
    }

    /**
     * Runs after each group's transaction has committed, on its lane. The events of a group are written at that
     * commit, after each command's unit of work has ended: the event store's consumers, woken when a unit of work
     * commits, found nothing yet and slept until their next poll (a second); the service wakes them here.
     */
    public void afterGroupCommit(Runnable action) {
        this.afterGroupCommit = action;
    }

    private void groupCommitted() {
        try {
            afterGroupCommit.run();
        } catch (RuntimeException e) {
            log.warn("After a group commit: {}", e.toString());
        }
    }

    @Override
    protected <C, R> void doDispatch(CommandMessage<C> command, CommandCallback<? super C, ? super R> callback) {
        if (lanes.length == 0 || !grouped.test(command)) {
            // in the sender's thread, with its own transaction; a conflict with a concurrent append (another node's,
            // as this node's own commands of one aggregate are serialised by the repository's lock) is tried again
            Entry<C, R> entry = new Entry<>(command, callback, null);
            handleAlone(entry);
            entry.answer();
            return;
        }
        String key = laneKey.apply(command);
        Lane lane = lanes[Math.floorMod(key.hashCode(), lanes.length)];
        lane.submit(new Entry<>(command, callback, key));
    }

    /** Lets the lanes finish what is queued, then stops them; later commands are handled alone. */
    public void stop() {
        stopped = true;
        for (Lane lane : lanes) {
            lane.stop();
        }
    }

    /** A queued command and whom to answer. */
    private static final class Entry<C, R> {
        final CommandMessage<C> command;
        final CommandCallback<? super C, ? super R> callback;
        final String key;
        CommandResultMessage<? extends R> result;

        Entry(CommandMessage<C> command, CommandCallback<? super C, ? super R> callback, String key) {
            this.command = command;
            this.callback = callback;
            this.key = key;
        }

        void answer() {
            callback.onResult(command, result);
        }
    }

    private final class Lane implements Runnable {

        private final int index;
        private final BlockingQueue<Entry<?, ?>> queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        private volatile Thread thread;
        private volatile boolean running;

        Lane(int index) {
            this.index = index;
        }

        void submit(Entry<?, ?> entry) {
            if (thread == null && !stopped) {
                start(); // the lane's thread starts with its first command
            }
            if (!running) {
                // not started (or stopped): handled alone in the sender's thread, as the plain bus would
                handleAlone(entry);
                entry.answer();
                return;
            }
            try {
                queue.put(entry);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                entry.result = GenericCommandResultMessage.asCommandResultMessage(e);
                entry.answer();
            }
        }

        synchronized void start() {
            if (thread != null || stopped) {
                return;
            }
            running = true;
            thread = new Thread(this, "group-commit-" + index);
            thread.setDaemon(true);
            thread.start();
        }

        synchronized void stop() {
            Thread t = thread;
            if (t == null) {
                return;
            }
            running = false;
            t.interrupt();
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
            // anything still queued is handled here, alone
            List<Entry<?, ?>> left = new ArrayList<>();
            queue.drainTo(left);
            for (Entry<?, ?> entry : left) {
                handleAlone(entry);
                entry.answer();
            }
        }

        @Override
        public void run() {
            List<Entry<?, ?>> batch = new ArrayList<>(settings.maxBatch());
            while (running || !queue.isEmpty()) {
                try {
                    Entry<?, ?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, settings.maxBatch() - batch.size());
                    if (batch.size() < settings.maxBatch() && !settings.linger().isZero()) {
                        long until = System.nanoTime() + settings.linger().toNanos();
                        while (batch.size() < settings.maxBatch()) {
                            Entry<?, ?> more = queue.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS);
                            if (more == null) {
                                break;
                            }
                            batch.add(more);
                            queue.drainTo(batch, settings.maxBatch() - batch.size());
                        }
                    }
                } catch (InterruptedException e) {
                    if (!running && batch.isEmpty()) {
                        break;
                    }
                }
                if (!batch.isEmpty()) {
                    handleBatch(batch);
                    batch.clear();
                }
            }
        }
    }

    /**
     * First without savepoints (two round trips per command fewer) and writing behind ({@link WriteBehind}: the
     * events and lookup rows of the whole batch written by one statement per table just before the commit): the
     * batch in one transaction, answered after its commit. If a command fails there, or the commit does (e.g. a row
     * written behind clashes with another lane's), nothing of the batch is kept (its transaction is rolled back: a
     * failed command may have written part of its work) and the batch is handled again with a savepoint per command
     * and every write made at once ({@link #handleWithSavepoints}).
     */
    private void handleBatch(List<Entry<?, ?>> batch) {
        long started = System.nanoTime();
        if (handleInOneTransaction(batch)) {
            metrics.batch(batch.size(), System.nanoTime() - started);
            for (Entry<?, ?> entry : batch) {
                entry.answer();
            }
            return;
        }
        metrics.regrouped(batch.size());
        handleWithSavepoints(batch, started);
    }

    /** Handles every command of the batch in one transaction; true if all succeeded and the transaction committed. */
    private boolean handleInOneTransaction(List<Entry<?, ?>> batch) {
        TransactionStatus transaction = null;
        try {
            transaction = transactions.getTransaction(TransactionDefinition.withDefaults());
            WriteBehind.enable();
            for (Entry<?, ?> entry : batch) {
                handle(entry);
                if (entry.result.isExceptional()) {
                    transactions.rollback(transaction);
                    return false;
                }
            }
            transactions.commit(transaction);
            groupCommitted();
            return true;
        } catch (RuntimeException | Error e) {
            rollBack(transaction, e);
            log.debug("A group of {} commands failed without savepoints; handled again with them", batch.size(), e);
            return false;
        }
    }

    /**
     * One transaction for the batch, a savepoint per command; answers after the commit. A command that fails is
     * rolled back to its savepoint and handled again alone after the commit, and so are the later commands of its
     * key in the batch (not handled in it), so that the commands of one source record keep their order.
     */
    private void handleWithSavepoints(List<Entry<?, ?>> batch, long started) {
        List<Entry<?, ?>> deferred = new ArrayList<>();
        java.util.Set<String> failedKeys = new java.util.HashSet<>();
        boolean committed = false;
        TransactionStatus transaction = null;
        try {
            transaction = transactions.getTransaction(TransactionDefinition.withDefaults());
            DefaultTransactionDefinition savepoint =
                    new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_NESTED);
            for (Entry<?, ?> entry : batch) {
                if (failedKeys.contains(entry.key)) {
                    deferred.add(entry);
                    continue;
                }
                TransactionStatus entryStatus = transactions.getTransaction(savepoint);
                handle(entry);
                if (entry.result.isExceptional()) {
                    transactions.rollback(entryStatus);
                    failedKeys.add(entry.key);
                    deferred.add(entry);
                } else {
                    transactions.commit(entryStatus);
                }
            }
            transactions.commit(transaction);
            committed = true;
            groupCommitted();
        } catch (RuntimeException | Error e) {
            log.warn("A group commit of {} commands failed ({}); each is handled again by itself", batch.size(),
                    e.toString());
            rollBack(transaction, e);
        }
        metrics.batch(batch.size(), System.nanoTime() - started);
        if (!committed) {
            deferred = batch;
        } else {
            for (Entry<?, ?> entry : batch) {
                if (!deferred.contains(entry)) {
                    entry.answer();
                }
            }
        }
        metrics.retried(deferred.size());
        for (Entry<?, ?> entry : deferred) {
            handleAlone(entry);
            entry.answer();
        }
    }

    /** Rolls back a transaction a failure left open; a failure of the rollback is kept with the first one. */
    private void rollBack(TransactionStatus transaction, Throwable failure) {
        if (transaction != null && !transaction.isCompleted()) {
            try {
                transactions.rollback(transaction);
            } catch (RuntimeException rollbackFailure) {
                failure.addSuppressed(rollbackFailure);
            }
        }
    }

    /** Handles the command through the plain bus in the current thread, keeping its result. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void handle(Entry entry) {
        entry.result = null;
        super.doDispatch(entry.command, (command, result) -> entry.result = (CommandResultMessage) result);
        if (entry.result == null) {
            entry.result = GenericCommandResultMessage.asCommandResultMessage(
                    new IllegalStateException("the command handler gave no result"));
        }
    }

    /**
     * Handles the command in its own transaction (the unit of work starts and commits it). A failure that is a
     * conflict with another transaction in flight, of another lane or another node (the same record appended to, the
     * same identifier claimed), is tried again a few times after a short pause, when that transaction has committed:
     * the command is then decided against what that transaction wrote.
     */
    private void handleAlone(Entry<?, ?> entry) {
        long pauseMillis = 5;
        for (int attempt = 1; ; attempt++) {
            handle(entry);
            if (!entry.result.isExceptional() || attempt >= CONFLICT_ATTEMPTS
                    || !isConflict(entry.result.exceptionResult())) {
                return;
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pauseMillis *= 3;
        }
    }

    private static final int CONFLICT_ATTEMPTS = 5;

    /**
     * Whether the failure is a write conflict: a unique key taken (SQL state 23505, or a CONFLICT the lookup tables
     * found), a deadlock, a serialization failure. Not a rule's refusal ({@link RuleRefusal}, e.g.
     * ALREADY_APPROVED): trying again decides the same.
     */
    static boolean isConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RuleRefusal) {
                return false;
            }
            if (t instanceof org.axonframework.modelling.command.ConcurrencyException
                    || t instanceof org.axonframework.eventsourcing.eventstore.EventStoreException
                    || t instanceof org.axonframework.messaging.HandlerExecutionException handler
                    && handler.getDetails().filter(d -> d instanceof io.mdg.api.error.MdgErrorDetails m
                    && m.code() == io.mdg.api.error.ErrorCode.CONFLICT).isPresent()
                    || t instanceof org.springframework.dao.ConcurrencyFailureException
                    || t instanceof org.springframework.dao.DuplicateKeyException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().equals("23505") || sql.getSQLState().startsWith("40"))) {
                return true;
            }
        }
        return false;
    }
}
