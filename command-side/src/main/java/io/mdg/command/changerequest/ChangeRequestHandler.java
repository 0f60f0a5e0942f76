package io.mdg.command.changerequest;

import java.util.List;
import java.util.Optional;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.changerequest.ApproveChangeRequestCommand;
import io.mdg.api.changerequest.ChangeRequestStatus;
import io.mdg.api.changerequest.ProposeChangeCommand;
import io.mdg.api.changerequest.RejectChangeRequestCommand;
import io.mdg.api.changerequest.WithdrawChangeRequestCommand;
import io.mdg.api.error.ErrorCode;
import io.mdg.command.contract.Contract;
import io.mdg.command.lookup.CommandLookups;
import io.mdg.command.record.CommandRefusedException;
import io.mdg.command.record.ExistingRecords;
import io.mdg.command.record.GovernedRecord;
import io.mdg.command.record.RecordRepositories;
import io.mdg.command.record.RecordValidator;
import io.mdg.command.record.StewardCommandHandler;
import io.mdg.rules.Violation;
import io.mdg.rules.policy.GovernancePolicy;
import io.mdg.rules.record.RecordFacts;
import io.mdg.rules.record.RecordRules;
import io.mdg.rules.record.ReferenceLookup;

/**
 * Stewards' proposals and decisions on change requests. A decision and its effect on the golden record happen in
 * one unit of work: the last approval applies the change (or rejects the request when the record would no longer
 * be valid), a rejection or withdrawal releases the held values.
 */
public class ChangeRequestHandler {

    private final ChangeRequests changeRequests;
    private final RecordRepositories records;
    private final CommandLookups lookups;
    private final GovernancePolicy policy;
    private final java.util.function.Function<String, RecordValidator> validators;
    private final StewardCommandHandler stewardActions;

    public ChangeRequestHandler(ChangeRequests changeRequests, RecordRepositories records, CommandLookups lookups,
                                GovernancePolicy policy, java.util.function.Function<String, RecordValidator> validators,
                                StewardCommandHandler stewardActions) {
        this.changeRequests = changeRequests;
        this.records = records;
        this.lookups = lookups;
        this.policy = policy;
        this.validators = validators;
        this.stewardActions = stewardActions;
    }

    @CommandHandler
    public String handle(ProposeChangeCommand command) throws Exception {
        RecordFacts facts = ExistingRecords.require(lookups, command.type(), command.recordId());
        if (command.actor().type() != io.mdg.api.Actor.ActorType.USER) {
            throw new CommandRefusedException(ErrorCode.FORBIDDEN, "SOURCE_CLIENT_CANNOT_PROPOSE",
                    "source systems submit their records; proposals are stewards' edits");
        }
        var proposed = RecordRules.normalize(command.proposed());
        var violations = RecordRules.checkValues(proposed);
        if (!violations.isEmpty()) {
            throw new CommandRefusedException(ErrorCode.VALIDATION_FAILED, violations.get(0).code(),
                    violations.get(0).field() + ": " + violations.get(0).message());
        }
        String id = changeRequests.newId();
        Aggregate<GovernedRecord> record = records.load(facts.type(), facts.id());
        record.execute(r -> r.propose(proposed, command.actor(), policy, validators.apply(facts.id()), id));
        return changeRequests.openFor(record.invoke(r -> r), command.reason());
    }

    @CommandHandler
    public void handle(ApproveChangeRequestCommand command) throws Exception {
        Aggregate<ChangeRequest> request = load(command.changeRequestId());
        boolean complete = request.invoke(r -> r.approve(command.actor(), command.roles(), command.comment(),
                command.verificationNote()));
        if (!complete) {
            return;
        }
        String recordId = request.invoke(ChangeRequest::recordId);
        EntityType type = request.invoke(ChangeRequest::type);
        String id = command.changeRequestId();
        List<Violation> violations = switch (request.invoke(ChangeRequest::action)) {
            case ATTRIBUTES -> records.load(type, recordId)
                    .invoke(r -> r.applyApproved(id, command.actor(), validators.apply(recordId)));
            case LIFECYCLE -> stewardActions.applyApprovedLifecycle(type, recordId,
                    request.invoke(ChangeRequest::targetStatus), request.invoke(ChangeRequest::reason),
                    command.actor(), id);
            case MERGE -> stewardActions.applyApprovedMerge(type, request.invoke(ChangeRequest::survivorId), recordId,
                    request.invoke(ChangeRequest::reason), command.actor(), id,
                    request.invoke(ChangeRequest::attributes), request.invoke(ChangeRequest::before),
                    request.invoke(ChangeRequest::after));
        };
        if (violations.isEmpty()) {
            request.execute(ChangeRequest::markApproved);
            if (type == EntityType.ITEM) {
                recheckContractPrices(recordId, command.actor());
            }
        } else {
            request.execute(r -> r.rejectAsInvalid(command.actor(), "the approved change can no longer be applied: "
                    + violations.get(0).field() + " " + violations.get(0).code() + " " + violations.get(0).message()));
            records.load(type, recordId).execute(r -> r.release(id, ChangeRequestStatus.REJECTED));
        }
        request.execute(r -> r.cancelDeadline(changeRequests.deadlines()));
    }

    /**
     * An item's approved change (of its packaging) may move the prices of the contracts that use it per base unit:
     * each such contract re-checks its lines against its baseline, with the item as it is now (the lookup tables
     * follow when this unit of work commits), and holds them in a change request of its own when they moved beyond
     * the threshold.
     */
    private void recheckContractPrices(String itemId, Actor approver) throws Exception {
        RecordFacts item = records.load(EntityType.ITEM, itemId)
                .invoke(r -> new RecordFacts(r.recordId(), r.type(), r.status(), r.attributes()));
        ReferenceLookup items = new ReferenceLookup() {
            @Override
            public Optional<RecordFacts> find(String id) {
                return itemId.equals(id) ? Optional.of(item) : lookups.find(id);
            }

            @Override
            public List<RecordFacts> referencing(String id) {
                return lookups.referencing(id);
            }
        };
        for (RecordFacts contract : lookups.referencing(itemId)) {
            if (contract.type() != EntityType.CONTRACT || contract.status() == LifecycleStatus.RETIRED) {
                continue;
            }
            String id = changeRequests.newId();
            Aggregate<GovernedRecord> record = records.load(EntityType.CONTRACT, contract.id());
            String reason = record.invoke(r -> ((Contract) r).recheckPrices(items, approver, policy, id));
            if (reason != null) {
                changeRequests.openFor(record.invoke(r -> r), "the approved packaging change of item " + itemId
                        + " moved a price: " + reason);
            }
        }
    }

    @CommandHandler
    public void handle(RejectChangeRequestCommand command) {
        Aggregate<ChangeRequest> request = load(command.changeRequestId());
        request.execute(r -> r.reject(command.actor(), command.roles(), command.reason()));
        request.execute(r -> r.cancelDeadline(changeRequests.deadlines()));
        release(request, command.changeRequestId(), ChangeRequestStatus.REJECTED);
    }

    @CommandHandler
    public void handle(WithdrawChangeRequestCommand command) {
        Aggregate<ChangeRequest> request = load(command.changeRequestId());
        request.execute(r -> r.withdraw(command.actor(), command.reason()));
        request.execute(r -> r.cancelDeadline(changeRequests.deadlines()));
        release(request, command.changeRequestId(), ChangeRequestStatus.WITHDRAWN);
    }

    @CommandHandler
    public void handle(io.mdg.api.changerequest.ReleaseHeldChangeCommand command) {
        records.load(command.type(), command.recordId())
                .execute(r -> r.release(command.changeRequestId(), command.outcome()));
    }

    private void release(Aggregate<ChangeRequest> request, String id, ChangeRequestStatus outcome) {
        records.load(request.invoke(ChangeRequest::type), request.invoke(ChangeRequest::recordId))
                .execute(r -> r.release(id, outcome));
    }

    private Aggregate<ChangeRequest> load(String id) {
        try {
            return changeRequests.repository().load(id);
        } catch (AggregateNotFoundException e) {
            throw new CommandRefusedException(ErrorCode.NOT_FOUND, "NOT_FOUND", "no change request " + id);
        }
    }
}
