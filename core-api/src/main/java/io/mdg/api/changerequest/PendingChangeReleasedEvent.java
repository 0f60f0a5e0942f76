package io.mdg.api.changerequest;

import java.util.List;

import io.mdg.api.EntityType;

/**
 * A golden record no longer holds a change for approval: its change request was rejected, withdrawn, superseded or
 * expired ({@code outcome}); the proposed values were never applied.
 */
public record PendingChangeReleasedEvent(String recordId, EntityType type, String changeRequestId,
                                         List<String> attributes, ChangeRequestStatus outcome) {
}
