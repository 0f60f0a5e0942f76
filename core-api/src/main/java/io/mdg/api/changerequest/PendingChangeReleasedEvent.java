package io.mdg.api.changerequest;

import java.util.List;

import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;

/**
 * A golden record no longer holds a change for approval: its change request was rejected, withdrawn, superseded or
 * expired ({@code outcome}); the proposed values were never applied. {@code supersedingSource} is the source record
 * (and version) of the newer submission that superseded it (null otherwise, and in events stored before it existed):
 * the record has seen that version. {@code supersededBy} is the change request that holds the attributes anew (null
 * when the newer submission stated their current value again, and in events stored before it existed).
 */
public record PendingChangeReleasedEvent(String recordId, EntityType type, String changeRequestId,
                                         List<String> attributes, ChangeRequestStatus outcome,
                                         SourceRef supersedingSource, String supersededBy) {

    public PendingChangeReleasedEvent(String recordId, EntityType type, String changeRequestId,
                                      List<String> attributes, ChangeRequestStatus outcome,
                                      SourceRef supersedingSource) {
        this(recordId, type, changeRequestId, attributes, outcome, supersedingSource, null);
    }

    public PendingChangeReleasedEvent(String recordId, EntityType type, String changeRequestId,
                                      List<String> attributes, ChangeRequestStatus outcome) {
        this(recordId, type, changeRequestId, attributes, outcome, null);
    }
}
