package io.mdg.api.changerequest;

import io.mdg.api.Actor;

/** A steward rejected the change request (or it could no longer be applied); the golden record is untouched. */
public record ChangeRequestRejectedEvent(String changeRequestId, Actor rejectedBy, String reason) {
}
