package io.mdg.api.record;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;

/**
 * A golden record's lifecycle status changed. {@code changeRequestId} names the approved change request it came
 * from ({@code actor} is then the approver whose approval completed it); null when a steward's change was applied at
 * once.
 */
public record LifecycleChangedEvent(String recordId, EntityType type, LifecycleStatus from, LifecycleStatus to,
                                    String reason, Actor actor, String changeRequestId) {

    /** A change applied at once (no change request). */
    public LifecycleChangedEvent(String recordId, EntityType type, LifecycleStatus from, LifecycleStatus to,
                                 String reason, Actor actor) {
        this(recordId, type, from, to, reason, actor, null);
    }
}
