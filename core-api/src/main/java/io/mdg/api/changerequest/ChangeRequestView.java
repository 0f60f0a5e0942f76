package io.mdg.api.changerequest;

import java.time.Instant;
import java.util.List;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.model.MasterAttributes;

/**
 * A change request as the query side serves it; see {@link ChangeRequestOpenedEvent} for the fields. {@code steps}:
 * its approval steps in order, each with the approvals it has so far; {@code currentStep}: the number of the step
 * awaiting approval (1: the first; when the request is closed, the step it was at). {@code approverRole} is the
 * current step's role: the role that decides it now. {@code escalatedTo} / {@code escalatedAt}: the role it escalated
 * to when it passed its SLA, and when (null: it has not escalated); from then on that role decides its current step as
 * well, so its inbox shows it.
 */
public record ChangeRequestView(String id, EntityType type, String recordId, ChangeRequestStatus status,
                                List<String> attributes, List<String> groups, MasterAttributes proposed,
                                MasterAttributes before, SourceRef source, Actor requestedBy, String reason,
                                int approvalsRequired, int approvals, boolean evidenceRequired, String approverRole,
                                Instant openedAt, Instant deadline, Instant closedAt, String supersededBy,
                                List<DecisionView> decisions, ChangeAction action, LifecycleStatus targetStatus,
                                String survivorId, List<ApprovalStepView> steps, int currentStep,
                                String escalatedTo, Instant escalatedAt) {

    /** A request that has not escalated. */
    public ChangeRequestView(String id, EntityType type, String recordId, ChangeRequestStatus status,
                             List<String> attributes, List<String> groups, MasterAttributes proposed,
                             MasterAttributes before, SourceRef source, Actor requestedBy, String reason,
                             int approvalsRequired, int approvals, boolean evidenceRequired, String approverRole,
                             Instant openedAt, Instant deadline, Instant closedAt, String supersededBy,
                             List<DecisionView> decisions, ChangeAction action, LifecycleStatus targetStatus,
                             String survivorId, List<ApprovalStepView> steps, int currentStep) {
        this(id, type, recordId, status, attributes, groups, proposed, before, source, requestedBy, reason,
                approvalsRequired, approvals, evidenceRequired, approverRole, openedAt, deadline, closedAt,
                supersededBy, decisions, action, targetStatus, survivorId, steps, currentStep, null, null);
    }

    /** The same request with a contact person's data erased from what it proposes and what that replaced. */
    public ChangeRequestView withContactErased(String personId) {
        return new ChangeRequestView(id, type, recordId, status, attributes, groups, erased(proposed, personId),
                erased(before, personId), source, requestedBy, reason, approvalsRequired, approvals, evidenceRequired,
                approverRole, openedAt, deadline, closedAt, supersededBy, decisions, action, targetStatus, survivorId,
                steps, currentStep, escalatedTo, escalatedAt);
    }

    private static MasterAttributes erased(MasterAttributes attributes, String personId) {
        return attributes instanceof io.mdg.api.model.SupplierAttributes supplier
                ? supplier.withContactErased(personId) : attributes;
    }

    /** The roles that may decide its current step now: the step's role and, once it escalated, the escalation role. */
    public java.util.Set<String> currentDeciderRoles() {
        java.util.Set<String> roles = new java.util.LinkedHashSet<>();
        if (approverRole != null) {
            roles.add(approverRole);
        }
        if (escalatedTo != null) {
            roles.add(escalatedTo);
        }
        return roles;
    }

    public ChangeRequestView {
        steps = steps == null || steps.isEmpty()
                ? List.of(new ApprovalStepView(approverRole, approvalsRequired, approvals, List.of()))
                : List.copyOf(steps);
        currentStep = Math.max(1, Math.min(currentStep, steps.size()));
    }

    /** A request in one step: {@code approvalsRequired} approvals of {@code approverRole}. */
    public ChangeRequestView(String id, EntityType type, String recordId, ChangeRequestStatus status,
                             List<String> attributes, List<String> groups, MasterAttributes proposed,
                             MasterAttributes before, SourceRef source, Actor requestedBy, String reason,
                             int approvalsRequired, int approvals, boolean evidenceRequired, String approverRole,
                             Instant openedAt, Instant deadline, Instant closedAt, String supersededBy,
                             List<DecisionView> decisions, ChangeAction action, LifecycleStatus targetStatus,
                             String survivorId) {
        this(id, type, recordId, status, attributes, groups, proposed, before, source, requestedBy, reason,
                approvalsRequired, approvals, evidenceRequired, approverRole, openedAt, deadline, closedAt,
                supersededBy, decisions, action, targetStatus, survivorId, null, 1);
    }

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
