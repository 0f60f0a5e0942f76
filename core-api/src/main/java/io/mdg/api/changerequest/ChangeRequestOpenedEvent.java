package io.mdg.api.changerequest;

import java.time.Instant;
import java.util.List;

import io.mdg.api.Actor;
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
 * @param approvalsRequired 1 or 2, from different people, never the requester
 * @param evidenceRequired  each approval needs a verification note (e.g. the independent call-back of a bank change)
 * @param approverRole      the steward role of the record's domain, the only role that may decide
 * @param deadline          when it expires if still pending
 * @param action            what it does once approved (null in events stored before actions existed: ATTRIBUTES)
 * @param targetStatus      for LIFECYCLE: the status the record is to get
 * @param survivorId        for MERGE: the record that survives ({@code recordId} is the one merged into it)
 */
public record ChangeRequestOpenedEvent(String changeRequestId, EntityType type, String recordId,
                                       List<String> attributes, List<String> groups, MasterAttributes proposed,
                                       MasterAttributes before, SourceRef source, Actor requestedBy, String reason,
                                       int approvalsRequired, boolean evidenceRequired, String approverRole,
                                       Instant deadline, ChangeAction action, LifecycleStatus targetStatus,
                                       String survivorId) {

    /** A request to change attribute values. */
    public ChangeRequestOpenedEvent(String changeRequestId, EntityType type, String recordId, List<String> attributes,
                                    List<String> groups, MasterAttributes proposed, MasterAttributes before,
                                    SourceRef source, Actor requestedBy, String reason, int approvalsRequired,
                                    boolean evidenceRequired, String approverRole, Instant deadline) {
        this(changeRequestId, type, recordId, attributes, groups, proposed, before, source, requestedBy, reason,
                approvalsRequired, evidenceRequired, approverRole, deadline, ChangeAction.ATTRIBUTES, null, null);
    }

    /** What it does once approved; ATTRIBUTES for events stored before other actions existed. */
    public ChangeAction actionOrDefault() {
        return action == null ? ChangeAction.ATTRIBUTES : action;
    }
}
