package io.mdg.api.record;

import java.util.Objects;

import io.mdg.api.Actor;

/**
 * Internal: the record is merged into {@code survivorId} (it retires, its source records move). Refused when it is
 * retired. Answers the source records that move (a list of {@link io.mdg.api.SourceRef}), which the survivor then
 * absorbs ({@link AbsorbMergedSourcesCommand}).
 */
public record MergeRecordIntoCommand(String recordId, String survivorId, String reason, Actor actor,
                                     String changeRequestId) implements RecordCommand {

    public MergeRecordIntoCommand {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(survivorId, "survivorId");
        Objects.requireNonNull(actor, "actor");
    }
}
