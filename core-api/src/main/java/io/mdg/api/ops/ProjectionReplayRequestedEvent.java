package io.mdg.api.ops;

import java.util.List;

import io.mdg.api.Actor;

/**
 * An operator reset projections to rebuild them from the event store. Stored for the audit trail (not an aggregate
 * event).
 *
 * @param processingGroups the groups reset
 * @param actor            the admin
 */
public record ProjectionReplayRequestedEvent(List<String> processingGroups, Actor actor) {

    public ProjectionReplayRequestedEvent {
        processingGroups = processingGroups == null ? List.of() : List.copyOf(processingGroups);
    }
}
