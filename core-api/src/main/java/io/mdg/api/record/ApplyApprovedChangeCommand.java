package io.mdg.api.record;

import java.util.Objects;

import io.mdg.api.Actor;

/**
 * Internal: the last approval of change request {@code changeRequestId} came; the record applies the values it holds
 * for it, if it would still be valid. Answers why it cannot (a list of {@link io.mdg.api.submission.FieldError};
 * empty: applied).
 */
public record ApplyApprovedChangeCommand(String recordId, String changeRequestId, Actor approver)
        implements RecordCommand {

    public ApplyApprovedChangeCommand {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(changeRequestId, "changeRequestId");
        Objects.requireNonNull(approver, "approver");
    }
}
