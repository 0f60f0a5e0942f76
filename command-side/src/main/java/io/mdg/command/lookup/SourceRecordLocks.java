package io.mdg.command.lookup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Striped locks that serialise the handling of submissions that touch the same source record or the same unique
 * identifier within this node, held until the database transaction that writes the submission has committed or
 * rolled back (so what the first submission wrote to the lookup tables is visible to the second). With group commit
 * that transaction holds many submissions, so the locks are held until the whole group commits; without a
 * transaction, until the unit of work ends. All stripes of one submission are taken at once in ascending order.
 *
 * <p>A thread that already holds stripes (a group-commit lane, for an earlier submission of its group) waits only
 * briefly for another: two lanes could otherwise wait for each other in a cycle. On that timeout the submission
 * fails with a {@link CannotAcquireLockException} (a conflict) and the lane handles it again alone after its group
 * has committed, holding nothing. Across nodes, commands are routed by source record, and the lookup tables' primary
 * keys refuse a lost race on an identifier (CONFLICT, safe to retry).
 */
public class SourceRecordLocks {

    private static final long TIMEOUT_SECONDS = 30;
    /** How long a thread that holds stripes waits for another one. */
    private static final long HOLDING_TIMEOUT_MILLIS = 50;

    private final AtomicReferenceArray<ReentrantLock> stripes;
    private final ThreadLocal<int[]> heldByThread = ThreadLocal.withInitial(() -> new int[1]);

    public SourceRecordLocks(int stripes) {
        this.stripes = new AtomicReferenceArray<>(stripes);
    }

    private ReentrantLock stripe(int index) {
        ReentrantLock lock = stripes.get(index);
        if (lock == null) {
            stripes.compareAndSet(index, null, new ReentrantLock());
            lock = stripes.get(index);
        }
        return lock;
    }

    public void lockUntilUnitOfWorkEnds(Collection<String> keys) throws InterruptedException {
        TreeSet<Integer> indexes = new TreeSet<>();
        for (String key : keys) {
            indexes.add(Math.floorMod(key.hashCode(), stripes.length()));
        }
        int[] held = heldByThread.get();
        boolean holding = held[0] > 0;
        List<ReentrantLock> taken = new ArrayList<>();
        try {
            for (int index : indexes) {
                ReentrantLock lock = stripe(index);
                boolean acquired = holding && !lock.isHeldByCurrentThread()
                        ? lock.tryLock(HOLDING_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                        : lock.tryLock(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (!acquired) {
                    throw new CannotAcquireLockException("timed out waiting for a concurrent submission of " + keys);
                }
                taken.add(lock);
            }
        } catch (InterruptedException | RuntimeException e) {
            taken.forEach(ReentrantLock::unlock);
            throw e;
        }
        held[0] += taken.size();
        Runnable release = () -> {
            taken.forEach(ReentrantLock::unlock);
            held[0] -= taken.size();
        };
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    release.run();
                }
            });
        } else if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().onCleanup(u -> release.run());
        } else {
            release.run();
        }
    }
}
