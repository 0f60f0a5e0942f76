package io.mdg.query.changerequest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.changerequest.ApprovalStepView;
import io.mdg.api.changerequest.ChangeRequestApprovalRecordedEvent;
import io.mdg.api.changerequest.ChangeRequestApprovedEvent;
import io.mdg.api.changerequest.ChangeRequestEscalatedEvent;
import io.mdg.api.changerequest.ChangeRequestExpiredEvent;
import io.mdg.api.changerequest.ChangeRequestOpenedEvent;
import io.mdg.api.changerequest.ChangeRequestRejectedEvent;
import io.mdg.api.changerequest.ChangeRequestStatus;
import io.mdg.api.changerequest.ChangeRequestView;
import io.mdg.api.changerequest.ChangeRequestWithdrawnEvent;
import io.mdg.api.changerequest.DecisionView;
import io.mdg.api.changerequest.ListChangeRequestsQuery;
import io.mdg.api.model.Attributes;
import io.mdg.api.record.ContactErasedEvent;
import io.mdg.query.GoldenRecordsProcessing;
import io.mdg.query.changerequest.ChangeRequestReadModel.StoredChangeRequest;

/**
 * Projects change requests into the {@link ChangeRequestReadModel}. In the processing group of the golden records,
 * so that one processor (and its ordering) serves both.
 *
 * <p>Idempotent: the events come from the ChangeRequest aggregate; each request keeps the sequence number of the
 * last event applied and an event at or below it is skipped. Every decision is appended to its decisions: OPENED,
 * APPROVED (one approval recorded), ESCALATED (past its SLA: the escalation role decides its current step as well,
 * and its inbox shows it), APPLIED (all approvals in, the change applied), REJECTED, WITHDRAWN, SUPERSEDED, EXPIRED; with the correlation id of the request that caused it (metadata {@code correlationId}). Each approval
 * counts for its step; when a step is complete the request moves to the next one, whose role becomes its
 * {@code approverRole} (the inbox of that role shows it from then on). Times are kept
 * to the millisecond (as MongoDB keeps them), so that both adapters answer the same.
 */
@Component
@Profile("query")
@ProcessingGroup(GoldenRecordsProcessing.GROUP)
@Order(GoldenRecordsProcessing.BEFORE_RECORDS)
public class ChangeRequestProjection {

    /** The actor of decisions no person took (expiry). */
    static final Actor SYSTEM = new Actor(Actor.ActorType.SYSTEM, "mdg");

    /** Requests of a record read at a time while an erasure goes through them. */
    private static final int ERASURE_PAGE = 200;

    private final ChangeRequestReadModel store;

    public ChangeRequestProjection(ChangeRequestReadModel store) {
        this.store = store;
    }

    /**
     * A contact person's data were erased: every request of the supplier keeps the contact as erased in what it
     * proposes and what that replaced (requests projected later read their events with the person's key gone, and
     * see the contact erased anyway).
     */
    @EventHandler
    public void on(ContactErasedEvent event) {
        if (event.type() != EntityType.SUPPLIER) {
            return;
        }
        String after = null;
        while (true) {
            List<ChangeRequestView> page = store.list(new ListChangeRequestsQuery(null, null, null, event.recordId(),
                    null, null, after, ERASURE_PAGE));
            for (ChangeRequestView request : page) {
                store.load(request.id()).ifPresent(stored -> store.save(new StoredChangeRequest(
                        stored.view().withContactErased(event.personId()), stored.sequence(), stored.approvers())));
            }
            if (page.size() < ERASURE_PAGE) {
                return;
            }
            after = page.get(page.size() - 1).id();
        }
    }

    @EventHandler
    public void on(ChangeRequestOpenedEvent event, @SequenceNumber long sequence, @Timestamp Instant timestamp,
                   @MetaDataValue("correlationId") String correlationId) {
        StoredChangeRequest existing = store.load(event.changeRequestId()).orElse(null);
        if (existing != null && existing.sequence() >= sequence) {
            return;
        }
        Instant at = millis(timestamp);
        List<ApprovalStepView> steps = event.stepsOrDefault().stream().map(ApprovalStepView::of).toList();
        ChangeRequestView view = new ChangeRequestView(event.changeRequestId(), event.type(), event.recordId(),
                ChangeRequestStatus.PENDING,
                event.attributes() == null ? List.of() : List.copyOf(event.attributes()),
                event.groups() == null ? List.of() : List.copyOf(event.groups()),
                event.proposed() == null ? Attributes.empty(event.type()) : event.proposed(),
                event.before() == null ? Attributes.empty(event.type()) : event.before(),
                event.source(), event.requestedBy(), event.reason(), event.approvalsRequired(), 0,
                event.evidenceRequired(), steps.get(0).role(), at, millis(event.deadline()), null, null,
                List.of(decision("OPENED", event.requestedBy(), at, event.reason(), null, correlationId)),
                event.actionOrDefault(), event.targetStatus(), event.survivorId(), steps, 1);
        store.save(new StoredChangeRequest(view, sequence, List.of()));
    }

    @EventHandler
    public void on(ChangeRequestApprovalRecordedEvent event, @SequenceNumber long sequence, @Timestamp Instant timestamp,
                   @MetaDataValue("correlationId") String correlationId) {
        StoredChangeRequest request = next(event.changeRequestId(), sequence);
        if (request == null) {
            return;
        }
        Instant at = millis(timestamp);
        List<String> approvers = new ArrayList<>(request.approvers());
        if (event.approver() != null && !approvers.contains(event.approver().name())) {
            approvers.add(event.approver().name());
        }
        // a delegate's approval counts for the delegator as well (neither sees it in their inbox any more)
        if (event.onBehalfOf() != null && !approvers.contains(event.onBehalfOf())) {
            approvers.add(event.onBehalfOf());
        }
        ChangeRequestView view = request.view();
        // the step it was given for counts it; the request moves on to the first step that is not complete
        int step = Math.min(event.stepOrFirst(), view.steps().size());
        List<ApprovalStepView> steps = new ArrayList<>(view.steps());
        ApprovalStepView given = steps.get(step - 1);
        List<String> stepApprovers = new ArrayList<>(given.approvers());
        if (event.approver() != null && !stepApprovers.contains(event.approver().name())) {
            stepApprovers.add(event.approver().name());
        }
        steps.set(step - 1, new ApprovalStepView(given.role(), given.approvalsRequired(), given.approvals() + 1,
                stepApprovers));
        int current = Math.max(view.currentStep(), step);
        while (current < steps.size() && steps.get(current - 1).complete()) {
            current++;
        }
        ChangeRequestView stepped = new ChangeRequestView(view.id(), view.type(), view.recordId(), view.status(),
                view.attributes(), view.groups(), view.proposed(), view.before(), view.source(), view.requestedBy(),
                view.reason(), view.approvalsRequired(), view.approvals(), view.evidenceRequired(),
                steps.get(current - 1).role(), view.openedAt(), view.deadline(), view.closedAt(), view.supersededBy(),
                view.decisions(), view.action(), view.targetStatus(), view.survivorId(), steps, current,
                view.escalatedTo(), view.escalatedAt());
        store.save(new StoredChangeRequest(changed(stepped, view.status(), event.required(), event.approvals(),
                view.closedAt(), view.supersededBy(), decided(view, new DecisionView("APPROVED", event.approver(), at,
                        event.comment(), event.verificationNote(), correlationId, step, event.onBehalfOf()))),
                sequence, approvers));
    }

    @EventHandler
    public void on(ChangeRequestApprovedEvent event, @SequenceNumber long sequence, @Timestamp Instant timestamp,
                   @MetaDataValue("correlationId") String correlationId) {
        StoredChangeRequest request = next(event.changeRequestId(), sequence);
        if (request == null) {
            return;
        }
        Instant at = millis(timestamp);
        ChangeRequestView view = request.view();
        close(request, sequence, ChangeRequestStatus.APPROVED, at, view.approvals(), view.supersededBy(),
                decision("APPLIED", lastApprover(view), at, null, null, correlationId));
    }

    @EventHandler
    public void on(ChangeRequestRejectedEvent event, @SequenceNumber long sequence, @Timestamp Instant timestamp,
                   @MetaDataValue("correlationId") String correlationId) {
        StoredChangeRequest request = next(event.changeRequestId(), sequence);
        if (request == null) {
            return;
        }
        Instant at = millis(timestamp);
        close(request, sequence, ChangeRequestStatus.REJECTED, at, request.view().approvals(),
                request.view().supersededBy(),
                new DecisionView("REJECTED", event.rejectedBy(), at, event.reason(), null, correlationId, null,
                        event.onBehalfOf()));
    }

    @EventHandler
    public void on(ChangeRequestWithdrawnEvent event, @SequenceNumber long sequence, @Timestamp Instant timestamp,
                   @MetaDataValue("correlationId") String correlationId) {
        StoredChangeRequest request = next(event.changeRequestId(), sequence);
        if (request == null) {
            return;
        }
        Instant at = millis(timestamp);
        // (stored before SUPERSEDED existed, a superseded request was WITHDRAWN with supersededBy: read as SUPERSEDED)
        ChangeRequestStatus status = event.superseded() ? ChangeRequestStatus.SUPERSEDED
                : ChangeRequestStatus.WITHDRAWN;
        close(request, sequence, status, at, request.view().approvals(), event.supersededBy(),
                decision(status.name(), event.actor(), at, event.reason(), null, correlationId));
    }

    @EventHandler
    public void on(ChangeRequestEscalatedEvent event, @SequenceNumber long sequence, @Timestamp Instant timestamp,
                   @MetaDataValue("correlationId") String correlationId) {
        StoredChangeRequest request = next(event.changeRequestId(), sequence);
        if (request == null) {
            return;
        }
        Instant at = millis(timestamp);
        ChangeRequestView v = request.view();
        String comment = "still pending at step " + event.step() + " (" + event.stepRole() + ") at its SLA "
                + event.escalateAt() + "; escalated to " + event.escalatedTo() + ", which may decide it until its"
                + " deadline " + event.deadline();
        ChangeRequestView escalated = new ChangeRequestView(v.id(), v.type(), v.recordId(), v.status(),
                v.attributes(), v.groups(), v.proposed(), v.before(), v.source(), v.requestedBy(), v.reason(),
                v.approvalsRequired(), v.approvals(), v.evidenceRequired(), v.approverRole(), v.openedAt(),
                v.deadline(), v.closedAt(), v.supersededBy(),
                decided(v, new DecisionView("ESCALATED", SYSTEM, at, comment, null, correlationId, event.step())),
                v.action(), v.targetStatus(), v.survivorId(), v.steps(), v.currentStep(), event.escalatedTo(), at);
        store.save(new StoredChangeRequest(escalated, sequence, request.approvers()));
    }

    @EventHandler
    public void on(ChangeRequestExpiredEvent event, @SequenceNumber long sequence, @Timestamp Instant timestamp,
                   @MetaDataValue("correlationId") String correlationId) {
        StoredChangeRequest request = next(event.changeRequestId(), sequence);
        if (request == null) {
            return;
        }
        Instant at = millis(timestamp);
        String comment = "deadline " + event.deadline() + " passed"
                + (event.escalateTo() == null ? "" : "; alerted " + event.escalateTo());
        close(request, sequence, ChangeRequestStatus.EXPIRED, at, event.approvals(), request.view().supersededBy(),
                decision("EXPIRED", SYSTEM, at, comment, null, correlationId));
    }

    @ResetHandler
    public void reset() {
        store.dropAll();
    }

    /** The request to apply an event to, or null when the event was applied already. */
    private StoredChangeRequest next(String id, long sequence) {
        StoredChangeRequest request = store.load(id).orElseThrow(() -> new IllegalStateException("change request "
                + id + " has event " + sequence + " but was never opened in the read store"));
        return request.sequence() >= sequence ? null : request;
    }

    private void close(StoredChangeRequest request, long sequence, ChangeRequestStatus status, Instant at,
                       int approvals, String supersededBy, DecisionView decision) {
        ChangeRequestView view = request.view();
        store.save(new StoredChangeRequest(changed(view, status, view.approvalsRequired(), approvals, at, supersededBy,
                decided(view, decision)), sequence, request.approvers()));
    }

    private static ChangeRequestView changed(ChangeRequestView v, ChangeRequestStatus status, int approvalsRequired,
                                             int approvals, Instant closedAt, String supersededBy,
                                             List<DecisionView> decisions) {
        return new ChangeRequestView(v.id(), v.type(), v.recordId(), status, v.attributes(), v.groups(),
                v.proposed(), v.before(), v.source(), v.requestedBy(), v.reason(), approvalsRequired, approvals,
                v.evidenceRequired(), v.approverRole(), v.openedAt(), v.deadline(), closedAt, supersededBy, decisions,
                v.action(), v.targetStatus(), v.survivorId(), v.steps(), v.currentStep(), v.escalatedTo(),
                v.escalatedAt());
    }

    private static List<DecisionView> decided(ChangeRequestView view, DecisionView decision) {
        List<DecisionView> decisions = new ArrayList<>(view.decisions());
        decisions.add(decision);
        return List.copyOf(decisions);
    }

    /** The approver whose approval completed the request (the last APPROVED decision), else the system. */
    private static Actor lastApprover(ChangeRequestView view) {
        List<DecisionView> decisions = view.decisions();
        for (int i = decisions.size() - 1; i >= 0; i--) {
            DecisionView d = decisions.get(i);
            if ("APPROVED".equals(d.kind()) && d.actor() != null) {
                return d.actor();
            }
        }
        return SYSTEM;
    }

    private static DecisionView decision(String kind, Actor actor, Instant at, String comment,
                                         String verificationNote, String correlationId) {
        return new DecisionView(kind, actor, at, comment, verificationNote, correlationId);
    }

    private static Instant millis(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.MILLIS);
    }
}
