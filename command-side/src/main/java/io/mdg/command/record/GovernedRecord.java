package io.mdg.command.record;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.changerequest.ChangeRequestStatus;
import io.mdg.api.changerequest.PendingChangeReleasedEvent;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.model.Attributes;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.model.ScreeningStatus;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.ChangeHeldForApprovalEvent;
import io.mdg.api.record.HeldAttribute;
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
import io.mdg.api.submission.SubmissionResult;
import io.mdg.rules.Violation;
import io.mdg.rules.policy.AttributeGroup;
import io.mdg.rules.policy.GovernancePolicy;
import io.mdg.rules.policy.HeldValueChange;
import io.mdg.rules.policy.Risk;

/**
 * A governed golden record, event sourced. The four entity aggregates ({@code Supplier}, {@code Item},
 * {@code Contract}, {@code Location}) share this behaviour: a source submission is decided attribute by attribute
 * under the system-of-record policy (owned and low risk: applied; not owned: refused; high risk: held for approval),
 * stale and repeated submissions change nothing, and the record that would result must pass the record rules before
 * any event is applied. Inputs arrive normalised and with references resolved ({@link SubmissionHandler}).
 */
public abstract class GovernedRecord {

    @AggregateIdentifier
    private String recordId;
    private EntityType type;
    private LifecycleStatus status;
    private MasterAttributes attributes;
    private String mergedInto;
    /** The last version seen per source record key ({@code SYSTEM:sourceId}). */
    private final Map<String, Long> lastSourceVersion = new HashMap<>();
    /** The source records that map to this record, by key. */
    private final Map<String, SourceRef> sources = new LinkedHashMap<>();
    /** Proposed values held for approval, by attribute, so that a retried proposal is not held twice. */
    private final Map<String, Object> pending = new HashMap<>();
    /** The change request each pending attribute waits in. */
    private final Map<String, String> pendingRequestOf = new HashMap<>();
    /** The proposals held for approval, by change request. */
    private final Map<String, ChangeHeldForApprovalEvent> heldChanges = new LinkedHashMap<>();
    /**
     * What the last decision held and superseded, and the submission that superseded (not state: read right after a
     * command by the handler).
     */
    private transient ChangeHeldForApprovalEvent lastHeld;
    private transient List<String> lastSuperseded = List.of();
    private transient SourceRef lastSupersedingSource;
    /** Whether the last submission was a redelivery of a version already seen that changed nothing (not state). */
    private transient boolean lastRedelivered;

    protected GovernedRecord() {
        // for Axon
    }

    /**
     * Creates the golden record from a new source record: the attributes the source owns are applied, the others
     * are refused as NOT_SYSTEM_OF_RECORD. The values of groups the rules file holds on creation (a new supplier's
     * bank account) are not trusted yet: the record is created without them and holds them for approval in change
     * request {@code changeRequestId} ({@link #lastHeld()}).
     */
    protected GovernedRecord(String recordId, SourceRef source, MasterAttributes submitted, Actor actor,
                             GovernancePolicy policy, RecordValidator validator, String changeRequestId) {
        EntityType entityType = submitted.entityType();
        List<AttributeResult> results = new ArrayList<>();
        List<String> applied = new ArrayList<>();
        List<HeldAttribute> held = new ArrayList<>();
        for (String attribute : Attributes.values(submitted).keySet()) {
            AttributeGroup group = policy.group(entityType, attribute);
            if (!policy.owns(source.system(), entityType, attribute)) {
                results.add(notOwned(policy, entityType, attribute));
            } else if (group.heldOnCreation()) {
                held.add(heldAttribute(attribute, group));
                results.add(pendingApproval(attribute, group.name(), group.approvals()));
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
            throw new SubmissionRejectedException(notApplied(results), errors(violations));
        }
        apply(new RecordRegisteredEvent(recordId, entityType, source, initial, actor));
        if (initial instanceof SupplierAttributes s && s.screeningStatus() == ScreeningStatus.EXCLUDED) {
            // (in a constructor, Axon applies the events after it returns: use the arguments, not the fields)
            apply(new LifecycleChangedEvent(recordId, entityType, LifecycleStatus.ACTIVE,
                    LifecycleStatus.SUSPENDED, "exclusion screening hit", actor));
        }
        if (!held.isEmpty()) {
            ChangeHeldForApprovalEvent event = new ChangeHeldForApprovalEvent(recordId, entityType, source, held,
                    Attributes.only(submitted, heldNames), Attributes.only(initial, heldNames), actor,
                    changeRequestId);
            apply(event);
            this.lastHeld = event;
        }
        this.creationResult = new SubmissionResult(SubmissionOutcome.CREATED, recordId, results, List.of());
    }

    private static HeldAttribute heldAttribute(String attribute, AttributeGroup group) {
        return heldAttribute(attribute, group, group.approvals());
    }

    private static HeldAttribute heldAttribute(String attribute, AttributeGroup group, int approvals) {
        return new HeldAttribute(attribute, group.name(), Math.max(1, approvals), group.evidenceRequired());
    }

    private static AttributeResult pendingApproval(String attribute, String reason, int approvals) {
        int required = Math.max(1, approvals);
        return new AttributeResult(attribute, AttributeStatus.PENDING_APPROVAL, "APPROVAL_REQUIRED",
                "held for steward approval (" + reason + ", " + required + " approval" + (required > 1 ? "s" : "")
                        + ")");
    }

    /** The answer of the creating submission (not part of the state: only read right after construction). */
    private transient SubmissionResult creationResult;

    public SubmissionResult creationResult() {
        return creationResult;
    }

    /**
     * Decides a source's submission for this record and applies what it may change. {@code matchedOn} is set when
     * the source record is new and was matched to this record by an identifier: unless the submission is rejected,
     * the source record is then linked to this record first.
     */
    public SubmissionResult submit(SourceRef source, MasterAttributes submitted, Actor actor, String matchedOn,
                                   GovernancePolicy policy, RecordValidator validator, String changeRequestId) {
        return submit(source, submitted, actor, matchedOn, policy, validator, changeRequestId, null);
    }

    /**
     * As above; {@code today} (from the command, never the clock here) lets contract rules see backdating: a
     * contract's effective-from date or a new price dated before today, and a price that moves by more than the
     * rules file's threshold, are held for approval although their groups are low risk.
     */
    public SubmissionResult submit(SourceRef source, MasterAttributes submitted, Actor actor, String matchedOn,
                                   GovernancePolicy policy, RecordValidator validator, String changeRequestId,
                                   LocalDate today) {
        Map<String, String> escalated = escalations(submitted, actor, policy, validator, today);
        lastHeld = null;
        lastSuperseded = List.of();
        lastSupersedingSource = null;
        lastRedelivered = false;
        if (status == LifecycleStatus.RETIRED) {
            return SubmissionResult.rejected(recordId, List.of(new FieldError("id",
                    mergedInto == null ? "RECORD_RETIRED" : "RECORD_MERGED",
                    mergedInto == null ? "the golden record is retired and takes no more changes"
                            : "the golden record was merged into " + mergedInto)));
        }
        Long last = lastSourceVersion.get(source.key());
        if (source.sourceVersion() != null && last != null && source.sourceVersion() < last) {
            return new SubmissionResult(SubmissionOutcome.STALE, recordId, List.of(), List.of());
        }
        List<AttributeResult> results = new ArrayList<>();
        List<String> applied = new ArrayList<>();
        List<HeldAttribute> held = new ArrayList<>();
        // attributes sent with the value already pending; the requests this submission contradicts (supersedes)
        List<HeldAttribute> alreadyPending = new ArrayList<>();
        Set<String> contradicted = new LinkedHashSet<>();
        Map<String, Object> current = Attributes.values(attributes);
        for (Map.Entry<String, Object> sent : Attributes.values(submitted).entrySet()) {
            String attribute = sent.getKey();
            String waiting = pendingRequestOf.get(attribute);
            if (Objects.equals(sent.getValue(), current.get(attribute))) {
                if (waiting != null && revokes(source, heldChanges.get(waiting), policy, attribute)) {
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
                // A change the rules file holds by its values (e.g. screening EXCLUDED -> CLEAR) although low risk.
                Optional<HeldValueChange> heldChange = policy.heldChange(type, attribute, current.get(attribute),
                        sent.getValue());
                String reason = heldChange.map(HeldValueChange::reason).orElse(escalated.get(attribute));
                if (group.risk() == Risk.HIGH || reason != null) {
                    int approvals = heldChange.map(HeldValueChange::approvals).orElse(group.approvals());
                    results.add(pendingApproval(attribute, reason != null ? reason : group.name(), approvals));
                    if (Objects.equals(pending.get(attribute), sent.getValue())) {
                        alreadyPending.add(heldAttribute(attribute, group, approvals));
                    } else {
                        held.add(heldAttribute(attribute, group, approvals));
                        if (waiting != null) {
                            contradicted.add(waiting);
                        }
                    }
                } else {
                    applied.add(attribute);
                    results.add(AttributeResult.of(attribute, AttributeStatus.APPLIED));
                }
            }
        }
        // A value still pending in a request that this submission supersedes is held anew with the rest.
        for (HeldAttribute attribute : alreadyPending) {
            if (contradicted.contains(pendingRequestOf.get(attribute.attribute()))) {
                held.add(attribute);
            }
        }
        if (applied.isEmpty() && held.isEmpty() && contradicted.isEmpty()) {
            // A version already seen again (a retry or a broker's redelivery): its refused attributes were audited
            // when it first came, so the handler does not audit them once more.
            // (A source record that was only linked so far has its version in its cross-reference.)
            SourceRef known = sources.get(source.key());
            Long seen = last != null ? last : known == null ? null : known.sourceVersion();
            lastRedelivered = source.sourceVersion() != null && seen != null && source.sourceVersion() <= seen;
            link(source, matchedOn, actor);
            return new SubmissionResult(alreadyPending.isEmpty() ? SubmissionOutcome.UNCHANGED
                    : SubmissionOutcome.PENDING_APPROVAL, recordId, results, List.of());
        }
        if (source.sourceVersion() != null && last != null && source.sourceVersion() <= last) {
            // Same version, different content: not newer than what was seen, so it is not applied.
            return new SubmissionResult(SubmissionOutcome.STALE, recordId, List.of(), List.of());
        }
        if (!held.isEmpty()) {
            // A held change must be one that could be applied: a parent that closes a cycle or packaging that contains
            // itself is refused at once, not put before stewards (the last approval checks again).
            List<String> changing = new ArrayList<>(applied);
            held.forEach(h -> changing.add(h.attribute()));
            List<Violation> violations = validator.validate(
                    Attributes.merge(attributes, Attributes.only(submitted, changing)), false);
            if (!violations.isEmpty()) {
                return new SubmissionResult(SubmissionOutcome.REJECTED, recordId, notApplied(results),
                        errors(violations));
            }
        }
        if (!applied.isEmpty()) {
            MasterAttributes resulting = Attributes.merge(attributes, Attributes.only(submitted, applied));
            List<Violation> violations = validator.validate(resulting, false);
            if (!violations.isEmpty()) {
                return new SubmissionResult(SubmissionOutcome.REJECTED, recordId, notApplied(results),
                        errors(violations));
            }
            link(source, matchedOn, actor);
            apply(new RecordChangedEvent(recordId, type, source, applied, Attributes.only(submitted, applied),
                    Attributes.only(attributes, applied), actor));
            if (resulting instanceof SupplierAttributes s && s.screeningStatus() == ScreeningStatus.EXCLUDED
                    && status == LifecycleStatus.ACTIVE) {
                apply(new LifecycleChangedEvent(recordId, type, LifecycleStatus.ACTIVE, LifecycleStatus.SUSPENDED,
                        "exclusion screening hit", actor));
            }
        }
        link(source, matchedOn, actor);
        if (!held.isEmpty()) {
            hold(source, held, submitted, actor, changeRequestId, contradicted);
        } else {
            supersede(contradicted, source);
        }
        SubmissionOutcome outcome = !applied.isEmpty() ? SubmissionOutcome.UPDATED
                : !held.isEmpty() || !alreadyPending.isEmpty() ? SubmissionOutcome.PENDING_APPROVAL
                : SubmissionOutcome.UNCHANGED;
        return new SubmissionResult(outcome, recordId, results, List.of());
    }

    /**
     * Whether {@code source}, stating the current value of {@code attribute} again, revokes the held change: it
     * came from the same source record (the system of record for the attribute), and this submission is newer.
     * A steward's proposal or another source's change is not revoked by a source repeating the current value.
     */
    private boolean revokes(SourceRef source, ChangeHeldForApprovalEvent held, GovernancePolicy policy,
                            String attribute) {
        if (held == null || !held.source().key().equals(source.key())
                || !policy.owns(source.system(), type, attribute)) {
            return false;
        }
        Long heldVersion = held.source().sourceVersion();
        return source.sourceVersion() == null || heldVersion == null || source.sourceVersion() > heldVersion;
    }

    /** The requests a newer submission from {@code source} superseded: the record drops their held values. */
    private void supersede(Collection<String> requests, SourceRef source) {
        for (String earlier : requests) {
            apply(new PendingChangeReleasedEvent(recordId, type, earlier,
                    heldChanges.get(earlier).held().stream().map(HeldAttribute::attribute).toList(),
                    ChangeRequestStatus.SUPERSEDED, source));
        }
        lastSuperseded = List.copyOf(requests);
        lastSupersedingSource = requests.isEmpty() ? null : source;
    }

    /**
     * The attributes of a submission that need approval although their groups are low risk, with the reason for
     * each (contracts: prices beyond the threshold, backdating); none by default.
     */
    protected Map<String, String> escalations(MasterAttributes submitted, Actor actor, GovernancePolicy policy,
                                              RecordValidator validator, LocalDate today) {
        return Map.of();
    }

    /** Called when an approved change of {@code attributes} has just been applied; nothing by default. */
    protected void approved(List<String> attributes, Actor approver, String changeRequestId,
                            RecordValidator validator) {
    }

    /**
     * Holds the change for approval in a new change request. An attribute can wait in one request only: a later
     * proposal for an attribute that is already pending supersedes the earlier request (the latest word of the
     * source or steward wins the queue; stewards then decide on it), as do the requests in {@code contradicted}.
     * An attribute of a superseded request that {@code held} does not name is dropped with it.
     */
    protected void hold(SourceRef source, List<HeldAttribute> held, MasterAttributes submitted, Actor actor,
                        String changeRequestId, Collection<String> contradicted) {
        List<String> names = held.stream().map(HeldAttribute::attribute).toList();
        Set<String> superseded = new LinkedHashSet<>(contradicted);
        for (String attribute : names) {
            String earlier = pendingRequestOf.get(attribute);
            if (earlier != null) {
                superseded.add(earlier);
            }
        }
        supersede(superseded, source);
        ChangeHeldForApprovalEvent event = new ChangeHeldForApprovalEvent(recordId, type, source, held,
                Attributes.only(submitted, names), Attributes.only(attributes, names), actor, changeRequestId);
        apply(event);
        lastHeld = event;
    }

    /**
     * A steward proposes an edit: every attribute it changes waits for approval (at least one approval from another
     * steward; the rules file's number where it asks for more). Refused when it changes nothing.
     */
    public void propose(MasterAttributes proposed, Actor actor, GovernancePolicy policy, RecordValidator validator,
                        String changeRequestId) {
        lastHeld = null;
        lastSuperseded = List.of();
        lastSupersedingSource = null;
        requireOpen();
        List<String> changed = Attributes.changed(attributes, proposed);
        if (changed.isEmpty()) {
            throw new CommandRefusedException(ErrorCode.VALIDATION_FAILED, "NO_CHANGE",
                    "the proposal changes no attribute of record " + recordId);
        }
        List<Violation> violations = validator.validate(Attributes.merge(attributes, Attributes.only(proposed, changed)), false);
        if (!violations.isEmpty()) {
            Violation first = violations.get(0);
            throw new CommandRefusedException(ErrorCode.VALIDATION_FAILED, first.code(), first.field() + ": " + first.message());
        }
        List<HeldAttribute> held = new ArrayList<>();
        Map<String, Object> current = Attributes.values(attributes);
        Map<String, Object> values = Attributes.values(proposed);
        for (String attribute : changed) {
            AttributeGroup group = policy.group(type, attribute);
            held.add(heldAttribute(attribute, group, policy.heldChange(type, attribute, current.get(attribute),
                    values.get(attribute)).map(HeldValueChange::approvals).orElse(group.approvals())));
        }
        hold(new SourceRef(SourceSystem.STEWARD, actor.name(), null), held, proposed, actor, changeRequestId,
                List.of());
    }

    /** The change request's last approval came: apply its values, if the record would still be valid. */
    public List<Violation> applyApproved(String changeRequestId, Actor approver, RecordValidator validator) {
        ChangeHeldForApprovalEvent held = heldChanges.get(changeRequestId);
        if (held == null) {
            throw new CommandRefusedException(ErrorCode.CONFLICT, "NOT_PENDING",
                    "record " + recordId + " holds no change of request " + changeRequestId);
        }
        if (status == LifecycleStatus.RETIRED) {
            return List.of(new Violation("id", "RECORD_RETIRED", "the golden record was retired meanwhile"));
        }
        List<String> names = held.held().stream().map(HeldAttribute::attribute).toList();
        List<Violation> violations = validator.validate(Attributes.merge(attributes, held.proposed()), false);
        if (!violations.isEmpty()) {
            return violations;
        }
        apply(new RecordChangedEvent(recordId, type, held.source(), names, held.proposed(),
                Attributes.only(attributes, names), approver, changeRequestId));
        approved(names, approver, changeRequestId, validator);
        return List.of();
    }

    /** The change request ended without approval (rejected, withdrawn, expired): the held values are dropped. */
    public void release(String changeRequestId, ChangeRequestStatus outcome) {
        ChangeHeldForApprovalEvent held = heldChanges.get(changeRequestId);
        if (held != null) {
            apply(new PendingChangeReleasedEvent(recordId, type, changeRequestId,
                    held.held().stream().map(HeldAttribute::attribute).toList(), outcome));
        }
    }

    /** Whether a change of the attribute waits for approval. */
    protected boolean isPending(String attribute) {
        return pendingRequestOf.containsKey(attribute);
    }

    public ChangeHeldForApprovalEvent lastHeld() {
        return lastHeld;
    }

    public List<String> lastSuperseded() {
        return lastSuperseded;
    }

    /** The source record (and version) of the submission that superseded {@link #lastSuperseded()}. */
    public SourceRef lastSupersedingSource() {
        return lastSupersedingSource;
    }

    /** Whether the last submission repeated a source version already seen and changed nothing. */
    public boolean lastRedelivered() {
        return lastRedelivered;
    }

    private void requireOpen() {
        if (status == LifecycleStatus.RETIRED) {
            throw new CommandRefusedException(ErrorCode.CONFLICT, mergedInto == null ? "RECORD_RETIRED" : "RECORD_MERGED",
                    "the golden record is retired and takes no more changes");
        }
    }

    private void link(SourceRef source, String matchedOn, Actor actor) {
        if (matchedOn != null && !sources.containsKey(source.key())) {
            apply(new SourceRecordLinkedEvent(recordId, type, source, matchedOn, actor));
        }
    }

    /**
     * Refuses a lifecycle change to {@code target} that cannot be applied: the record was merged, or the lifecycle
     * rules' verdict ({@code violations}) is against it. Applies nothing.
     */
    public void requireLifecycleChange(LifecycleStatus target, List<Violation> violations) {
        List<Violation> refusal = lifecycleRefusal(target, violations);
        if (!refusal.isEmpty()) {
            throw StewardCommandHandler.refusal(refusal.get(0));
        }
    }

    /** Why a lifecycle change to {@code target} cannot be applied (empty: it can). */
    public List<Violation> lifecycleRefusal(LifecycleStatus target, List<Violation> violations) {
        if (mergedInto != null) {
            return List.of(new Violation("id", "RECORD_MERGED", "the record was merged into " + mergedInto));
        }
        return violations;
    }

    /**
     * A steward's lifecycle change; {@code violations} are the lifecycle rules' verdict. {@code changeRequestId}
     * names the approved change request it comes from (null: applied at once).
     */
    public void changeLifecycle(LifecycleStatus target, String reason, Actor actor, List<Violation> violations,
                                String changeRequestId) {
        requireLifecycleChange(target, violations);
        apply(new LifecycleChangedEvent(recordId, type, status, target, reason, actor, changeRequestId));
    }

    /** This record is merged into the survivor: retired, its source records move. */
    public List<SourceRef> mergeInto(String survivorId, String reason, Actor actor, String changeRequestId) {
        requireMergeable();
        List<SourceRef> moved = List.copyOf(sources.values());
        apply(new RecordMergedEvent(recordId, type, survivorId, moved, reason, actor, changeRequestId));
        return moved;
    }

    /** This record survives a merge and takes over the merged record's source records. */
    public void absorb(String mergedId, List<SourceRef> moved, Actor actor) {
        requireMergeable();
        apply(new SourceRecordsMovedEvent(recordId, type, mergedId, moved, actor));
    }

    public void requireMergeable() {
        if (status == LifecycleStatus.RETIRED) {
            throw new CommandRefusedException(ErrorCode.CONFLICT, "RECORD_RETIRED",
                    "record " + recordId + " is retired and cannot take part in a merge");
        }
    }

    public String recordId() {
        return recordId;
    }

    public EntityType type() {
        return type;
    }

    public LifecycleStatus status() {
        return status;
    }

    public MasterAttributes attributes() {
        return attributes;
    }

    public boolean hasSource(SourceRef source) {
        return sources.containsKey(source.key());
    }

    private static AttributeResult notOwned(GovernancePolicy policy, EntityType type, String attribute) {
        AttributeGroup group = policy.group(type, attribute);
        return new AttributeResult(attribute, AttributeStatus.NOT_SYSTEM_OF_RECORD, "NOT_SYSTEM_OF_RECORD",
                group.name() + " is owned by " + group.owners().stream().map(Enum::name).sorted().toList());
    }

    /** The results of a rejected submission: what would have been applied was not. */
    static List<AttributeResult> notApplied(List<AttributeResult> results) {
        return results.stream().map(r -> r.status() == AttributeStatus.APPLIED
                ? new AttributeResult(r.attribute(), AttributeStatus.INVALID, "NOT_APPLIED",
                "not applied: the submission was rejected (see errors)")
                : r).toList();
    }

    static List<FieldError> errors(List<Violation> violations) {
        return violations.stream().map(v -> new FieldError(v.field(), v.code(), v.message())).toList();
    }

    @EventSourcingHandler
    void on(RecordRegisteredEvent event) {
        this.recordId = event.recordId();
        this.type = event.type();
        this.status = LifecycleStatus.ACTIVE;
        this.attributes = event.attributes();
        seen(event.source());
    }

    @EventSourcingHandler
    void on(SourceRecordLinkedEvent event) {
        sources.put(event.source().key(), event.source());
    }

    @EventSourcingHandler
    void on(RecordChangedEvent event) {
        this.attributes = Attributes.merge(attributes, event.values());
        if (event.changeRequestId() != null) {
            forget(event.changeRequestId());
        } else {
            seen(event.source());
        }
    }

    @EventSourcingHandler
    void on(ChangeHeldForApprovalEvent event) {
        Attributes.values(event.proposed()).forEach(pending::put);
        if (event.changeRequestId() != null) {
            heldChanges.put(event.changeRequestId(), event);
            event.held().forEach(h -> pendingRequestOf.put(h.attribute(), event.changeRequestId()));
        }
        seen(event.source());
    }

    @EventSourcingHandler
    void on(PendingChangeReleasedEvent event) {
        forget(event.changeRequestId());
        if (event.supersedingSource() != null) {
            seen(event.supersedingSource());
        }
    }

    private void forget(String changeRequestId) {
        ChangeHeldForApprovalEvent held = heldChanges.remove(changeRequestId);
        if (held != null) {
            for (HeldAttribute attribute : held.held()) {
                if (changeRequestId.equals(pendingRequestOf.get(attribute.attribute()))) {
                    pendingRequestOf.remove(attribute.attribute());
                    pending.remove(attribute.attribute());
                }
            }
        }
    }

    @EventSourcingHandler
    void on(LifecycleChangedEvent event) {
        this.status = event.to();
    }

    @EventSourcingHandler
    void on(RecordMergedEvent event) {
        this.status = LifecycleStatus.RETIRED;
        this.mergedInto = event.survivorId();
        this.sources.clear();
    }

    @EventSourcingHandler
    void on(SourceRecordsMovedEvent event) {
        for (SourceRef source : event.sources()) {
            sources.put(source.key(), source);
            if (source.sourceVersion() != null) {
                lastSourceVersion.merge(source.key(), source.sourceVersion(), Math::max);
            }
        }
    }

    private void seen(SourceRef source) {
        sources.merge(source.key(), source, (old, now) -> now.sourceVersion() != null ? now : old);
        if (source.sourceVersion() != null) {
            lastSourceVersion.merge(source.key(), source.sourceVersion(), Math::max);
        }
    }
}
