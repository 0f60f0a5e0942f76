package io.mdg.api.changerequest;

import io.mdg.api.Actor;
import io.mdg.api.SourceRef;

/**
 * The requester withdrew the change request, or a newer submission superseded it (actor SYSTEM): a later request
 * for the same attributes ({@code supersededBy}, its id) or the source stating another value, its original one
 * included ({@code supersedingSource}, the source record and version of that submission; null in events stored
 * before it existed and in plain withdrawals).
 */
public record ChangeRequestWithdrawnEvent(String changeRequestId, Actor actor, String reason, String supersededBy,
                                          SourceRef supersedingSource) {

    public ChangeRequestWithdrawnEvent(String changeRequestId, Actor actor, String reason, String supersededBy) {
        this(changeRequestId, actor, reason, supersededBy, null);
    }

    /** Whether a newer submission superseded it (else the requester withdrew it). */
    public boolean superseded() {
        return supersededBy != null || supersedingSource != null;
    }
}
