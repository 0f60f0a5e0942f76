package io.mdg.command.changerequest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.ApprovalStep;
import io.mdg.api.changerequest.ChangeAction;
import io.mdg.api.changerequest.ChangeRequestCommand;
import io.mdg.api.changerequest.ChangeRequestOpenedEvent;
import io.mdg.api.changerequest.OpenChangeRequestCommand;
import io.mdg.api.changerequest.PendingChangeReleasedEvent;
import io.mdg.api.changerequest.SupersedeChangeRequestCommand;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.model.Attributes;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.record.ChangeHeldForApprovalEvent;
import io.mdg.api.record.HeldAttribute;
import io.mdg.command.record.CommandRefusedException;
import io.mdg.rules.policy.ApprovalSteps;
import io.mdg.command.record.PolicyInForce;
import io.mdg.rules.policy.GovernancePolicy;
import io.mdg.rules.policy.MergeRisk;

/**
 * Opens change requests: for what a golden record has just held for approval (and closes the requests it
 * superseded), from {@link ChangeRequestOpener}; and for a steward's lifecycle change or merge that the rules file
 * wants approved, from {@link StewardCommandHandler}. Always in the same unit of work as the decision.
 */
public class ChangeRequests {

    /**
     * The processing group of the change requests' policies ({@link ChangeRequestOpener}, {@link ChangeRequestOutcomes},
     * {@link ChangeRequestExpiryRelay}): one subscribing processor, in the unit of work of the events it reacts to.
     */
    public static final String POLICIES = "change-request-policies";

    private final Repository<ChangeRequest> repository;
    private final DeadlineManager deadlines;
    private final PolicyInForce rules;
    private final Supplier<String> idGenerator;
    private final Clock clock;

    public ChangeRequests(Repository<ChangeRequest> repository, DeadlineManager deadlines, GovernancePolicy policy,
                          Supplier<String> idGenerator, Clock clock) {
        this(repository, deadlines, PolicyInForce.of(policy), idGenerator, clock);
    }

    /** Change requests opened under the rules in force at the time ({@link PolicyInForce}). */
    public ChangeRequests(Repository<ChangeRequest> repository, DeadlineManager deadlines, PolicyInForce rules,
                          Supplier<String> idGenerator, Clock clock) {
        this.repository = repository;
        this.deadlines = deadlines;
        this.rules = rules;
        this.idGenerator = idGenerator;
        this.clock = clock;
    }

    public String newId() {
        return idGenerator.get();
    }

    /**
     * Opens the change request for a change a golden record has just held for approval, under the id the record's
     * decision gave it.
     */
    public void open(ChangeHeldForApprovalEvent held) throws Exception {
        List<String> attributes = held.held().stream().map(HeldAttribute::attribute).toList();
        List<String> groups = held.held().stream().map(HeldAttribute::group).distinct().toList();
        String approverRole = rules.policy().approverRole(held.type());
        List<ApprovalStep> steps = ApprovalSteps.combine(held.held().stream()
                .map(attribute -> attribute.stepsOr(approverRole)).toList());
        boolean evidence = held.held().stream().anyMatch(HeldAttribute::evidenceRequired);
        open(opened(held.changeRequestId(), held.type(), held.recordId(), attributes, groups, held.proposed(),
                held.current(), held.source(), held.actor(),
                held.reason() != null ? held.reason() : "high-risk change from " + held.source().system()
                        + " record " + held.source().sourceId() + " (" + String.join(", ", groups) + ")",
                steps, evidence, ChangeAction.ATTRIBUTES, null, null));
    }

    /**
     * A golden record dropped a held change because a newer submission superseded it: its request is withdrawn as
     * superseded (by the request that holds the attributes anew, if any), and its deadline dropped.
     */
    public void supersede(PendingChangeReleasedEvent released) {
        send(new SupersedeChangeRequestCommand(released.changeRequestId(), released.supersededBy(),
                released.supersedingSource()));
    }

    /** The change request (which must exist) handles the command, in this unit of work; answers its result. */
    @SuppressWarnings("unchecked")
    public <R> R send(ChangeRequestCommand command) {
        Aggregate<ChangeRequest> request;
        try {
            request = repository.load(command.changeRequestId());
        } catch (AggregateNotFoundException e) {
            throw new CommandRefusedException(ErrorCode.NOT_FOUND, "NOT_FOUND",
                    "no change request " + command.changeRequestId());
        }
        try {
            return (R) request.handle(GenericCommandMessage.asCommandMessage(command));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The change request as it is (for reading what it asks). */
    public ChangeRequest request(String changeRequestId) {
        return repository.load(changeRequestId).invoke(request -> request);
    }

    /**
     * The opened event of a request in {@code steps}: its approver role is the first step's and its approvals the
     * total; the steps are named only when they are not one step of the type's approver role, so that a rules file
     * without steps opens requests exactly as before steps existed.
     */
    private ChangeRequestOpenedEvent opened(String id, EntityType type, String recordId, List<String> attributes,
                                            List<String> groups, MasterAttributes proposed, MasterAttributes before,
                                            SourceRef source, Actor requester, String reason,
                                            List<ApprovalStep> steps, boolean evidence, ChangeAction action,
                                            LifecycleStatus target, String survivorId) {
        boolean oneApproverStep = steps.size() == 1 && steps.get(0).role().equals(rules.policy().approverRole(type));
        java.time.Instant now = clock.instant();
        String escalationRole = rules.policy().escalationRole(type).orElse(null);
        return new ChangeRequestOpenedEvent(id, type, recordId, attributes, groups, proposed, before, source,
                requester, reason, ApprovalStep.total(steps), evidence, steps.get(0).role(),
                now.plus(rules.policy().approvalDeadline()), action, target, survivorId,
                oneApproverStep ? null : steps, escalationRole == null ? null : now.plus(rules.policy().escalateAfter()),
                escalationRole);
    }

    private void open(ChangeRequestOpenedEvent opened) throws Exception {
        repository.newInstance(() -> new ChangeRequest(new OpenChangeRequestCommand(opened), deadlines));
    }

    /** Opens a request to change a record's lifecycle status; answers its id. */
    public String openLifecycle(EntityType type, String recordId, LifecycleStatus from, LifecycleStatus target,
                                String reason, Actor requester, int approvals) throws Exception {
        return openAction(type, recordId, ChangeAction.LIFECYCLE, target, null,
                reason != null ? reason : from + " -> " + target, requester, approvals,
                "lifecycle:" + target);
    }

    /**
     * Opens a HIGH-risk request to suspend a supplier that an exclusion-list screening hit (group
     * {@value #SCREENING_GROUP}); answers its id. It needs the supplier stewards' approval, at least one however the
     * rules file holds suspensions (a screening never suspends by itself), and is requested by the system
     * ({@link #SCREENING_ACTOR}), so no person can withdraw it: a steward rejecting it is the clearance.
     */
    public String openScreeningSuspension(String supplierId, String reason) throws Exception {
        GovernancePolicy policy = rules.policy();
        int approvals = Math.max(1, policy.stewardActions(EntityType.SUPPLIER)
                .lifecycleApprovals(LifecycleStatus.SUSPENDED));
        return openAction(EntityType.SUPPLIER, supplierId, ChangeAction.LIFECYCLE, LifecycleStatus.SUSPENDED, null,
                reason, SCREENING_ACTOR, policy.approverSteps(EntityType.SUPPLIER, approvals), false,
                List.of(SCREENING_GROUP, "lifecycle:" + LifecycleStatus.SUSPENDED), List.of(), null, null);
    }

    /** The group of the suspension requests that exclusion screening opens. */
    public static final String SCREENING_GROUP = "exclusion-screening";

    /** Who requests them: the system, in the name of the screening (no person may withdraw them). */
    public static final Actor SCREENING_ACTOR = new Actor(Actor.ActorType.SYSTEM, "exclusion-screening");

    /**
     * Opens a request to merge {@code mergedId} into {@code survivorId}; answers its id. Where the merge changes
     * HIGH-risk attributes for the merged record's source records ({@code risk}), the request shows them: before,
     * the merged record's values ({@code merged}); after, the survivor's ({@code survivor}).
     */
    public String openMerge(EntityType type, String mergedId, String survivorId, String reason, Actor requester,
                            MergeRisk risk, MasterAttributes merged, MasterAttributes survivor) throws Exception {
        List<String> groups = new ArrayList<>(List.of("merge"));
        groups.addAll(risk.groups());
        String why = reason != null ? reason : "merge into " + survivorId;
        if (risk.changesHighRisk()) {
            why += " (changes " + String.join(", ", risk.attributes()) + " for the merged record's source records)";
        }
        return openAction(type, mergedId, ChangeAction.MERGE, null, survivorId, why, requester, risk.steps(),
                risk.evidence(), groups, risk.attributes(),
                risk.changesHighRisk() ? Attributes.only(survivor, risk.attributes()) : null,
                risk.changesHighRisk() ? Attributes.only(merged, risk.attributes()) : null);
    }

    private String openAction(EntityType type, String recordId, ChangeAction action, LifecycleStatus target,
                              String survivorId, String reason, Actor requester, int approvals, String group)
            throws Exception {
        return openAction(type, recordId, action, target, survivorId, reason, requester,
                rules.policy().approverSteps(type, approvals), false, List.of(group), List.of(), null, null);
    }

    private String openAction(EntityType type, String recordId, ChangeAction action, LifecycleStatus target,
                              String survivorId, String reason, Actor requester, List<ApprovalStep> steps,
                              boolean evidence, List<String> groups, List<String> attributes,
                              MasterAttributes proposed, MasterAttributes before) throws Exception {
        String id = newId();
        open(opened(id, type, recordId, attributes, groups, proposed, before,
                new SourceRef(SourceSystem.STEWARD, requester.name(), null), requester, reason, steps, evidence,
                action, target, survivorId));
        return id;
    }
}
