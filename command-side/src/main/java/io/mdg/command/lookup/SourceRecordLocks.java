package io.mdg.command.lookup;

import java.util.Collection;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Striped locks that serialise the handling of submissions that touch the same source record or the same unique
 * identifier within this node, held until the current unit of work has committed or rolled back (so what the first
 * submission wrote to the lookup tables is visible to the second). All stripes of one submission are taken at once
 * in ascending order, so two submissions never wait for each other in a cycle. Across nodes, commands are routed by
 * source record, and the lookup tables' primary keys refuse a lost race on an identifier (CONFLICT, safe to retry).
 */
public class SourceRecordLocks {

    private static final long TIMEOUT_SECONDS = 30;

    private final ReentrantLock[] stripes;

    public SourceRecordLocks(int stripes) {
        this.stripes = new ReentrantLock[stripes];
        for (int i = 0; i < stripes; i++) {
            this.stripes[i] = new ReentrantLock();
        }
    }

    public void lockUntilUnitOfWorkEnds(Collection<String> keys) throws InterruptedException {
        TreeSet<Integer> indexes = new TreeSet<>();
        for (String key : keys) {
            indexes.add(Math.floorMod(key.hashCode(), stripes.length));
        }
        java.util.List<ReentrantLock> held = new java.util.ArrayList<>();
        try {
            for (int index : indexes) {
                ReentrantLock lock = stripes[index];
                if (!lock.tryLock(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("timed out waiting for a concurrent submission of " + keys);
                }
                held.add(lock);
            }
        } catch (InterruptedException | RuntimeException e) {
            held.forEach(ReentrantLock::unlock);
            throw e;
        }
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().onCleanup(u -> held.forEach(ReentrantLock::unlock));
        } else {
            held.forEach(ReentrantLock::unlock);
        }
    }
}
