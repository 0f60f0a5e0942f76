package io.mdg.api.changerequest;

import java.util.Objects;

import io.mdg.api.EntityType;

/**
 * Internal: a golden record drops the values held for a change request that ended without approval (rejected,
 * withdrawn, expired). Handled by the record itself.
 */
public record ReleaseHeldChangeCommand(EntityType type, String recordId, String changeRequestId,
                                       ChangeRequestStatus outcome) implements io.mdg.api.record.RecordCommand {

    public ReleaseHeldChangeCommand {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(changeRequestId, "changeRequestId");
        Objects.requireNonNull(outcome, "outcome");
    }
}
