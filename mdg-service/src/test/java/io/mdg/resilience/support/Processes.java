package io.mdg.resilience.support;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping the processes the resilience tests start (services, the stand-in read store). */
final class Processes {

    private Processes() {
    }

    /** SIGKILL, then waits up to 30 s; whether the process is gone. */
    static boolean kill(Process process) {
        process.destroyForcibly();
        try {
            return process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** SIGTERM, and SIGKILL if it has not ended within {@code grace}. */
    static void stop(Process process, Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
