package io.mdg.api.ops;

import java.util.Objects;

import io.mdg.api.Actor;

/**
 * Resets a projection's processing group (or, with a null group, every projection's) and rebuilds its read models
 * from the event store. Answers a {@link ReplayReport} at once; the rebuild runs on (see {@link ReplayStatusQuery}).
 * Audited as a {@link ProjectionReplayRequestedEvent}.
 */
public record ReplayProjectionsCommand(String processingGroup, Actor actor) {

    public ReplayProjectionsCommand {
        Objects.requireNonNull(actor, "actor");
    }
}
