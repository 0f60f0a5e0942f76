package io.mdg.command.groupcommit;

import java.util.concurrent.atomic.LongAdder;

/**
 * What group commit did: transactions, commands in them, commands whose batch was handled again with savepoints, and
 * commands handled again alone after a failure.
 */
public final class GroupCommitMetrics {

    private final LongAdder batches = new LongAdder();
    private final LongAdder commands = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder nanos = new LongAdder();
    private final LongAdder regrouped = new LongAdder();

    void batch(int size, long elapsedNanos) {
        batches.increment();
        commands.add(size);
        nanos.add(elapsedNanos);
    }

    /** A batch handled again with a savepoint per command after a failure in its first, savepoint-free attempt. */
    void regrouped(int size) {
        regrouped.add(size);
    }

    /** Commands whose batch was handled a second time, with savepoints, after a failure without them. */
    public long regrouped() {
        return regrouped.sum();
    }

    void retried(int count) {
        retried.add(count);
    }

    public long batches() {
        return batches.sum();
    }

    public long commands() {
        return commands.sum();
    }

    public long retried() {
        return retried.sum();
    }

    public double averageBatch() {
        long b = batches.sum();
        return b == 0 ? 0 : (double) commands.sum() / b;
    }

    public double secondsInBatches() {
        return nanos.sum() / 1e9;
    }
}
