package io.mdg.command.record;

import java.util.List;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.model.Attributes;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.record.ChangeLifecycleCommand;
import io.mdg.api.record.MergeRecordsCommand;
import io.mdg.command.changerequest.ChangeRequests;
import io.mdg.command.lookup.CommandLookups;
import io.mdg.rules.Violation;
import io.mdg.rules.policy.GovernancePolicy;
import io.mdg.rules.policy.MergeRisk;
import io.mdg.rules.policy.StewardActions;
import io.mdg.rules.record.LifecycleRules;
import io.mdg.rules.record.RecordFacts;

/**
 * A steward's commands on whole golden records: lifecycle changes under the lifecycle rules, and merges of
 * duplicates. Where the rules file's {@code stewardActions} asks for approval, the command is checked now (so that
 * a request that could never be applied is refused at once) and opens a change request; the action is applied when
 * the request's last approval comes, after checking again against the record as it is then
 * ({@link #applyApprovedLifecycle}, {@link #applyApprovedMerge}). Each command answers the id of the change request
 * it opened, or null when it was applied at once.
 */
public class StewardCommandHandler {

    private final RecordRepositories repositories;
    private final CommandLookups lookups;
    private final GovernancePolicy policy;
    private final ChangeRequests changeRequests;

    public StewardCommandHandler(RecordRepositories repositories, CommandLookups lookups, GovernancePolicy policy,
                                 ChangeRequests changeRequests) {
        this.repositories = repositories;
        this.lookups = lookups;
        this.policy = policy;
        this.changeRequests = changeRequests;
    }

    @CommandHandler
    public String handle(ChangeLifecycleCommand command) throws Exception {
        ExistingRecords.require(lookups, command.type(), command.recordId());
        Aggregate<GovernedRecord> record = repositories.load(command.type(), command.recordId());
        record.execute(r -> r.requireLifecycleChange(command.target(), lifecycleViolations(r, command.target())));
        int approvals = actions(command.type()).lifecycleApprovals(command.target());
        if (approvals > 0) {
            LifecycleStatus from = record.invoke(GovernedRecord::status);
            return changeRequests.openLifecycle(command.type(), command.recordId(), from, command.target(),
                    command.reason(), command.actor(), approvals);
        }
        record.execute(r -> r.changeLifecycle(command.target(), command.reason(), command.actor(),
                lifecycleViolations(r, command.target()), null));
        return null;
    }

    @CommandHandler
    public String handle(MergeRecordsCommand command) throws Exception {
        // both must exist and be of the type, and neither may be retired
        ExistingRecords.require(lookups, command.type(), command.survivorId());
        ExistingRecords.require(lookups, command.type(), command.mergedId());
        MasterAttributes merged = repositories.load(command.type(), command.mergedId()).invoke(record -> {
            record.requireMergeable();
            return record.attributes();
        });
        MasterAttributes survivor = repositories.load(command.type(), command.survivorId()).invoke(record -> {
            record.requireMergeable();
            return record.attributes();
        });
        MergeRisk risk = MergeRisk.assess(policy, command.type(), merged, survivor);
        if (risk.approvals() > 0) {
            return changeRequests.openMerge(command.type(), command.mergedId(), command.survivorId(),
                    command.reason(), command.actor(), risk, merged, survivor);
        }
        merge(command.type(), command.survivorId(), command.mergedId(), command.reason(), command.actor(), null);
        return null;
    }

    /**
     * A lifecycle change request got its last approval: applied if the lifecycle rules still allow it (the record
     * may have changed since the request), with the approver as actor. Answers the violations otherwise (nothing
     * applied).
     */
    public List<Violation> applyApprovedLifecycle(EntityType type, String recordId, LifecycleStatus target,
                                                  String reason, Actor approver, String changeRequestId) {
        Aggregate<GovernedRecord> record = repositories.load(type, recordId);
        List<Violation> violations = record.invoke(r -> r.lifecycleRefusal(target, lifecycleViolations(r, target)));
        if (violations.isEmpty()) {
            record.execute(r -> r.changeLifecycle(target, reason, approver, List.of(), changeRequestId));
        }
        return violations;
    }

    /**
     * A merge request got its last approval: merged if both records can still take part and the HIGH-risk
     * differences are still those the approvers saw ({@code attributes} with {@code before}, the merged record's
     * values, and {@code after}, the survivor's); else nothing is merged and the merge must be proposed again.
     */
    public List<Violation> applyApprovedMerge(EntityType type, String survivorId, String mergedId, String reason,
                                              Actor approver, String changeRequestId, List<String> attributes,
                                              MasterAttributes before, MasterAttributes after) {
        for (String id : List.of(mergedId, survivorId)) {
            if (repositories.load(type, id).invoke(GovernedRecord::status) == LifecycleStatus.RETIRED) {
                return List.of(new Violation("id", "RECORD_RETIRED", "record " + id + " was retired meanwhile"));
            }
        }
        MasterAttributes merged = repositories.load(type, mergedId).invoke(GovernedRecord::attributes);
        MasterAttributes survivor = repositories.load(type, survivorId).invoke(GovernedRecord::attributes);
        MergeRisk now = MergeRisk.assess(policy, type, merged, survivor);
        if (!now.attributes().equals(attributes) || (now.changesHighRisk()
                && (!Attributes.only(merged, attributes).equals(before)
                || !Attributes.only(survivor, attributes).equals(after)))) {
            return List.of(new Violation("id", "MERGE_DIFFERENCES_CHANGED", "the high-risk attributes of "
                    + mergedId + " or " + survivorId + " changed since the merge was requested; propose it again"));
        }
        merge(type, survivorId, mergedId, reason, approver, changeRequestId);
        return List.of();
    }

    private void merge(EntityType type, String survivorId, String mergedId, String reason, Actor actor,
                       String changeRequestId) {
        List<SourceRef> moved = repositories.load(type, mergedId)
                .invoke(record -> record.mergeInto(survivorId, reason, actor, changeRequestId));
        repositories.load(type, survivorId).execute(record -> record.absorb(mergedId, moved, actor));
    }

    private List<Violation> lifecycleViolations(GovernedRecord record, LifecycleStatus target) {
        RecordFacts current = new RecordFacts(record.recordId(), record.type(), record.status(), record.attributes());
        return LifecycleRules.check(current, target, lookups);
    }

    private StewardActions actions(EntityType type) {
        return policy.stewardActions(type);
    }

    static CommandRefusedException refusal(Violation violation) {
        return new CommandRefusedException(ErrorCode.CONFLICT, violation.code(), violation.message());
    }
}
