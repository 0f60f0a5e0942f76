package io.mdg.command.xref;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;

/**
 * Striped locks that serialise the handling of submissions for the same source record within this node, held until
 * the current unit of work has committed or rolled back (so the cross-reference written by the first submission is
 * visible to the second). Commands are routed by source record, so one node handles a given source record.
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

    public void lockUntilUnitOfWorkEnds(EntityType type, SourceRef source) throws InterruptedException {
        ReentrantLock lock = stripes[Math.floorMod((type.name() + ":" + source.key()).hashCode(), stripes.length)];
        if (!lock.tryLock(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("timed out waiting for a concurrent submission of " + source.key());
        }
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().onCleanup(u -> lock.unlock());
        } else {
            lock.unlock();
        }
    }
}
