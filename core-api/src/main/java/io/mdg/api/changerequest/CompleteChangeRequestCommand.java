package io.mdg.api.changerequest;

import java.util.List;
import java.util.Objects;

import io.mdg.api.Actor;
import io.mdg.api.submission.FieldError;

/**
 * Internal: the last approval of a change request came and its change was applied to the golden record (no
 * {@code errors}: the request is approved), or could no longer be applied (the request is rejected with the first
 * error, in the approver's name).
 */
public record CompleteChangeRequestCommand(String changeRequestId, Actor approver, List<FieldError> errors)
        implements ChangeRequestCommand {

    public CompleteChangeRequestCommand {
        Objects.requireNonNull(changeRequestId, "changeRequestId");
        Objects.requireNonNull(approver, "approver");
        errors = errors == null ? List.of() : List.copyOf(errors);
    }
}
