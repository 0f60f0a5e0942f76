package io.mdg.api.record;

import java.util.List;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;

/**
 * This golden record was merged into {@code survivorId}: it is retired, and its source records ({@code sources})
 * now map to the survivor.
 */
public record RecordMergedEvent(String recordId, EntityType type, String survivorId, List<SourceRef> sources,
                                String reason, Actor actor) {
}
