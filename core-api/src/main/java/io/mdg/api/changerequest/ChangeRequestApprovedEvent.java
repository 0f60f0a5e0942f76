package io.mdg.api.changerequest;

import io.mdg.api.EntityType;

/** All approvals are in: the change was applied to the golden record in the same unit of work. */
public record ChangeRequestApprovedEvent(String changeRequestId, EntityType type, String recordId) {
}
