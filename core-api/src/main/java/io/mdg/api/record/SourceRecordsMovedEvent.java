package io.mdg.api.record;

import java.util.List;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;

/** The survivor of a merge took over the source records of {@code mergedId}. */
public record SourceRecordsMovedEvent(String recordId, EntityType type, String mergedId, List<SourceRef> sources,
                                      Actor actor) {
}
