package io.mdg.query.audit;

import static io.mdg.query.audit.AuditValues.attribute;
import static io.mdg.query.audit.AuditValues.json;

import java.util.ArrayList;
import java.util.List;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.Actor;
import io.mdg.api.delegation.ApprovalsDelegatedEvent;
import io.mdg.api.delegation.DelegationRevokedEvent;
import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.audit.AuditAction;
import io.mdg.api.audit.AuditApprovals;
import io.mdg.api.audit.AuditChange;
import io.mdg.api.consumer.ConsumerChangedEvent;
import io.mdg.api.consumer.ConsumerRegisteredEvent;
import io.mdg.api.consumer.ConsumerSecretRotatedEvent;
import io.mdg.api.consumer.ParkedDeliveriesReplayedEvent;
import io.mdg.api.audit.AuditCursor;
import io.mdg.api.audit.AuditEntry;
import io.mdg.api.audit.SubmissionRefusedEvent;
import io.mdg.api.feed.ChangeMetaData;
import io.mdg.api.rules.RulesAdoptedEvent;
import io.mdg.api.rules.RulesChangeApprovedEvent;
import io.mdg.api.rules.RulesChangeProposedEvent;
import io.mdg.api.rules.RulesChangeRejectedEvent;
import io.mdg.api.changerequest.ChangeAction;
import io.mdg.api.changerequest.ChangeRequestApprovalRecordedEvent;
import io.mdg.api.changerequest.ChangeRequestApprovedEvent;
import io.mdg.api.changerequest.ChangeRequestEscalatedEvent;
import io.mdg.api.changerequest.ChangeRequestExpiredEvent;
import io.mdg.api.changerequest.ChangeRequestOpenedEvent;
import io.mdg.api.changerequest.ChangeRequestRejectedEvent;
import io.mdg.api.changerequest.ChangeRequestWithdrawnEvent;
import io.mdg.api.changerequest.PendingChangeReleasedEvent;
import io.mdg.api.model.Attributes;
import io.mdg.api.ops.DeadLetterAction;
import io.mdg.api.ops.DeadLetterActionEvent;
import io.mdg.api.ops.ProjectionReplayRequestedEvent;
import io.mdg.api.record.ChangeHeldForApprovalEvent;
import io.mdg.api.record.HeldAttribute;
import io.mdg.api.record.ContactErasedEvent;
import io.mdg.api.record.LifecycleChangedEvent;
import io.mdg.api.record.RecordChangedEvent;
import io.mdg.api.record.RecordMergedEvent;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.api.record.SourceRecordLinkedEvent;
import io.mdg.api.record.SourceRecordsMovedEvent;
import io.mdg.api.submission.AttributeResult;
import io.mdg.api.submission.AttributeStatus;
import io.mdg.api.submission.FieldError;
import io.mdg.api.submission.SubmissionOutcome;

/**
 * Projects every event of golden records and change requests, and every refused submission, into the audit trail
 * ({@link AuditStore}): one entry per event, with the field-level before and after values, the actor, the source
 * record, the change request and its approvals so far, the correlation id (event metadata {@code correlationId})
 * and the event's time. In its own processing group, {@value AuditTrailProcessing#GROUP}.
 *
 * <p>Idempotent: an entry's id is the event's identifier plus its index within the event, and the store keeps one
 * entry per id ({@link AuditStore}), so a redelivered or replayed event (after a restart, the group's token is
 * persistent and so is the trail) adds nothing. The handlers take the whole event message (not
 * only parameter annotations) so that they work the same on tracked messages (position from the tracking token) and
 * on untracked ones (position 0; the event id still orders entries of the same instant).
 *
 * <p>Change-request events after the opening carry only the request id: the projection keeps its own small lookup
 * from request to record, source and approvers, filled from the same events (in the same segment: events of one
 * aggregate are handled in order), so that the trail of a record also shows the decisions on its requests.
 */
@Component
@Profile("query")
@ProcessingGroup(AuditTrailProcessing.GROUP)
public class AuditProjection {

    /** The actor of what no person did (expiry, supersession, a released hold). */
    static final Actor SYSTEM = new Actor(Actor.ActorType.SYSTEM, "mdg");

    private static final Logger log = LoggerFactory.getLogger(AuditProjection.class);

    private final AuditStore store;

    public AuditProjection(AuditStore store) {
        this.store = store;
    }

    // ------------------------------------------------------------------------------------- records

    @EventHandler
    public void on(RecordRegisteredEvent event, EventMessage<?> message) {
        List<AuditChange> changes = new ArrayList<>();
        Attributes.values(event.attributes()).forEach((name, value) -> changes.add(AuditChange.of(name, null,
                json(value))));
        save(message, AuditAction.RECORD_CREATED, event.type(), event.recordId(), changes, event.actor(),
                event.source(), null, null, null, null);
    }

    @EventHandler
    public void on(RecordChangedEvent event, EventMessage<?> message) {
        List<AuditChange> changes = event.attributes().stream().map(name -> AuditChange.of(name,
                attribute(event.previous(), name), attribute(event.values(), name))).toList();
        if (event.changeRequestId() == null) {
            save(message, AuditAction.SUBMISSION_APPLIED, event.type(), event.recordId(), changes, event.actor(),
                    event.source(), null, null, null, null);
        } else {
            AuditStore.RequestInfo request = store.request(event.changeRequestId());
            save(message, AuditAction.CHANGE_APPLIED, event.type(), event.recordId(), changes, event.actor(),
                    event.source(), event.changeRequestId(), request == null ? null : request.approvals(
                            request.approvers().size()), null, null);
        }
    }

    @EventHandler
    public void on(ChangeHeldForApprovalEvent event, EventMessage<?> message) {
        List<AuditChange> changes = new ArrayList<>();
        for (HeldAttribute held : event.held()) {
            changes.add(new AuditChange(held.attribute(), attribute(event.current(), held.attribute()),
                    attribute(event.proposed(), held.attribute()), AttributeStatus.PENDING_APPROVAL,
                    "APPROVAL_REQUIRED", held.group() + ", " + held.approvalsRequired() + " approval"
                    + (held.approvalsRequired() > 1 ? "s" : "") + (held.evidenceRequired() ? ", with evidence" : "")));
        }
        save(message, AuditAction.CHANGE_HELD, event.type(), event.recordId(), changes, event.actor(),
                event.source(), event.changeRequestId(), null, null, null);
    }

    @EventHandler
    public void on(PendingChangeReleasedEvent event, EventMessage<?> message) {
        AuditStore.RequestInfo request = store.request(event.changeRequestId());
        List<AuditChange> changes = event.attributes().stream().map(name -> AuditChange.of(name, null, null))
                .toList();
        save(message, AuditAction.CHANGE_RELEASED, event.type(), event.recordId(), changes, SYSTEM,
                request == null ? null : request.source(), event.changeRequestId(), null,
                "the held values were dropped: the change request was " + event.outcome(), null);
    }

    @EventHandler
    public void on(LifecycleChangedEvent event, EventMessage<?> message) {
        save(message, AuditAction.STATUS_CHANGED, event.type(), event.recordId(),
                List.of(AuditChange.of("status", json(event.from()), json(event.to()))), event.actor(), null,
                event.changeRequestId(), null, event.reason(), null);
    }

    /** The erasure of a contact person: the person id, who and why; never the person's data. */
    @EventHandler
    public void on(ContactErasedEvent event, EventMessage<?> message) {
        save(message, AuditAction.CONTACT_ERASED, event.type(), event.recordId(),
                List.of(AuditChange.of("contacts", json(event.personId()), null)), event.actor(), null, null, null,
                (event.retention() ? "retention: " : "") + event.reason(), null);
    }

    @EventHandler
    public void on(RecordMergedEvent event, EventMessage<?> message) {
        save(message, AuditAction.MERGED, event.type(), event.recordId(),
                List.of(AuditChange.of("mergedInto", null, json(event.survivorId())),
                        AuditChange.of("sourceRefs", json(keys(event.sources())), null)),
                event.actor(), null, event.changeRequestId(), null, event.reason(), null);
    }

    @EventHandler
    public void on(SourceRecordsMovedEvent event, EventMessage<?> message) {
        save(message, AuditAction.SOURCES_MOVED, event.type(), event.recordId(),
                List.of(AuditChange.of("sourceRefs", null, json(keys(event.sources())))), event.actor(), null, null,
                null, "took over the source records of merged record " + event.mergedId(), null);
    }

    @EventHandler
    public void on(SourceRecordLinkedEvent event, EventMessage<?> message) {
        save(message, AuditAction.SOURCE_LINKED, event.type(), event.recordId(), List.of(), event.actor(),
                event.source(), null, null, "new source record matched on " + event.matchedOn(), null);
    }

    @EventHandler
    public void on(SubmissionRefusedEvent event, EventMessage<?> message) {
        List<AuditChange> changes = new ArrayList<>();
        for (AttributeResult result : event.attributes()) {
            changes.add(new AuditChange(result.attribute(), null, attribute(event.values(), result.attribute()),
                    result.status(), result.code(), result.message()));
        }
        boolean rejected = event.outcome() == SubmissionOutcome.REJECTED;
        store.save(entry(message, rejected ? AuditAction.SUBMISSION_REJECTED : AuditAction.ATTRIBUTES_REFUSED,
                event.type(), event.recordId(), changes, event.actor(), event.source(), null, null,
                rejected ? "the submission was rejected; nothing changed"
                        : "the rest of the submission: " + event.outcome(), null, event.errors(), null),
                position(message),
                order(message));
    }

    // ---------------------------------------------------------------------------- change requests

    @EventHandler
    public void on(ChangeRequestOpenedEvent event, EventMessage<?> message) {
        AuditStore.RequestInfo request = store.request(event.changeRequestId());
        if (request == null) {
            request = new AuditStore.RequestInfo(event.changeRequestId(), event.type(), event.recordId(),
                    event.source(), Math.max(1, event.approvalsRequired()), List.of());
            store.saveRequest(request);
        }
        List<AuditChange> changes = new ArrayList<>();
        ChangeAction action = event.actionOrDefault();
        if (action == ChangeAction.LIFECYCLE) {
            changes.add(AuditChange.of("status", null, json(event.targetStatus())));
        } else if (action == ChangeAction.MERGE) {
            changes.add(AuditChange.of("mergedInto", null, json(event.survivorId())));
        }
        for (String name : event.attributes() == null ? List.<String>of() : event.attributes()) {
            changes.add(AuditChange.of(name, attribute(event.before(), name), attribute(event.proposed(), name)));
        }
        save(message, AuditAction.CHANGE_REQUESTED, event.type(), event.recordId(), changes, event.requestedBy(),
                event.source(), event.changeRequestId(), request.approvals(0), event.reason(), null);
    }

    @EventHandler
    public void on(ChangeRequestApprovalRecordedEvent event, EventMessage<?> message) {
        AuditStore.RequestInfo request = request(event.changeRequestId(), message);
        AuditApprovals approvals;
        if (request == null) {
            approvals = new AuditApprovals(event.approvals(), event.required(),
                    event.approver() == null ? List.of() : List.of(event.approver().name()), event.step(),
                    event.role());
        } else {
            if (event.approver() != null && !request.approvers().contains(event.approver().name())) {
                List<String> approvers = new ArrayList<>(request.approvers());
                approvers.add(event.approver().name());
                request = new AuditStore.RequestInfo(request.id(), request.type(), request.recordId(),
                        request.source(), event.required(), approvers);
                store.saveRequest(request);
            }
            approvals = new AuditApprovals(event.approvals(), event.required(),
                    request.approvals(event.approvals()).approvers(), event.step(), event.role());
        }
        save(message, AuditAction.APPROVAL_RECORDED, request == null ? null : request.type(),
                request == null ? null : request.recordId(), List.of(), event.approver(),
                request == null ? null : request.source(), event.changeRequestId(), approvals, event.comment(),
                event.verificationNote(), event.onBehalfOf());
    }

    @EventHandler
    public void on(ChangeRequestApprovedEvent event, EventMessage<?> message) {
        AuditStore.RequestInfo request = request(event.changeRequestId(), message);
        List<String> approvers = request == null ? List.of() : request.approvers();
        Actor last = approvers.isEmpty() ? SYSTEM : Actor.user(approvers.get(approvers.size() - 1));
        save(message, AuditAction.APPROVED, event.type(), event.recordId(), List.of(), last,
                request == null ? null : request.source(), event.changeRequestId(),
                request == null ? null : request.approvals(approvers.size()), "all approvals are in", null);
    }

    @EventHandler
    public void on(ChangeRequestRejectedEvent event, EventMessage<?> message) {
        AuditStore.RequestInfo request = request(event.changeRequestId(), message);
        save(message, AuditAction.REJECTED, request == null ? null : request.type(),
                request == null ? null : request.recordId(), List.of(), event.rejectedBy(),
                request == null ? null : request.source(), event.changeRequestId(),
                request == null ? null : request.approvals(request.approvers().size()), event.reason(), null,
                event.onBehalfOf());
    }

    @EventHandler
    public void on(ChangeRequestWithdrawnEvent event, EventMessage<?> message) {
        // (the reason of a supersede names the newer submission; events stored before it named only the request)
        String reason = event.supersededBy() == null || event.supersedingSource() != null ? event.reason()
                : (event.reason() == null ? "" : event.reason() + "; ") + "superseded by " + event.supersededBy();
        closed(event.superseded() ? AuditAction.SUPERSEDED : AuditAction.WITHDRAWN, event.changeRequestId(),
                event.actor(), reason, null, message);
    }

    @EventHandler
    public void on(ChangeRequestEscalatedEvent event, EventMessage<?> message) {
        closed(AuditAction.ESCALATED, event.changeRequestId(), SYSTEM, "still pending at step " + event.step() + " ("
                + event.stepRole() + ") at its SLA " + event.escalateAt() + "; escalated to " + event.escalatedTo()
                + "; deadline " + event.deadline(), event.approvals(), message);
    }

    @EventHandler
    public void on(ChangeRequestExpiredEvent event, EventMessage<?> message) {
        String comment = "deadline " + event.deadline() + " passed"
                + (event.escalateTo() == null ? "" : "; escalated to " + event.escalateTo());
        closed(AuditAction.EXPIRED, event.changeRequestId(), SYSTEM, comment, event.approvals(), message);
    }

    // ----------------------------------------------------------------------------------- operations

    /** An admin retried or evicted dead letters of a projection (the record: the sequence concerned). */
    @EventHandler
    public void on(DeadLetterActionEvent event, EventMessage<?> message) {
        boolean evicted = event.action() == DeadLetterAction.EVICTED;
        String what = evicted
                ? (event.index() == null ? "every parked event of the sequence" : "parked event #" + event.index())
                        + " evicted from " + event.processingGroup() + ": " + event.reason()
                : event.attempted() + " sequence(s) of " + event.processingGroup() + " retried, " + event.succeeded()
                        + " went through";
        save(message, evicted ? AuditAction.DEAD_LETTERS_EVICTED : AuditAction.DEAD_LETTERS_RETRIED, null,
                event.sequenceIdentifier(), List.of(), event.actor(), null, null, null,
                what + "; " + event.remaining() + " still parked", null);
    }

    /** An admin reset projections to rebuild them. */
    @EventHandler
    public void on(ProjectionReplayRequestedEvent event, EventMessage<?> message) {
        save(message, AuditAction.PROJECTIONS_REPLAYED, null, null, List.of(), event.actor(), null, null, null,
                "rebuild of " + String.join(", ", event.processingGroups()), null);
    }

    // ------------------------------------------------------------------------------------- the rules

    /** The first rules were adopted at the first start (the record: the rules' version). */
    @EventHandler
    public void on(RulesAdoptedEvent event, EventMessage<?> message) {
        save(message, AuditAction.RULES_ADOPTED, null, event.version(),
                List.of(AuditChange.of("rulesHash", null, json(event.hash()))), event.actor(), null, null, null,
                "rules version " + event.version() + " from " + event.origin() + ", in force from "
                        + event.effectiveFrom(), null);
    }

    /** A rules change was proposed (the record: the proposal): the comment and the diff against the rules in force. */
    @EventHandler
    public void on(RulesChangeProposedEvent event, EventMessage<?> message) {
        save(message, AuditAction.RULES_CHANGE_PROPOSED, null, event.changeId(),
                List.of(AuditChange.of("rulesVersion", json(event.baseVersion()), json(event.version())),
                        AuditChange.of("rulesHash", json(event.baseHash()), json(event.hash()))),
                event.proposer(), null, null, null,
                (event.comment() == null ? "" : event.comment() + "\n") + event.diff(), null);
    }

    @EventHandler
    public void on(RulesChangeApprovedEvent event, EventMessage<?> message) {
        save(message, AuditAction.RULES_CHANGE_APPROVED, null, event.changeId(),
                List.of(AuditChange.of("rulesHash", null, json(event.hash()))), event.approver(), null, null, null,
                "rules version " + event.version() + " proposed by " + event.proposer().name() + ", in force from "
                        + event.effectiveFrom(), null);
    }

    @EventHandler
    public void on(RulesChangeRejectedEvent event, EventMessage<?> message) {
        save(message, AuditAction.RULES_CHANGE_REJECTED, null, event.changeId(), List.of(), event.actor(), null, null,
                null, event.reason(), null);
    }

    /** An admin registered a consumer: its settings, never its secret. */
    @EventHandler
    public void on(ConsumerRegisteredEvent event, EventMessage<?> message) {
        save(message, AuditAction.CONSUMER_REGISTERED, null, event.consumerId(),
                List.of(AuditChange.of("settings", null, AuditValues.json(event.settings()))), event.actor(), null, null,
                null, "consumer '" + event.settings().name() + "' (client " + event.settings().clientId() + ")", null);
    }

    @EventHandler
    public void on(ConsumerChangedEvent event, EventMessage<?> message) {
        save(message, AuditAction.CONSUMER_CHANGED, null, event.consumerId(),
                List.of(AuditChange.of("settings", AuditValues.json(event.before()), AuditValues.json(event.settings()))),
                event.actor(), null, null, null, "consumer '" + event.settings().name() + "'", null);
    }

    @EventHandler
    public void on(ConsumerSecretRotatedEvent event, EventMessage<?> message) {
        save(message, AuditAction.CONSUMER_SECRET_ROTATED, null, event.consumerId(), List.of(), event.actor(), null,
                null, null, "the previous secret signs too until " + event.previousUntil(), null);
    }

    /** An admin had a push consumer's parked deliveries delivered again (the record: the consumer's id). */
    @EventHandler
    public void on(ParkedDeliveriesReplayedEvent event, EventMessage<?> message) {
        String which = event.seq() == null ? "every parked delivery" : "the parked deliveries of the record of entry "
                + event.seq();
        save(message, AuditAction.PARKED_DELIVERIES_REPLAYED, null, event.consumerId(), List.of(), event.actor(), null,
                null, null, which + " replayed: " + event.queued() + " queued; " + event.parked() + " parked", null);
    }

    // ----------------------------------------------------------------------------------- exclusion screening

    /** An admin imported an exclusion list: which file (by its hash), how many rows, by whom. */
    @EventHandler
    public void on(io.mdg.api.screening.ExclusionListImportedEvent event, EventMessage<?> message) {
        save(message, AuditAction.EXCLUSION_LIST_IMPORTED, null, event.listId(), List.of(), event.actor(), null, null,
                null, event.format() + " list of " + event.listDate() + " from "
                        + (event.fileName() == null ? "an unnamed file" : "'" + event.fileName() + "'") + " (SHA-256 "
                        + event.sha256() + "): " + event.rows() + " rows, " + event.inForce() + " in force", null);
    }

    /** A supplier was screened: the result on the supplier's own trail, each hit with its reasons and request. */
    @EventHandler
    public void on(io.mdg.api.screening.SupplierScreenedEvent event, EventMessage<?> message) {
        StringBuilder comment = new StringBuilder(event.format() + " list of " + event.listDate() + " ("
                + event.listId() + "): " + event.result());
        for (int i = 0; i < event.hits().size(); i++) {
            io.mdg.api.screening.ScreeningHit hit = event.hits().get(i);
            io.mdg.api.screening.ScreeningRequest request = i < event.requests().size() ? event.requests().get(i)
                    : null;
            comment.append("; entry '").append(hit.entry().name()).append("' (").append(String.join(", ",
                    hit.reasons())).append(")");
            if (request != null) {
                comment.append(request.opened() ? ", suspension requested in " : ", suspension pending in ")
                        .append(request.changeRequestId());
            }
        }
        save(message, AuditAction.SUPPLIER_SCREENED, EntityType.SUPPLIER, event.supplierId(), List.of(),
                event.actor(), null, null, null, comment.toString(), null);
    }

    // ----------------------------------------------------------------------------------- delegation

    /** A person delegated their approvals of a role (the record: the delegation's id). */
    @EventHandler
    public void on(ApprovalsDelegatedEvent event, EventMessage<?> message) {
        save(message, AuditAction.DELEGATION_GRANTED, null, event.delegationId(), List.of(), event.delegator(), null,
                null, null, event.delegate() + " may decide " + event.role() + " steps for "
                        + event.delegator().name() + " from " + event.from() + " until " + event.until()
                        + (event.reason() == null ? "" : ": " + event.reason()), null);
    }

    /** A delegation was revoked before its time (the record: the delegation's id). */
    @EventHandler
    public void on(DelegationRevokedEvent event, EventMessage<?> message) {
        save(message, AuditAction.DELEGATION_REVOKED, null, event.delegationId(), List.of(), event.revokedBy(), null,
                null, null, "revoked: " + event.delegate() + " no longer decides " + event.role() + " steps for "
                        + event.delegator() + (event.reason() == null ? "" : " (" + event.reason() + ")"), null);
    }

    @ResetHandler
    public void reset() {
        store.drop();
    }

    // ------------------------------------------------------------------------------------- helpers

    /** An entry for a change request's closing event; record and source from the lookup. */
    private void closed(AuditAction action, String changeRequestId, Actor actor, String comment, Integer approvals,
                        EventMessage<?> message) {
        AuditStore.RequestInfo request = request(changeRequestId, message);
        save(message, action, request == null ? null : request.type(), request == null ? null : request.recordId(),
                List.of(), actor == null ? SYSTEM : actor, request == null ? null : request.source(), changeRequestId,
                request == null ? null : request.approvals(approvals == null ? request.approvers().size() : approvals),
                comment, null);
    }

    /**
     * The lookup entry of a change request. Missing only when the read store lost it: the entry is then still kept
     * (found by change request, actor and time, not by record) rather than stopping the whole trail.
     */
    private AuditStore.RequestInfo request(String changeRequestId, EventMessage<?> message) {
        AuditStore.RequestInfo request = store.request(changeRequestId);
        if (request == null) {
            log.warn("Audit trail: change request {} of event {} was never opened in the read store", changeRequestId,
                    message.getIdentifier());
        }
        return request;
    }

    private void save(EventMessage<?> message, AuditAction action, EntityType type, String recordId,
                      List<AuditChange> changes, Actor actor, SourceRef source, String changeRequestId,
                      AuditApprovals approvals, String comment, String verificationNote) {
        save(message, action, type, recordId, changes, actor, source, changeRequestId, approvals, comment,
                verificationNote, null);
    }

    /** {@code onBehalfOf}: for a delegate's decision, the delegator it was decided for. */
    private void save(EventMessage<?> message, AuditAction action, EntityType type, String recordId,
                      List<AuditChange> changes, Actor actor, SourceRef source, String changeRequestId,
                      AuditApprovals approvals, String comment, String verificationNote, String onBehalfOf) {
        store.save(entry(message, action, type, recordId, changes, actor, source, changeRequestId, approvals, comment,
                verificationNote, List.of(), onBehalfOf), position(message), order(message));
    }

    private static AuditEntry entry(EventMessage<?> message, AuditAction action, EntityType type, String recordId,
                                    List<AuditChange> changes, Actor actor, SourceRef source, String changeRequestId,
                                    AuditApprovals approvals, String comment, String verificationNote,
                                    List<FieldError> errors, String onBehalfOf) {
        Object correlationId = message.getMetaData().get("correlationId");
        Object rulesVersion = message.getMetaData().get(ChangeMetaData.RULES_VERSION);
        Object rulesHash = message.getMetaData().get(ChangeMetaData.RULES_HASH);
        return new AuditEntry(message.getIdentifier() + "#0", message.getTimestamp(), action, type, recordId, changes,
                actor, source, changeRequestId, approvals, correlationId == null ? null : correlationId.toString(),
                comment, verificationNote, errors, onBehalfOf, rulesVersion == null ? null : rulesVersion.toString(),
                rulesHash == null ? null : rulesHash.toString());
    }

    /** The event's global position in the event store (also while replaying), 0 when the message has none. */
    static long position(EventMessage<?> message) {
        if (message instanceof TrackedEventMessage<?> tracked && tracked.trackingToken() != null) {
            return tracked.trackingToken().position().orElse(0L);
        }
        return 0L;
    }

    /** The event's order of publication ({@link AuditCursor#ORDER_META_DATA}), 0 when it has none. */
    static long order(EventMessage<?> message) {
        return message.getMetaData().get(AuditCursor.ORDER_META_DATA) instanceof Number order ? order.longValue() : 0L;
    }

    private static List<String> keys(List<SourceRef> sources) {
        return sources == null ? List.of() : sources.stream().map(SourceRef::key).toList();
    }
}
