package io.mdg.api.record;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;

/** A golden record's lifecycle status changed. */
public record LifecycleChangedEvent(String recordId, EntityType type, LifecycleStatus from, LifecycleStatus to,
                                    String reason, Actor actor) {
}
