package io.mdg.api.changerequest;

import java.time.Instant;
import java.util.List;

import io.mdg.api.Actor;
import io.mdg.api.ApprovalStep;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.model.MasterAttributes;

/**
 * A change to a golden record awaits steward approval.
 *
 * @param attributes        the attributes it changes
 * @param groups            the rules-file attribute groups that made approval necessary
 * @param proposed          the proposed values of {@code attributes}
 * @param before            their values when the request was opened
 * @param source            the source record that sent it (a steward's proposal: system STEWARD)
 * @param requestedBy       who requested it (a source client or a steward)
 * @param reason            why
 * @param approvalsRequired how many approvals it needs in all (over all steps), from different people, never the
 *                          requester
 * @param evidenceRequired  each approval of the first step needs a verification note (e.g. the independent
 *                          call-back of a bank change; later steps release on the strength of it)
 * @param approverRole      the role of the first step (the only role that decides until that step is complete)
 * @param deadline          when it expires if still pending
 * @param action            what it does once approved (null in events stored before actions existed: ATTRIBUTES)
 * @param targetStatus      for LIFECYCLE: the status the record is to get
 * @param survivorId        for MERGE: the record that survives ({@code recordId} is the one merged into it)
 * @param steps             the approval steps, in order (null in events stored before steps existed: one step of
 *                          {@code approverRole} with {@code approvalsRequired} approvals; see {@link #stepsOrDefault})
 * @param escalateAt        when it escalates to {@code escalationRole} if still pending (the rules file's
 *                          {@code approvals.escalateAfter} after opening); null: it never escalates (so are events
 *                          stored before escalation existed)
 * @param escalationRole    the role it escalates to (the type's {@code escalationRole}); null with {@code escalateAt}
 */
public record ChangeRequestOpenedEvent(String changeRequestId, EntityType type, String recordId,
                                       List<String> attributes, List<String> groups, MasterAttributes proposed,
                                       MasterAttributes before, SourceRef source, Actor requestedBy, String reason,
                                       int approvalsRequired, boolean evidenceRequired, String approverRole,
                                       Instant deadline, ChangeAction action, LifecycleStatus targetStatus,
                                       String survivorId, List<ApprovalStep> steps, Instant escalateAt,
                                       String escalationRole) {

    /** A request that never escalates. */
    public ChangeRequestOpenedEvent(String changeRequestId, EntityType type, String recordId,
                                    List<String> attributes, List<String> groups, MasterAttributes proposed,
                                    MasterAttributes before, SourceRef source, Actor requestedBy, String reason,
                                    int approvalsRequired, boolean evidenceRequired, String approverRole,
                                    Instant deadline, ChangeAction action, LifecycleStatus targetStatus,
                                    String survivorId, List<ApprovalStep> steps) {
        this(changeRequestId, type, recordId, attributes, groups, proposed, before, source, requestedBy, reason,
                approvalsRequired, evidenceRequired, approverRole, deadline, action, targetStatus, survivorId, steps,
                null, null);
    }

    /** Whether it escalates (an escalation time and role); false for events stored before escalation existed. */
    public boolean escalates() {
        return escalateAt != null && escalationRole != null;
    }

    /** A request in one step ({@code approvalsRequired} approvals of {@code approverRole}). */
    public ChangeRequestOpenedEvent(String changeRequestId, EntityType type, String recordId,
                                    List<String> attributes, List<String> groups, MasterAttributes proposed,
                                    MasterAttributes before, SourceRef source, Actor requestedBy, String reason,
                                    int approvalsRequired, boolean evidenceRequired, String approverRole,
                                    Instant deadline, ChangeAction action, LifecycleStatus targetStatus,
                                    String survivorId) {
        this(changeRequestId, type, recordId, attributes, groups, proposed, before, source, requestedBy, reason,
                approvalsRequired, evidenceRequired, approverRole, deadline, action, targetStatus, survivorId, null);
    }

    /** A request to change attribute values. */
    public ChangeRequestOpenedEvent(String changeRequestId, EntityType type, String recordId, List<String> attributes,
                                    List<String> groups, MasterAttributes proposed, MasterAttributes before,
                                    SourceRef source, Actor requestedBy, String reason, int approvalsRequired,
                                    boolean evidenceRequired, String approverRole, Instant deadline) {
        this(changeRequestId, type, recordId, attributes, groups, proposed, before, source, requestedBy, reason,
                approvalsRequired, evidenceRequired, approverRole, deadline, ChangeAction.ATTRIBUTES, null, null,
                null);
    }

    /**
     * The approval steps in order; for an event stored before steps existed, one step of {@code approverRole} with
     * {@code approvalsRequired} approvals (at least one).
     */
    public List<ApprovalStep> stepsOrDefault() {
        if (steps != null && !steps.isEmpty()) {
            return List.copyOf(steps);
        }
        return List.of(new ApprovalStep(approverRole, Math.max(1, approvalsRequired)));
    }

    /** What it does once approved; ATTRIBUTES for events stored before other actions existed. */
    public ChangeAction actionOrDefault() {
        return action == null ? ChangeAction.ATTRIBUTES : action;
    }
}
