package io.mdg.api.record;

import java.util.List;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;

/**
 * This golden record was merged into {@code survivorId}: it is retired, and its source records ({@code sources})
 * now map to the survivor. {@code changeRequestId} names the approved change request it came from ({@code actor} is
 * then the approver whose approval completed it); null when applied at once.
 */
public record RecordMergedEvent(String recordId, EntityType type, String survivorId, List<SourceRef> sources,
                                String reason, Actor actor, String changeRequestId) {

    /** A merge applied at once (no change request). */
    public RecordMergedEvent(String recordId, EntityType type, String survivorId, List<SourceRef> sources,
                             String reason, Actor actor) {
        this(recordId, type, survivorId, sources, reason, actor, null);
    }
}
