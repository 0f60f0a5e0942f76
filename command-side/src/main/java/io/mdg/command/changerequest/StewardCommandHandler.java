package io.mdg.command.changerequest;

import java.util.List;

import org.axonframework.commandhandling.CommandHandler;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.model.Attributes;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.record.AbsorbMergedSourcesCommand;
import io.mdg.api.record.ApplyLifecycleChangeCommand;
import io.mdg.api.record.ChangeLifecycleCommand;
import io.mdg.api.record.MergeRecordIntoCommand;
import io.mdg.api.record.MergeRecordsCommand;
import io.mdg.api.submission.FieldError;
import io.mdg.command.lookup.CommandLookups;
import io.mdg.command.record.CommandRefusedException;
import io.mdg.command.record.ExistingRecords;
import io.mdg.command.record.GovernedRecords;
import io.mdg.rules.Violation;
import io.mdg.rules.decision.RecordDecider;
import io.mdg.rules.decision.RecordState;
import io.mdg.rules.decision.Refusal;
import io.mdg.command.record.PolicyInForce;
import io.mdg.rules.policy.GovernancePolicy;
import io.mdg.rules.policy.MergeRisk;

/**
 * A steward's commands on whole golden records: lifecycle changes under the lifecycle rules, and merges of
 * duplicates. Where the rules file's {@code stewardActions} asks for approval, the command is checked now (so that
 * a request that could never be applied is refused at once) and opens a change request; the action is applied when
 * the request's last approval comes, after checking again against the record as it is then
 * ({@link #applyApprovedLifecycle}, {@link #applyApprovedMerge}). Each command answers the id of the change request
 * it opened, or null when it was applied at once. The records decide and apply the actions themselves.
 */
public class StewardCommandHandler {

    private final GovernedRecords records;
    private final CommandLookups lookups;
    private final PolicyInForce rules;
    private final ChangeRequests changeRequests;

    public StewardCommandHandler(GovernedRecords records, CommandLookups lookups, GovernancePolicy policy,
                                 ChangeRequests changeRequests) {
        this(records, lookups, PolicyInForce.of(policy), changeRequests);
    }

    /** Steward actions decided under the rules in force at the time ({@link PolicyInForce}). */
    public StewardCommandHandler(GovernedRecords records, CommandLookups lookups, PolicyInForce rules,
                                 ChangeRequests changeRequests) {
        this.records = records;
        this.lookups = lookups;
        this.rules = rules;
        this.changeRequests = changeRequests;
    }

    @CommandHandler
    public String handle(ChangeLifecycleCommand command) throws Exception {
        ExistingRecords.require(lookups, command.type(), command.recordId());
        int approvals = rules.policy().stewardActions(command.type()).lifecycleApprovals(command.target());
        if (approvals > 0) {
            RecordState record = records.state(command.recordId());
            List<Violation> violations = RecordDecider.lifecycleViolations(record, command.target(), lookups);
            if (!violations.isEmpty()) {
                throw refusal(violations.get(0));
            }
            return changeRequests.openLifecycle(command.type(), command.recordId(), record.status(),
                    command.target(), command.reason(), command.actor(), approvals);
        }
        List<FieldError> errors = records.send(new ApplyLifecycleChangeCommand(command.recordId(), command.target(),
                command.reason(), command.actor(), null));
        if (!errors.isEmpty()) {
            throw new CommandRefusedException(ErrorCode.CONFLICT, errors.get(0).code(), errors.get(0).message());
        }
        return null;
    }

    @CommandHandler
    public String handle(MergeRecordsCommand command) throws Exception {
        // both must exist and be of the type, and neither may be retired
        ExistingRecords.require(lookups, command.type(), command.survivorId());
        ExistingRecords.require(lookups, command.type(), command.mergedId());
        MasterAttributes merged = mergeable(command.mergedId()).attributes();
        MasterAttributes survivor = mergeable(command.survivorId()).attributes();
        MergeRisk risk = MergeRisk.assess(rules.policy(), command.type(), merged, survivor);
        if (risk.approvals() > 0) {
            return changeRequests.openMerge(command.type(), command.mergedId(), command.survivorId(),
                    command.reason(), command.actor(), risk, merged, survivor);
        }
        merge(command.survivorId(), command.mergedId(), command.reason(), command.actor(), null);
        return null;
    }

    /**
     * A lifecycle change request got its last approval: applied if the lifecycle rules still allow it (the record
     * may have changed since the request), with the approver as actor. Answers the errors otherwise (nothing
     * applied).
     */
    public List<FieldError> applyApprovedLifecycle(String recordId, LifecycleStatus target, String reason,
                                                   Actor approver, String changeRequestId) {
        return records.send(new ApplyLifecycleChangeCommand(recordId, target, reason, approver, changeRequestId));
    }

    /**
     * A merge request got its last approval: merged if both records can still take part and the HIGH-risk
     * differences are still those the approvers saw ({@code attributes} with {@code before}, the merged record's
     * values, and {@code after}, the survivor's); else nothing is merged and the merge must be proposed again.
     */
    public List<FieldError> applyApprovedMerge(EntityType type, String survivorId, String mergedId, String reason,
                                               Actor approver, String changeRequestId, List<String> attributes,
                                               MasterAttributes before, MasterAttributes after) {
        RecordState merged = records.state(mergedId);
        RecordState survivor = records.state(survivorId);
        for (RecordState record : List.of(merged, survivor)) {
            if (record.isRetired()) {
                return List.of(new FieldError("id", "RECORD_RETIRED",
                        "record " + record.recordId() + " was retired meanwhile"));
            }
        }
        MergeRisk now = MergeRisk.assess(rules.policy(), type, merged.attributes(), survivor.attributes());
        if (!now.attributes().equals(attributes) || (now.changesHighRisk()
                && (!Attributes.only(merged.attributes(), attributes).equals(before)
                || !Attributes.only(survivor.attributes(), attributes).equals(after)))) {
            return List.of(new FieldError("id", "MERGE_DIFFERENCES_CHANGED", "the high-risk attributes of "
                    + mergedId + " or " + survivorId + " changed since the merge was requested; propose it again"));
        }
        merge(survivorId, mergedId, reason, approver, changeRequestId);
        return List.of();
    }

    private RecordState mergeable(String recordId) {
        RecordState record = records.state(recordId);
        Refusal refusal = RecordDecider.notMergeable(record);
        if (refusal != null) {
            throw CommandRefusedException.of(refusal);
        }
        return record;
    }

    private void merge(String survivorId, String mergedId, String reason, Actor actor, String changeRequestId) {
        List<SourceRef> moved = records.send(new MergeRecordIntoCommand(mergedId, survivorId, reason, actor,
                changeRequestId));
        records.send(new AbsorbMergedSourcesCommand(survivorId, mergedId, moved, actor));
    }

    private static CommandRefusedException refusal(Violation violation) {
        return CommandRefusedException.of(Refusal.conflict(violation));
    }
}
