package io.mdg.graphql.correlation;

import java.util.Optional;

import io.mdg.api.idempotency.IdempotencyClaim;

/**
 * The idempotency claim of the mutation being resolved, carried like the correlation id: the edge's idempotency
 * instrumentation ({@code io.mdg.graphql.idempotency}) holds it for the mutation's data fetcher ({@link #with}), and
 * the first command the mutation builds carries it ({@link #take}, from {@link Correlation#command}). Every mutation
 * that changes something builds its one command while its data fetcher runs, also when it sends it later.
 */
public final class IdempotencyClaims {

    /** The claim of the running data fetcher, and whether a command took it. */
    private static final class Pending {
        final IdempotencyClaim claim;
        boolean taken;

        Pending(IdempotencyClaim claim) {
            this.claim = claim;
        }
    }

    private static final ThreadLocal<Pending> CURRENT = new ThreadLocal<>();

    private IdempotencyClaims() {
    }

    /** Runs {@code task} (a mutation's data fetcher) with {@code claim} as the running mutation's claim. */
    public static <T> T with(IdempotencyClaim claim, java.util.concurrent.Callable<T> task) throws Exception {
        Pending previous = CURRENT.get();
        CURRENT.set(new Pending(claim));
        try {
            return task.call();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** The key the caller sent for the running mutation (header), if any, without taking it. */
    public static Optional<IdempotencyClaim> current() {
        Pending pending = CURRENT.get();
        return pending == null ? Optional.empty() : Optional.of(pending.claim);
    }

    /** The running mutation's claim, for the first command it builds; empty after that and outside a keyed mutation. */
    public static Optional<IdempotencyClaim> take() {
        Pending pending = CURRENT.get();
        if (pending == null || pending.taken) {
            return Optional.empty();
        }
        pending.taken = true;
        return Optional.of(pending.claim);
    }
}
