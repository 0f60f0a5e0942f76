package io.mdg.command.changerequest;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.axonframework.deadline.DeadlineManager;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.context.annotation.Profile;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.ApprovalStep;
import io.mdg.api.changerequest.ApproveChangeRequestCommand;
import io.mdg.api.changerequest.ChangeAction;
import io.mdg.api.changerequest.ChangeRequestApprovalRecordedEvent;
import io.mdg.api.changerequest.ChangeRequestApprovedEvent;
import io.mdg.api.changerequest.ChangeRequestEscalatedEvent;
import io.mdg.api.changerequest.ChangeRequestExpiredEvent;
import io.mdg.api.changerequest.ChangeRequestOpenedEvent;
import io.mdg.api.changerequest.ChangeRequestRejectedEvent;
import io.mdg.api.changerequest.ChangeRequestStatus;
import io.mdg.api.changerequest.ChangeRequestWithdrawnEvent;
import io.mdg.api.changerequest.CompleteChangeRequestCommand;
import io.mdg.api.changerequest.OpenChangeRequestCommand;
import io.mdg.api.changerequest.RejectChangeRequestCommand;
import io.mdg.api.changerequest.SupersedeChangeRequestCommand;
import io.mdg.api.changerequest.WithdrawChangeRequestCommand;
import io.mdg.api.delegation.ApprovalDelegation;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.submission.FieldError;
import io.mdg.command.delegation.ApprovalDelegations;
import io.mdg.command.delegation.DelegatorAccounts;
import io.mdg.command.record.CommandRefusedException;
import io.mdg.rules.delegation.DelegationRules;

/**
 * A change to a golden record that waits for approval, in ordered steps (each a role and a number of approvals, from
 * the rules file; one step of the domain's steward role unless the rules name steps). Segregation of duties is
 * enforced here, across all steps, with no bypass: the requester never decides their own request (whatever roles they
 * hold, admin included), a source-system client never decides, only the current step's role approves or rejects (an
 * approval counts for the current step only; earlier steps' roles have had their say), and a person approves a
 * request at most once over all its steps, so someone holding two step roles counts once. When a step has its
 * approvals the next one starts; the last step's last approval applies the change. When evidence is required, each
 * approval of the first step (the check) needs a verification note. A pending request escalates at its escalation
 * time to the type's escalation role, when the rules file names one (from then on that role may decide the current
 * step as well, under the same segregation of duties), and expires at its deadline (both persistent deadlines, dropped
 * when the request is decided). A person may decide a step as the delegate of one of its role's holders while a
 * delegation is in force ({@code io.mdg.command.delegation.Delegation}): the segregation of duties then holds for both
 * (neither requested it, each counts once), and the events name both. A delegation ends with its delegator's account:
 * whether the delegator is still enabled in the identity provider is asked each time a delegate decides for them
 * ({@link DelegatorAccounts}); for a disabled or deleted delegator nobody decides any more (DELEGATOR_INACTIVE), and
 * when the identity provider cannot be asked the decision is refused (DELEGATOR_STATUS_UNKNOWN, safe to retry).
 */
@Aggregate(commandTargetResolver = "changeRequestCommandTargetResolver")
@Profile("command")
public class ChangeRequest {

    static final String DEADLINE = "change-request-deadline";
    /** The escalation time (the rules file's {@code approvals.escalateAfter} after opening), when the type has one. */
    static final String ESCALATION = "change-request-escalation";

    @AggregateIdentifier
    private String changeRequestId;
    private EntityType type;
    private String recordId;
    private Actor requestedBy;
    private int approvalsRequired;
    private boolean evidenceRequired;
    /** The approval steps in order, and the approvals each has so far. */
    private List<ApprovalStep> steps = List.of();
    private int[] stepApprovals = new int[0];
    /** The index of the step awaiting approval. */
    private int current;
    private ChangeRequestStatus status;
    private java.time.Instant deadline;
    /** The role it escalates to (null: it never does), and whether it has. */
    private String escalationRole;
    private java.time.Instant escalateAt;
    private boolean escalated;
    private ChangeAction action;
    private LifecycleStatus targetStatus;
    private String survivorId;
    private String reason;
    /** The attributes it changes, as shown to the approvers (MERGE: before, merged; after, survivor). */
    private List<String> attributes = List.of();
    private MasterAttributes before;
    private MasterAttributes after;
    private final Set<String> approvers = new LinkedHashSet<>();

    protected ChangeRequest() {
        // for Axon
    }

    @CommandHandler
    public ChangeRequest(OpenChangeRequestCommand command, DeadlineManager deadlines) {
        apply(command.opened());
        deadlines.schedule(command.opened().deadline(), DEADLINE);
        if (command.opened().escalates()) {
            deadlines.schedule(command.opened().escalateAt(), ESCALATION);
        }
    }

    /**
     * Records an approval; answers whether it was the last one needed (then the change is to be applied). A delegate
     * approves for their delegator ({@link #requireDecider}); the event names both.
     */
    @CommandHandler
    public boolean handle(ApproveChangeRequestCommand command, ApprovalDelegations delegations,
                          DelegationRules delegationRules, DelegatorAccounts accounts) {
        Actor actor = command.actor();
        ApprovalDelegation delegation = requireDecider(actor, command.roles(), "approve", delegations,
                delegationRules, accounts);
        if (evidenceRequired && current == 0
                && (command.verificationNote() == null || command.verificationNote().isBlank())) {
            throw new CommandRefusedException(ErrorCode.VALIDATION_FAILED, "VERIFICATION_NOTE_REQUIRED",
                    "this change needs a verification note (evidence of an independent call-back) with each approval"
                            + (steps.size() > 1 ? " of its first step" : ""));
        }
        int approvals = approvalCount() + 1;
        ApprovalStep step = steps.get(current);
        apply(new ChangeRequestApprovalRecordedEvent(changeRequestId, actor, command.comment(),
                command.verificationNote(), approvals, approvalsRequired, current + 1, step.role(),
                delegation == null ? null : delegation.delegator(),
                delegation == null ? null : delegation.delegationId()));
        return approvals >= approvalsRequired;
    }

    /**
     * The last approval's change was applied to the golden record (approved), or could no longer be applied: the
     * record changed meanwhile (rejected with the reason, in the approver's name).
     */
    @CommandHandler
    public void handle(CompleteChangeRequestCommand command, DeadlineManager deadlines) {
        requirePending();
        if (command.errors().isEmpty()) {
            apply(new ChangeRequestApprovedEvent(changeRequestId, type, recordId));
        } else {
            FieldError first = command.errors().get(0);
            apply(new ChangeRequestRejectedEvent(changeRequestId, command.approver(),
                    "the approved change can no longer be applied: " + first.field() + " " + first.code() + " "
                            + first.message()));
        }
        cancelDeadlines(deadlines);
    }

    @CommandHandler
    public void handle(RejectChangeRequestCommand command, DeadlineManager deadlines,
                       ApprovalDelegations delegations, DelegationRules delegationRules,
                       DelegatorAccounts accounts) {
        ApprovalDelegation delegation = requireDecider(command.actor(), command.roles(), "reject", delegations,
                delegationRules, accounts);
        if (command.reason() == null || command.reason().isBlank()) {
            throw new CommandRefusedException(ErrorCode.VALIDATION_FAILED, "REASON_REQUIRED", "a rejection needs a reason");
        }
        apply(new ChangeRequestRejectedEvent(changeRequestId, command.actor(), command.reason(),
                delegation == null ? null : delegation.delegator(),
                delegation == null ? null : delegation.delegationId()));
        cancelDeadlines(deadlines);
    }

    @CommandHandler
    public void handle(WithdrawChangeRequestCommand command, DeadlineManager deadlines) {
        requirePending();
        if (!command.actor().equals(requestedBy)) {
            throw new CommandRefusedException(ErrorCode.FORBIDDEN, "NOT_REQUESTER",
                    "only the requester (" + requestedBy.name() + ") may withdraw a change request");
        }
        apply(new ChangeRequestWithdrawnEvent(changeRequestId, command.actor(), command.reason(), null));
        cancelDeadlines(deadlines);
    }

    /**
     * A newer submission superseded this request: it held the same attributes anew in another request, or stated
     * their current value again. Nothing happens to a request that is no longer pending.
     */
    @CommandHandler
    public void handle(SupersedeChangeRequestCommand command, DeadlineManager deadlines) {
        if (status != ChangeRequestStatus.PENDING) {
            return;
        }
        SourceRef source = command.supersedingSource();
        String laterId = command.supersededBy();
        String by = source == null ? "a newer submission" : "the newer submission of " + source.key()
                + (source.sourceVersion() == null ? "" : " version " + source.sourceVersion());
        apply(new ChangeRequestWithdrawnEvent(changeRequestId, new Actor(Actor.ActorType.SYSTEM, "mdg"),
                "superseded by " + by + (laterId == null ? " (it states the current value again)"
                        : " (held anew for approval: see supersededBy)"), laterId, source));
        cancelDeadlines(deadlines);
    }

    /**
     * Still pending at the escalation time: escalates to the type's escalation role, which may decide the current
     * step from now on as well (and whose people are notified).
     */
    @DeadlineHandler(deadlineName = ESCALATION)
    void onEscalation() {
        if (status == ChangeRequestStatus.PENDING && escalationRole != null && !escalated) {
            apply(new ChangeRequestEscalatedEvent(changeRequestId, type, recordId, escalationRole, escalateAt,
                    current + 1, steps.get(current).role(), approvalCount(), deadline));
        }
    }

    /**
     * Still pending at the deadline: expires (an explicit decision; the escalation role is alerted, else the current
     * step's role), and the record drops the values.
     */
    @DeadlineHandler(deadlineName = DEADLINE)
    void onDeadline() {
        if (status == ChangeRequestStatus.PENDING) {
            apply(new ChangeRequestExpiredEvent(changeRequestId, type, recordId, deadline, approvalCount(),
                    escalationRole != null ? escalationRole : steps.get(current).role()));
        }
    }

    /** The request is decided: neither its deadline nor its escalation is due any more. */
    private static void cancelDeadlines(DeadlineManager deadlines) {
        deadlines.cancelAllWithinScope(DEADLINE);
        deadlines.cancelAllWithinScope(ESCALATION);
    }

    /**
     * Who may decide the request now, the one place of that rule: a person (never a source client), never the
     * requester, never someone who approved it already (in their own name or for someone), holding the current
     * step's role (or, once it escalated, the escalation role), or else deciding as a delegate: a delegation of that
     * role to them is in force ({@link ApprovalDelegations}), they hold an approver role of their own
     * ({@link DelegationRules#mayActAsDelegate}), its delegator neither requested the change nor approved it
     * already, and the delegator's account is still enabled in the identity provider ({@link DelegatorAccounts}).
     * Answers the delegation they decide under, or null when they decide in their own name.
     */
    private ApprovalDelegation requireDecider(Actor actor, Set<String> roles, String what,
                                              ApprovalDelegations delegations, DelegationRules delegationRules,
                                              DelegatorAccounts accounts) {
        requirePending();
        if (actor.type() != Actor.ActorType.USER) {
            throw new CommandRefusedException(ErrorCode.FORBIDDEN, "SOURCE_CLIENT_CANNOT_DECIDE",
                    "source systems may request changes but never " + what + " them; a steward must decide");
        }
        if (actor.equals(requestedBy) || actor.name().equals(requestedBy.name())) {
            throw new CommandRefusedException(ErrorCode.FORBIDDEN, what.equals("approve") ? "SELF_APPROVAL" : "SELF_REJECTION",
                    "the requester can never " + what + " their own change request, whatever their roles");
        }
        if (what.equals("approve") && approvers.contains(actor.name())) {
            // (before the step's role: someone who approved an earlier step is told why, not that the step moved on)
            throw new CommandRefusedException(ErrorCode.CONFLICT, "ALREADY_APPROVED",
                    actor.name() + " has already approved this change request; a person approves a request once,"
                            + " over all its steps and whatever roles they hold: the next approval must come from"
                            + " another person");
        }
        String role = steps.get(current).role();
        if (roles.contains(role) || (escalated && roles.contains(escalationRole))) {
            return null;
        }
        List<ApprovalDelegation> delegated = delegations.grantedTo(actor.name(), GenericEventMessage.clock.instant())
                .stream().filter(d -> d.role().equals(role) || (escalated && d.role().equals(escalationRole)))
                .toList();
        if (!delegated.isEmpty()) {
            return delegationFor(actor, roles, what, delegated, delegationRules, accounts);
        }
        String step = steps.size() == 1 ? "" : " (step " + (current + 1) + " of " + steps.size() + ")";
        if (steps.stream().anyMatch(other -> roles.contains(other.role()))) {
            throw new CommandRefusedException(ErrorCode.FORBIDDEN, "NOT_CURRENT_STEP_ROLE",
                    "change request " + changeRequestId + " is at the " + role + " step" + step + "; only the "
                            + role + " role may " + what + " it now");
        }
        throw new CommandRefusedException(ErrorCode.FORBIDDEN, "NOT_DOMAIN_STEWARD",
                "only the " + role + " role may " + what + " change requests of " + type + " records" + step);
    }

    /**
     * The first of the delegations in force whose delegator may decide the request and whose account is enabled now
     * (else why none may). The identity provider is asked only about delegators who may decide the request.
     */
    private ApprovalDelegation delegationFor(Actor actor, Set<String> roles, String what,
                                             List<ApprovalDelegation> delegated, DelegationRules delegationRules,
                                             DelegatorAccounts accounts) {
        if (!delegationRules.mayActAsDelegate(roles)) {
            throw new CommandRefusedException(ErrorCode.FORBIDDEN, "DELEGATE_NOT_STEWARD",
                    actor.name() + " holds a delegation of " + delegated.get(0).role() + " from "
                            + delegated.get(0).delegator() + " but no approver role of their own; a delegate must be"
                            + " stewardship staff (" + String.join(", ", delegationRules.approverRoles()) + ")");
        }
        ApprovalDelegation inactive = null;
        ApprovalDelegation unknown = null;
        for (ApprovalDelegation delegation : delegated) {
            boolean delegatorRequested = delegation.delegator().equals(requestedBy.name());
            boolean delegatorApproved = what.equals("approve") && approvers.contains(delegation.delegator());
            if (!delegatorRequested && !delegatorApproved) {
                switch (accounts.status(delegation.delegator())) {
                    case ACTIVE -> {
                        return delegation;
                    }
                    case INACTIVE -> inactive = inactive == null ? delegation : inactive;
                    case UNKNOWN -> unknown = unknown == null ? delegation : unknown;
                }
            }
        }
        if (unknown != null) {
            throw new CommandRefusedException(ErrorCode.UNAVAILABLE, "DELEGATOR_STATUS_UNKNOWN",
                    "the identity provider could not confirm that the account of " + unknown.delegator() + ", for"
                            + " whom " + actor.name() + " decides " + unknown.role() + " steps, is still enabled;"
                            + " nothing was changed, and retrying later is safe");
        }
        if (inactive != null) {
            throw new CommandRefusedException(ErrorCode.FORBIDDEN, "DELEGATOR_INACTIVE",
                    actor.name() + " decides " + inactive.role() + " steps for " + inactive.delegator() + ", whose"
                            + " account is disabled or deleted in the identity provider: a delegation ends with its"
                            + " delegator's account (nothing was changed)");
        }
        ApprovalDelegation first = delegated.get(0);
        if (first.delegator().equals(requestedBy.name())) {
            throw new CommandRefusedException(ErrorCode.FORBIDDEN, "DELEGATOR_IS_REQUESTER",
                    actor.name() + " decides " + first.role() + " steps for " + first.delegator() + ", who requested"
                            + " this change: a delegate never decides for the requester");
        }
        throw new CommandRefusedException(ErrorCode.CONFLICT, "DELEGATOR_ALREADY_APPROVED",
                actor.name() + " decides " + first.role() + " steps for " + first.delegator() + ", who has already"
                        + " approved this change request: a person counts once, in their own name or through a"
                        + " delegate");
    }

    /** How many approvals it has so far, over all steps. */
    private int approvalCount() {
        int count = 0;
        for (int n : stepApprovals) {
            count += n;
        }
        return count;
    }

    private void requirePending() {
        if (status != ChangeRequestStatus.PENDING) {
            throw new CommandRefusedException(ErrorCode.CONFLICT, "NOT_PENDING",
                    "change request " + changeRequestId + " is " + status + ", no longer pending");
        }
    }

    public String recordId() {
        return recordId;
    }

    public EntityType type() {
        return type;
    }

    public ChangeRequestStatus status() {
        return status;
    }

    public ChangeAction action() {
        return action;
    }

    /** For a LIFECYCLE request: the status the record is to get. */
    public LifecycleStatus targetStatus() {
        return targetStatus;
    }

    /** For a MERGE request: the record that survives ({@link #recordId()} is merged into it). */
    public String survivorId() {
        return survivorId;
    }

    public String reason() {
        return reason;
    }

    /** The attributes the request changes, as shown to its approvers. */
    public List<String> attributes() {
        return attributes;
    }

    /** Their values before, as shown to the approvers. */
    public MasterAttributes before() {
        return before;
    }

    /** Their values after, as shown to the approvers. */
    public MasterAttributes after() {
        return after;
    }

    @EventSourcingHandler
    void on(ChangeRequestOpenedEvent event) {
        this.changeRequestId = event.changeRequestId();
        this.type = event.type();
        this.recordId = event.recordId();
        this.requestedBy = event.requestedBy();
        this.approvalsRequired = event.approvalsRequired();
        this.evidenceRequired = event.evidenceRequired();
        this.steps = event.stepsOrDefault();
        this.stepApprovals = new int[steps.size()];
        this.current = 0;
        this.deadline = event.deadline();
        this.escalationRole = event.escalates() ? event.escalationRole() : null;
        this.escalateAt = event.escalateAt();
        this.escalated = false;
        this.action = event.actionOrDefault();
        this.targetStatus = event.targetStatus();
        this.survivorId = event.survivorId();
        this.reason = event.reason();
        this.attributes = event.attributes() == null ? List.of() : List.copyOf(event.attributes());
        this.before = event.before();
        this.after = event.proposed();
        this.status = ChangeRequestStatus.PENDING;
    }

    @EventSourcingHandler
    void on(ChangeRequestApprovalRecordedEvent event) {
        approvers.add(event.approver().name());
        if (event.onBehalfOf() != null) {
            approvers.add(event.onBehalfOf());
        }
        int step = Math.min(event.stepOrFirst(), steps.size()) - 1;
        stepApprovals[step]++;
        while (current < steps.size() - 1 && stepApprovals[current] >= steps.get(current).approvals()) {
            current++;
        }
    }

    @EventSourcingHandler
    void on(ChangeRequestEscalatedEvent event) {
        escalated = true;
    }

    @EventSourcingHandler
    void on(ChangeRequestApprovedEvent event) {
        status = ChangeRequestStatus.APPROVED;
    }

    @EventSourcingHandler
    void on(ChangeRequestRejectedEvent event) {
        status = ChangeRequestStatus.REJECTED;
    }

    @EventSourcingHandler
    void on(ChangeRequestWithdrawnEvent event) {
        status = event.superseded() ? ChangeRequestStatus.SUPERSEDED : ChangeRequestStatus.WITHDRAWN;
    }

    @EventSourcingHandler
    void on(ChangeRequestExpiredEvent event) {
        status = ChangeRequestStatus.EXPIRED;
    }
}
