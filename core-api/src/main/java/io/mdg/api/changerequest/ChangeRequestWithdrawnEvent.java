package io.mdg.api.changerequest;

import io.mdg.api.Actor;

/**
 * The requester withdrew the change request, or a later request for the same attributes superseded it
 * ({@code supersededBy} set, actor SYSTEM).
 */
public record ChangeRequestWithdrawnEvent(String changeRequestId, Actor actor, String reason, String supersededBy) {
}
