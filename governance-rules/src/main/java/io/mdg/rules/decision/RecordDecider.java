package io.mdg.rules.decision;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.audit.SubmissionRefusedEvent;
import io.mdg.api.changerequest.ChangeRequestStatus;
import io.mdg.api.changerequest.PendingChangeReleasedEvent;
import io.mdg.api.ApprovalStep;
import io.mdg.api.changerequest.ReleaseHeldChangeCommand;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.model.Attributes;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.model.ScreeningStatus;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.AbsorbMergedSourcesCommand;
import io.mdg.api.record.ApplyApprovedChangeCommand;
import io.mdg.api.record.ApplyLifecycleChangeCommand;
import io.mdg.api.record.ChangeHeldForApprovalEvent;
import io.mdg.api.record.DecideSubmissionCommand;
import io.mdg.api.record.HeldAttribute;
import io.mdg.api.record.HoldProposedChangeCommand;
import io.mdg.api.record.LifecycleChangedEvent;
import io.mdg.api.record.MergeRecordIntoCommand;
import io.mdg.api.record.RecheckContractPricesCommand;
import io.mdg.api.record.RecordChangedEvent;
import io.mdg.api.record.RecordMergedEvent;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.api.record.SourceRecordLinkedEvent;
import io.mdg.api.record.SourceRecordsMovedEvent;
import io.mdg.api.record.SubmissionDecision;
import io.mdg.api.submission.AttributeResult;
import io.mdg.api.submission.AttributeStatus;
import io.mdg.api.submission.FieldError;
import io.mdg.api.submission.SubmissionOutcome;
import io.mdg.api.submission.SubmissionResult;
import io.mdg.rules.Violation;
import io.mdg.rules.policy.AttributeGroup;
import io.mdg.rules.policy.GovernancePolicy;
import io.mdg.rules.policy.HeldValueChange;
import io.mdg.rules.policy.Risk;
import io.mdg.rules.record.LifecycleRules;
import io.mdg.rules.record.ReferenceLookup;

/**
 * The decisions on a golden record, as pure functions: given the record's state ({@link RecordState}), the request
 * and the rules, what changes (the events, in order) and what the requester is answered. No framework, no clock, no
 * ids made up here: whatever varies comes in with the request, so that deciding the same request on the same state
 * always gives the same decision. The command side's aggregate applies the events; the checks that look across
 * records (unique identifiers, references) come in as a {@link RecordValidator} or a {@link ReferenceLookup}.
 *
 * <p>A source submission is decided attribute by attribute under the system-of-record policy (owned and low risk:
 * applied; not owned: refused; high risk, or held by the rules for its values: held for approval), stale and
 * repeated submissions change nothing, and the record that would result must pass the record rules before anything
 * is applied.
 */
public final class RecordDecider {

    private RecordDecider() {
    }

    /**
     * A source's submission: creates the record when there is none ({@code state} is {@link RecordState#NONE}),
     * otherwise decides it against the record as it is. The answer names the change request that opens for what was
     * held, and what of the submission was refused (to be audited).
     */
    public static Decision<SubmissionDecision> decide(RecordState state, DecideSubmissionCommand command,
                                                      GovernancePolicy policy, RecordValidator validator) {
        Submitted submitted = state.exists() ? submit(state, command, policy, validator)
                : register(command, policy, validator);
        SubmissionResult result = submitted.result();
        boolean held = submitted.events().stream().anyMatch(ChangeHeldForApprovalEvent.class::isInstance);
        if (held) {
            result = result.withChangeRequest(command.changeRequestId());
        }
        // a redelivered version's refused attributes were audited when it first came: retries add no audit entry
        SubmissionRefusedEvent refusal = submitted.redelivered() ? null : refusal(command.attributes().entityType(),
                command.source(), command.actor(), command.attributes(), result);
        return Decision.of(submitted.events(), new SubmissionDecision(result, refusal));
    }

    /**
     * What to audit of a refused submission: all attributes sent when it was REJECTED, else those refused; null when
     * nothing was refused.
     */
    public static SubmissionRefusedEvent refusal(EntityType type, SourceRef source, Actor actor,
                                                 MasterAttributes submitted, SubmissionResult result) {
        List<AttributeResult> refused;
        if (result.outcome() == SubmissionOutcome.REJECTED) {
            refused = !result.attributes().isEmpty() ? result.attributes()
                    : Attributes.values(submitted).keySet().stream().map(attribute -> new AttributeResult(attribute,
                    AttributeStatus.INVALID, "NOT_APPLIED", "not applied: the submission was rejected (see errors)"))
                    .toList();
        } else {
            refused = result.attributes().stream().filter(r -> r.status() == AttributeStatus.NOT_SYSTEM_OF_RECORD
                    || r.status() == AttributeStatus.INVALID).toList();
            if (refused.isEmpty()) {
                return null;
            }
        }
        MasterAttributes values = Attributes.only(submitted, refused.stream().map(AttributeResult::attribute).toList());
        return new SubmissionRefusedEvent(type, result.goldenId(), source, actor, result.outcome(), refused, values,
                result.errors());
    }

    /** A submission's events and result, and whether it repeated a source version already seen. */
    private record Submitted(List<Object> events, SubmissionResult result, boolean redelivered) {
        static Submitted of(List<Object> events, SubmissionResult result) {
            return new Submitted(events, result, false);
        }
    }

    /**
     * Creates the golden record from a new source record: the attributes the source owns are applied, the others
     * are refused as NOT_SYSTEM_OF_RECORD. The values of groups the rules file holds on creation (a new supplier's
     * bank account) are not trusted yet: the record is created without them and holds them for approval.
     */
    private static Submitted register(DecideSubmissionCommand command, GovernancePolicy policy,
                                      RecordValidator validator) {
        String recordId = command.recordId();
        SourceRef source = command.source();
        MasterAttributes submitted = command.attributes();
        EntityType entityType = submitted.entityType();
        List<AttributeResult> results = new ArrayList<>();
        List<String> applied = new ArrayList<>();
        List<HeldAttribute> held = new ArrayList<>();
        for (String attribute : Attributes.values(submitted).keySet()) {
            AttributeGroup group = policy.group(entityType, attribute);
            if (!policy.owns(source.system(), entityType, attribute)) {
                results.add(notOwned(policy, entityType, attribute));
            } else if (group.heldOnCreation()) {
                List<ApprovalStep> steps = policy.approvalSteps(group);
                held.add(heldAttribute(attribute, group, steps, policy));
                results.add(pendingApproval(attribute, group.name(), steps));
            } else {
                applied.add(attribute);
                results.add(AttributeResult.of(attribute, AttributeStatus.APPLIED));
            }
        }
        MasterAttributes initial = Attributes.only(submitted, applied);
        List<String> heldNames = held.stream().map(HeldAttribute::attribute).toList();
        List<Violation> violations = new ArrayList<>(validator.validate(initial, true));
        if (violations.isEmpty() && !held.isEmpty()) {
            // the held values must be ones that could be applied (the last approval checks again)
            violations.addAll(validator.validate(
                    Attributes.merge(initial, Attributes.only(submitted, heldNames)), true));
        }
        if (!violations.isEmpty()) {
            return Submitted.of(List.of(), new SubmissionResult(SubmissionOutcome.REJECTED, null,
                    notApplied(results), errors(violations)));
        }
        List<Object> events = new ArrayList<>();
        events.add(new RecordRegisteredEvent(recordId, entityType, source, initial, command.actor()));
        if (excluded(initial)) {
            events.add(new LifecycleChangedEvent(recordId, entityType, LifecycleStatus.ACTIVE,
                    LifecycleStatus.SUSPENDED, "exclusion screening hit", command.actor()));
        }
        if (!held.isEmpty()) {
            events.add(new ChangeHeldForApprovalEvent(recordId, entityType, source, held,
                    Attributes.only(submitted, heldNames), Attributes.only(initial, heldNames), command.actor(),
                    command.changeRequestId()));
        }
        if (entityType == EntityType.CONTRACT) {
            events.addAll(ContractDecisions.registered(recordId, source, submitted, command.actor(), policy,
                    validator));
        }
        return Submitted.of(events, new SubmissionResult(SubmissionOutcome.CREATED, recordId, results, List.of()));
    }

    /** The rules' screening: a supplier on an exclusion list is suspended at once. */
    private static boolean excluded(MasterAttributes attributes) {
        return attributes instanceof SupplierAttributes s && s.screeningStatus() == ScreeningStatus.EXCLUDED;
    }

    /**
     * Decides a source's submission for an existing record. {@code matchedOn} is set when the source record is new
     * and was matched to this record by an identifier: unless the submission is rejected, the source record is then
     * linked to this record first. Contract rules see backdating against the command's date.
     */
    private static Submitted submit(RecordState state, DecideSubmissionCommand command, GovernancePolicy policy,
                                    RecordValidator validator) {
        String recordId = state.recordId();
        EntityType type = state.type();
        SourceRef source = command.source();
        MasterAttributes submitted = command.attributes();
        Actor actor = command.actor();
        List<Object> events = new ArrayList<>();
        Map<String, String> escalated = type == EntityType.CONTRACT
                ? ContractDecisions.escalations(state, submitted, actor, policy, validator, command.today(), events)
                : Map.of();
        if (state.isRetired()) {
            return Submitted.of(events, SubmissionResult.rejected(recordId, List.of(new FieldError("id",
                    state.mergedInto() == null ? "RECORD_RETIRED" : "RECORD_MERGED",
                    state.mergedInto() == null ? "the golden record is retired and takes no more changes"
                            : "the golden record was merged into " + state.mergedInto()))));
        }
        Long last = state.lastSourceVersion().get(source.key());
        if (source.sourceVersion() != null && last != null && source.sourceVersion() < last) {
            return Submitted.of(events, new SubmissionResult(SubmissionOutcome.STALE, recordId, List.of(), List.of()));
        }
        List<AttributeResult> results = new ArrayList<>();
        List<String> applied = new ArrayList<>();
        List<HeldAttribute> held = new ArrayList<>();
        // attributes sent with the value already pending; the requests this submission contradicts (supersedes)
        List<HeldAttribute> alreadyPending = new ArrayList<>();
        Set<String> contradicted = new LinkedHashSet<>();
        Map<String, Object> current = Attributes.values(state.attributes());
        for (Map.Entry<String, Object> sent : Attributes.values(submitted).entrySet()) {
            String attribute = sent.getKey();
            String waiting = state.pendingRequestOf().get(attribute);
            if (Objects.equals(sent.getValue(), current.get(attribute))) {
                if (waiting != null && revokes(state, source, state.heldChanges().get(waiting), policy, attribute)) {
                    // the source states the current value again: its held change is no longer what it says
                    contradicted.add(waiting);
                    results.add(new AttributeResult(attribute, AttributeStatus.UNCHANGED, "SUPERSEDES_HELD_CHANGE",
                            "the source states the current value again; its held change (change request "
                                    + waiting + ") is superseded"));
                } else {
                    results.add(AttributeResult.of(attribute, AttributeStatus.UNCHANGED));
                }
            } else if (!policy.owns(source.system(), type, attribute)) {
                results.add(notOwned(policy, type, attribute));
            } else {
                AttributeGroup group = policy.group(type, attribute);
                // a change the rules file holds by its values (e.g. screening EXCLUDED -> CLEAR) although low risk
                Optional<HeldValueChange> heldChange = policy.heldChange(type, attribute, current.get(attribute),
                        sent.getValue());
                String reason = heldChange.map(HeldValueChange::reason).orElse(escalated.get(attribute));
                if (group.risk() == Risk.HIGH || reason != null) {
                    List<ApprovalStep> steps = heldChange.map(change -> policy.approvalSteps(type, change))
                            .orElse(policy.approvalSteps(group));
                    results.add(pendingApproval(attribute, reason != null ? reason : group.name(), steps));
                    if (Objects.equals(state.pending().get(attribute), sent.getValue())) {
                        alreadyPending.add(heldAttribute(attribute, group, steps, policy));
                    } else {
                        held.add(heldAttribute(attribute, group, steps, policy));
                        if (waiting != null) {
                            contradicted.add(waiting);
                        }
                    }
                } else {
                    applied.add(attribute);
                    results.add(AttributeResult.of(attribute, AttributeStatus.APPLIED));
                    if (waiting != null && revokes(state, source, state.heldChanges().get(waiting), policy, attribute)) {
                        // the source's newer value is in force: its held change is no longer what it says (as when
                        // it states the current value again, so a retry of this submission changes nothing more)
                        contradicted.add(waiting);
                    }
                }
            }
        }
        // a value still pending in a request that this submission supersedes is held anew with the rest
        for (HeldAttribute attribute : alreadyPending) {
            if (contradicted.contains(state.pendingRequestOf().get(attribute.attribute()))) {
                held.add(attribute);
            }
        }
        if (applied.isEmpty() && held.isEmpty() && contradicted.isEmpty()) {
            // A version already seen again (a retry or a broker's redelivery): its refused attributes were audited
            // when it first came. (A source record that was only linked so far has its version in its
            // cross-reference.)
            SourceRef known = state.sources().get(source.key());
            Long seen = last != null ? last : known == null ? null : known.sourceVersion();
            boolean redelivered = source.sourceVersion() != null && seen != null && source.sourceVersion() <= seen;
            link(state, source, command.matchedOn(), actor, events);
            return new Submitted(events, new SubmissionResult(alreadyPending.isEmpty() ? SubmissionOutcome.UNCHANGED
                    : SubmissionOutcome.PENDING_APPROVAL, recordId, results, List.of()), redelivered);
        }
        if (source.sourceVersion() != null && last != null && source.sourceVersion() <= last) {
            // same version, different content: not newer than what was seen, so it is not applied
            return Submitted.of(events, new SubmissionResult(SubmissionOutcome.STALE, recordId, List.of(), List.of()));
        }
        if (!held.isEmpty()) {
            // A held change must be one that could be applied: a parent that closes a cycle or packaging that contains
            // itself is refused at once, not put before stewards (the last approval checks again).
            List<String> changing = new ArrayList<>(applied);
            held.forEach(h -> changing.add(h.attribute()));
            List<Violation> violations = validator.validate(
                    Attributes.merge(state.attributes(), Attributes.only(submitted, changing)), false);
            if (!violations.isEmpty()) {
                return Submitted.of(events, new SubmissionResult(SubmissionOutcome.REJECTED, recordId,
                        notApplied(results), errors(violations)));
            }
        }
        RecordState now = state;
        if (!applied.isEmpty()) {
            MasterAttributes resulting = Attributes.merge(state.attributes(), Attributes.only(submitted, applied));
            List<Violation> violations = validator.validate(resulting, false);
            if (!violations.isEmpty()) {
                return Submitted.of(events, new SubmissionResult(SubmissionOutcome.REJECTED, recordId,
                        notApplied(results), errors(violations)));
            }
            link(state, source, command.matchedOn(), actor, events);
            events.add(new RecordChangedEvent(recordId, type, source, applied, Attributes.only(submitted, applied),
                    Attributes.only(state.attributes(), applied), actor));
            if (excluded(resulting) && state.status() == LifecycleStatus.ACTIVE) {
                events.add(new LifecycleChangedEvent(recordId, type, LifecycleStatus.ACTIVE, LifecycleStatus.SUSPENDED,
                        "exclusion screening hit", actor));
            }
            now = state.evolve(events);
        } else {
            link(state, source, command.matchedOn(), actor, events);
        }
        if (!held.isEmpty()) {
            hold(now, source, held, submitted, actor, command.changeRequestId(), contradicted, null, events);
        } else {
            supersede(now, contradicted, source, null, events);
        }
        SubmissionOutcome outcome = !applied.isEmpty() ? SubmissionOutcome.UPDATED
                : !held.isEmpty() || !alreadyPending.isEmpty() ? SubmissionOutcome.PENDING_APPROVAL
                : SubmissionOutcome.UNCHANGED;
        return Submitted.of(events, new SubmissionResult(outcome, recordId, results, List.of()));
    }

    /**
     * Whether {@code source}, stating the current value of {@code attribute} again, revokes the held change: it
     * came from the same source record (the system of record for the attribute), and this submission is newer.
     * A steward's proposal or another source's change is not revoked by a source repeating the current value.
     */
    private static boolean revokes(RecordState state, SourceRef source, ChangeHeldForApprovalEvent held,
                                   GovernancePolicy policy, String attribute) {
        if (held == null || !held.source().key().equals(source.key())
                || !policy.owns(source.system(), state.type(), attribute)) {
            return false;
        }
        Long heldVersion = held.source().sourceVersion();
        return source.sourceVersion() == null || heldVersion == null || source.sourceVersion() > heldVersion;
    }

    /** A new source record matched on an identifier is linked to the record (once). */
    private static void link(RecordState state, SourceRef source, String matchedOn, Actor actor,
                             List<Object> events) {
        if (matchedOn != null && !state.sources().containsKey(source.key())
                && events.stream().noneMatch(SourceRecordLinkedEvent.class::isInstance)) {
            events.add(new SourceRecordLinkedEvent(state.recordId(), state.type(), source, matchedOn, actor));
        }
    }

    /**
     * The requests a newer submission from {@code source} superseded: the record drops their held values;
     * {@code laterId} holds them anew (null: the source stated the current values again).
     */
    private static void supersede(RecordState state, Collection<String> requests, SourceRef source, String laterId,
                                  List<Object> events) {
        for (String earlier : requests) {
            events.add(new PendingChangeReleasedEvent(state.recordId(), state.type(), earlier,
                    state.heldChanges().get(earlier).held().stream().map(HeldAttribute::attribute).toList(),
                    ChangeRequestStatus.SUPERSEDED, source, laterId));
        }
    }

    /**
     * Holds the change for approval in change request {@code changeRequestId}. An attribute can wait in one request
     * only: a later proposal for an attribute that is already pending supersedes the earlier request (the latest word
     * of the source or steward wins the queue; stewards then decide on it), as do the requests in
     * {@code contradicted}. An attribute of a superseded request that {@code held} does not name is dropped with it.
     */
    static void hold(RecordState state, SourceRef source, List<HeldAttribute> held, MasterAttributes submitted,
                     Actor actor, String changeRequestId, Collection<String> contradicted, String reason,
                     List<Object> events) {
        List<String> names = held.stream().map(HeldAttribute::attribute).toList();
        Set<String> superseded = new LinkedHashSet<>(contradicted);
        for (String attribute : names) {
            String earlier = state.pendingRequestOf().get(attribute);
            if (earlier != null) {
                superseded.add(earlier);
            }
        }
        supersede(state, superseded, source, changeRequestId, events);
        events.add(new ChangeHeldForApprovalEvent(state.recordId(), state.type(), source, held,
                Attributes.only(submitted, names), Attributes.only(state.attributes(), names), actor,
                changeRequestId, reason));
    }

    /**
     * A steward proposes an edit: every attribute it changes waits for approval (at least one approval from another
     * steward; the rules file's number where it asks for more). Refused when the record is retired, when the edit
     * changes nothing, and when the record would break a record rule. Answers the change request's id.
     */
    public static Decision<String> propose(RecordState state, HoldProposedChangeCommand command,
                                           GovernancePolicy policy, RecordValidator validator) {
        if (state.isRetired()) {
            return Decision.refused(retired(state));
        }
        MasterAttributes proposed = command.proposed();
        List<String> changed = Attributes.changed(state.attributes(), proposed);
        if (changed.isEmpty()) {
            return Decision.refused(new Refusal(ErrorCode.VALIDATION_FAILED, "NO_CHANGE",
                    "the proposal changes no attribute of record " + state.recordId()));
        }
        List<Violation> violations = validator.validate(
                Attributes.merge(state.attributes(), Attributes.only(proposed, changed)), false);
        if (!violations.isEmpty()) {
            Violation first = violations.get(0);
            return Decision.refused(new Refusal(ErrorCode.VALIDATION_FAILED, first.code(),
                    first.field() + ": " + first.message()));
        }
        List<HeldAttribute> held = new ArrayList<>();
        Map<String, Object> current = Attributes.values(state.attributes());
        Map<String, Object> values = Attributes.values(proposed);
        for (String attribute : changed) {
            AttributeGroup group = policy.group(state.type(), attribute);
            held.add(heldAttribute(attribute, group, policy.heldChange(state.type(), attribute,
                    current.get(attribute), values.get(attribute))
                    .map(change -> policy.approvalSteps(state.type(), change))
                    .orElse(policy.approvalSteps(group)), policy));
        }
        List<Object> events = new ArrayList<>();
        hold(state, new SourceRef(SourceSystem.STEWARD, command.actor().name(), null), held, proposed,
                command.actor(), command.changeRequestId(), List.of(), command.reason(), events);
        return Decision.of(events, command.changeRequestId());
    }

    /**
     * The change request's last approval came: its values are applied if the record would still be valid. Answers
     * why they cannot be (nothing applied); refused when the record holds no change of the request.
     */
    public static Decision<List<Violation>> applyApproved(RecordState state, ApplyApprovedChangeCommand command,
                                                          RecordValidator validator) {
        ChangeHeldForApprovalEvent held = state.heldChanges().get(command.changeRequestId());
        if (held == null) {
            return Decision.refused(new Refusal(ErrorCode.CONFLICT, "NOT_PENDING",
                    "record " + state.recordId() + " holds no change of request " + command.changeRequestId()));
        }
        if (state.isRetired()) {
            return Decision.of(List.of(), List.of(new Violation("id", "RECORD_RETIRED",
                    "the golden record was retired meanwhile")));
        }
        List<String> names = held.held().stream().map(HeldAttribute::attribute).toList();
        List<Violation> violations = validator.validate(Attributes.merge(state.attributes(), held.proposed()), false);
        if (!violations.isEmpty()) {
            return Decision.of(List.of(), violations);
        }
        List<Object> events = new ArrayList<>();
        events.add(new RecordChangedEvent(state.recordId(), state.type(), held.source(), names, held.proposed(),
                Attributes.only(state.attributes(), names), command.approver(), command.changeRequestId()));
        if (state.type() == EntityType.CONTRACT) {
            events.addAll(ContractDecisions.approved(state.evolve(events), names, command.approver(),
                    command.changeRequestId(), validator));
        }
        return Decision.of(events, List.of());
    }

    /** The change request ended without approval (rejected, withdrawn, expired): the held values are dropped. */
    public static Decision<Void> release(RecordState state, ReleaseHeldChangeCommand command) {
        ChangeHeldForApprovalEvent held = state.heldChanges().get(command.changeRequestId());
        if (held == null) {
            return Decision.of(List.of(), null);
        }
        return Decision.of(List.of(new PendingChangeReleasedEvent(state.recordId(), state.type(),
                command.changeRequestId(), held.held().stream().map(HeldAttribute::attribute).toList(),
                command.outcome())), null);
    }

    /**
     * Why a lifecycle change to {@code target} cannot be applied now (empty: it can): the record was merged, or the
     * lifecycle rules forbid it.
     */
    public static List<Violation> lifecycleViolations(RecordState state, LifecycleStatus target,
                                                      ReferenceLookup lookup) {
        if (state.mergedInto() != null) {
            return List.of(new Violation("id", "RECORD_MERGED", "the record was merged into " + state.mergedInto()));
        }
        return LifecycleRules.check(state.facts(), target, lookup);
    }

    /**
     * A steward's lifecycle change (or an approved request for one): applied if the lifecycle rules allow it now.
     * Answers why not (nothing applied).
     */
    public static Decision<List<Violation>> changeLifecycle(RecordState state, ApplyLifecycleChangeCommand command,
                                                            ReferenceLookup lookup) {
        List<Violation> violations = lifecycleViolations(state, command.target(), lookup);
        if (!violations.isEmpty()) {
            return Decision.of(List.of(), violations);
        }
        return Decision.of(List.of(new LifecycleChangedEvent(state.recordId(), state.type(), state.status(),
                command.target(), command.reason(), command.actor(), command.changeRequestId())), List.of());
    }

    /** The record is merged into the survivor: it retires and its source records move. Answers those. */
    public static Decision<List<SourceRef>> mergeInto(RecordState state, MergeRecordIntoCommand command) {
        if (state.isRetired()) {
            return Decision.refused(notMergeable(state));
        }
        List<SourceRef> moved = List.copyOf(state.sources().values());
        return Decision.of(List.of(new RecordMergedEvent(state.recordId(), state.type(), command.survivorId(), moved,
                command.reason(), command.actor(), command.changeRequestId())), moved);
    }

    /** The record survives a merge and takes over the merged record's source records. */
    public static Decision<Void> absorb(RecordState state, AbsorbMergedSourcesCommand command) {
        if (state.isRetired()) {
            return Decision.refused(notMergeable(state));
        }
        return Decision.of(List.of(new SourceRecordsMovedEvent(state.recordId(), state.type(), command.mergedId(),
                command.sources(), command.actor())), null);
    }

    /** Why a retired record cannot take part in a merge; null when it can. */
    public static Refusal notMergeable(RecordState state) {
        return state.isRetired() ? new Refusal(ErrorCode.CONFLICT, "RECORD_RETIRED",
                "record " + state.recordId() + " is retired and cannot take part in a merge") : null;
    }

    /** A contract re-checks its prices after an item's approved change ({@link ContractDecisions}). */
    public static Decision<String> recheckPrices(RecordState state, RecheckContractPricesCommand command,
                                                 GovernancePolicy policy, ReferenceLookup lookup) {
        if (state.type() != EntityType.CONTRACT || state.isRetired()) {
            return Decision.of(List.of(), null);
        }
        return ContractDecisions.recheckPrices(state, command, policy, lookup);
    }

    private static Refusal retired(RecordState state) {
        return new Refusal(ErrorCode.CONFLICT, state.mergedInto() == null ? "RECORD_RETIRED" : "RECORD_MERGED",
                "the golden record is retired and takes no more changes");
    }

    /**
     * An attribute held for approval in {@code steps}; the event names the steps only when they are not one step of
     * the type's approver role (so a rules file without steps decides exactly as before steps existed).
     */
    private static HeldAttribute heldAttribute(String attribute, AttributeGroup group, List<ApprovalStep> steps,
                                               GovernancePolicy policy) {
        boolean oneApproverStep = steps.size() == 1 && steps.get(0).role().equals(policy.approverRole(group.type()));
        return new HeldAttribute(attribute, group.name(), ApprovalStep.total(steps), group.evidenceRequired(),
                oneApproverStep ? null : steps);
    }

    private static AttributeResult pendingApproval(String attribute, String reason, List<ApprovalStep> steps) {
        int required = ApprovalStep.total(steps);
        return new AttributeResult(attribute, AttributeStatus.PENDING_APPROVAL, "APPROVAL_REQUIRED",
                "held for steward approval (" + reason + ", " + required + " approval" + (required > 1 ? "s" : "")
                        + (steps.size() > 1 ? " in steps: " + String.join(" then ", steps.stream()
                        .map(step -> step.role() + " x" + step.approvals()).toList()) : "")
                        + ")");
    }

    private static AttributeResult notOwned(GovernancePolicy policy, EntityType type, String attribute) {
        AttributeGroup group = policy.group(type, attribute);
        return new AttributeResult(attribute, AttributeStatus.NOT_SYSTEM_OF_RECORD, "NOT_SYSTEM_OF_RECORD",
                group.name() + " is owned by " + group.owners().stream().map(Enum::name).sorted().toList());
    }

    /** The results of a rejected submission: what would have been applied was not. */
    private static List<AttributeResult> notApplied(List<AttributeResult> results) {
        return results.stream().map(r -> r.status() == AttributeStatus.APPLIED
                ? new AttributeResult(r.attribute(), AttributeStatus.INVALID, "NOT_APPLIED",
                "not applied: the submission was rejected (see errors)")
                : r).toList();
    }

    /** Violations as the field errors of an answer. */
    public static List<FieldError> errors(List<Violation> violations) {
        return violations.stream().map(v -> new FieldError(v.field(), v.code(), v.message())).toList();
    }
}
