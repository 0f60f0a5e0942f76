package io.mdg.command.groupcommit;

import java.util.function.Consumer;
import java.util.function.Supplier;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes held back until a group's transaction commits, so that a group of N submissions writes each table once
 * (one multi-row statement) instead of N times. Only a group-commit lane turns it on, for its first attempt at a
 * group ({@link GroupCommitCommandBus}); any other transaction writes at once.
 *
 * <p>A store that can hold its writes back asks for its buffer with {@link #buffer}: null when the current
 * transaction does not write behind; otherwise the buffer bound to the transaction, created on first use with a
 * flush that runs just before the commit (a flush that fails rolls the transaction back, and the lane handles the
 * group again without writing behind, one savepoint per command). The stores read their own buffer as well as the
 * database, so a later command of the group sees what an earlier one wrote.
 */
public final class WriteBehind {

    private static final Object ENABLED = new Object();

    private WriteBehind() {
    }

    /** Turns writing behind on for the current transaction, until it ends (a group-commit lane does). */
    public static void enable() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("writing behind needs a transaction");
        }
        TransactionSynchronizationManager.bindResource(ENABLED, Boolean.TRUE);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(ENABLED);
            }
        });
    }

    /** Whether the current transaction writes behind. */
    public static boolean active() {
        return TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.hasResource(ENABLED);
    }

    /**
     * The current transaction's buffer for {@code key}, or null when it does not write behind. On first use the
     * buffer is created and {@code flush} is registered to run before the commit.
     */
    @SuppressWarnings("unchecked")
    public static <B> B buffer(Object key, Supplier<B> create, Consumer<B> flush) {
        if (!active()) {
            return null;
        }
        Object bound = TransactionSynchronizationManager.getResource(key);
        if (bound != null) {
            return (B) bound;
        }
        B buffer = create.get();
        TransactionSynchronizationManager.bindResource(key, buffer);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                flush.accept(buffer);
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(key);
            }
        });
        return buffer;
    }

    /** The current transaction's buffer for {@code key} if it has one yet, else null. */
    @SuppressWarnings("unchecked")
    public static <B> B existing(Object key) {
        return active() ? (B) TransactionSynchronizationManager.getResource(key) : null;
    }
}
