package io.mdg.api.changerequest;

import java.time.Instant;
import java.util.List;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.model.MasterAttributes;

/** A change request as the query side serves it; see {@link ChangeRequestOpenedEvent} for the fields. */
public record ChangeRequestView(String id, EntityType type, String recordId, ChangeRequestStatus status,
                                List<String> attributes, List<String> groups, MasterAttributes proposed,
                                MasterAttributes before, SourceRef source, Actor requestedBy, String reason,
                                int approvalsRequired, int approvals, boolean evidenceRequired, String approverRole,
                                Instant openedAt, Instant deadline, Instant closedAt, String supersededBy,
                                List<DecisionView> decisions, ChangeAction action, LifecycleStatus targetStatus,
                                String survivorId) {

    /** A request to change attribute values. */
    public ChangeRequestView(String id, EntityType type, String recordId, ChangeRequestStatus status,
                             List<String> attributes, List<String> groups, MasterAttributes proposed,
                             MasterAttributes before, SourceRef source, Actor requestedBy, String reason,
                             int approvalsRequired, int approvals, boolean evidenceRequired, String approverRole,
                             Instant openedAt, Instant deadline, Instant closedAt, String supersededBy,
                             List<DecisionView> decisions) {
        this(id, type, recordId, status, attributes, groups, proposed, before, source, requestedBy, reason,
                approvalsRequired, approvals, evidenceRequired, approverRole, openedAt, deadline, closedAt,
                supersededBy, decisions, ChangeAction.ATTRIBUTES, null, null);
    }
}
