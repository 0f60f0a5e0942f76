package io.mdg.api.record;

import java.util.List;
import java.util.Objects;

import io.mdg.api.Actor;
import io.mdg.api.SourceRef;

/** Internal: the survivor of a merge takes over the merged record's source records. Refused when it is retired. */
public record AbsorbMergedSourcesCommand(String recordId, String mergedId, List<SourceRef> sources, Actor actor)
        implements RecordCommand {

    public AbsorbMergedSourcesCommand {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(mergedId, "mergedId");
        sources = sources == null ? List.of() : List.copyOf(sources);
        Objects.requireNonNull(actor, "actor");
    }
}
