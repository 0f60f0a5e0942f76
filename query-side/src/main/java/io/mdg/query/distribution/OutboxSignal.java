package io.mdg.query.distribution;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Wakes the fan-out ({@link ConsumerFeeds}) when the outbox of this process committed new rows, so that a change
 * reaches the consumers' feeds without waiting out the fan-out's polling interval. Rows written by another process
 * sharing the database are found by that polling.
 */
@Component
@Profile("query")
public class OutboxSignal {

    private final Semaphore committed = new Semaphore(0);

    /** The outbox committed rows. */
    void committed() {
        if (committed.availablePermits() == 0) {
            committed.release();
        }
    }

    /** Waits until the outbox commits rows or the time is up; answers whether it did. */
    boolean await(Duration atMost) throws InterruptedException {
        boolean signalled = committed.tryAcquire(atMost.toMillis(), TimeUnit.MILLISECONDS);
        committed.drainPermits();
        return signalled;
    }
}
