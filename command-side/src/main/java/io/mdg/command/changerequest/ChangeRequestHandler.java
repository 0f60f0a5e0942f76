package io.mdg.command.changerequest;

import java.util.List;

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
import io.mdg.api.changerequest.ReleaseHeldChangeCommand;
import io.mdg.api.changerequest.WithdrawChangeRequestCommand;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.record.ApplyApprovedChangeCommand;
import io.mdg.api.record.HoldProposedChangeCommand;
import io.mdg.api.record.RecheckContractPricesCommand;
import io.mdg.api.submission.FieldError;
import io.mdg.command.lookup.CommandLookups;
import io.mdg.command.record.CommandRefusedException;
import io.mdg.command.record.ExistingRecords;
import io.mdg.command.record.GovernedRecords;
import io.mdg.rules.Violation;
import io.mdg.rules.decision.RecordState;
import io.mdg.rules.record.RecordFacts;
import io.mdg.rules.record.RecordRules;

/**
 * Stewards' proposals and decisions on change requests. A decision and its effect on the golden record happen in
 * one unit of work: the last approval applies the change (or rejects the request when the record would no longer
 * be valid), a rejection or withdrawal releases the held values. The records decide and apply the changes
 * themselves; a held change opens its request through {@link ChangeRequestOpener}.
 */
public class ChangeRequestHandler {

    private final ChangeRequests changeRequests;
    private final GovernedRecords records;
    private final CommandLookups lookups;
    private final StewardCommandHandler stewardActions;

    public ChangeRequestHandler(ChangeRequests changeRequests, GovernedRecords records, CommandLookups lookups,
                                StewardCommandHandler stewardActions) {
        this.changeRequests = changeRequests;
        this.records = records;
        this.lookups = lookups;
        this.stewardActions = stewardActions;
    }

    @CommandHandler
    public String handle(ProposeChangeCommand command) {
        RecordFacts facts = ExistingRecords.require(lookups, command.type(), command.recordId());
        if (command.actor().type() != Actor.ActorType.USER) {
            throw new CommandRefusedException(ErrorCode.FORBIDDEN, "SOURCE_CLIENT_CANNOT_PROPOSE",
                    "source systems submit their records; proposals are stewards' edits");
        }
        MasterAttributes proposed = RecordRules.normalize(command.proposed());
        List<Violation> violations = RecordRules.checkValues(proposed);
        if (!violations.isEmpty()) {
            throw new CommandRefusedException(ErrorCode.VALIDATION_FAILED, violations.get(0).code(),
                    violations.get(0).field() + ": " + violations.get(0).message());
        }
        return records.send(new HoldProposedChangeCommand(facts.id(), proposed, command.reason(), command.actor(),
                changeRequests.newId()));
    }

    @CommandHandler
    public void handle(ApproveChangeRequestCommand command) {
        Aggregate<ChangeRequest> request = load(command.changeRequestId());
        boolean complete = request.invoke(r -> r.approve(command.actor(), command.roles(), command.comment(),
                command.verificationNote()));
        if (!complete) {
            return;
        }
        String recordId = request.invoke(ChangeRequest::recordId);
        EntityType type = request.invoke(ChangeRequest::type);
        String id = command.changeRequestId();
        List<FieldError> errors = switch (request.invoke(ChangeRequest::action)) {
            case ATTRIBUTES -> records.send(new ApplyApprovedChangeCommand(recordId, id, command.actor()));
            case LIFECYCLE -> stewardActions.applyApprovedLifecycle(recordId,
                    request.invoke(ChangeRequest::targetStatus), request.invoke(ChangeRequest::reason),
                    command.actor(), id);
            case MERGE -> stewardActions.applyApprovedMerge(type, request.invoke(ChangeRequest::survivorId), recordId,
                    request.invoke(ChangeRequest::reason), command.actor(), id,
                    request.invoke(ChangeRequest::attributes), request.invoke(ChangeRequest::before),
                    request.invoke(ChangeRequest::after));
        };
        if (errors.isEmpty()) {
            request.execute(ChangeRequest::markApproved);
            if (type == EntityType.ITEM) {
                recheckContractPrices(recordId, command.actor());
            }
        } else {
            request.execute(r -> r.rejectAsInvalid(command.actor(), "the approved change can no longer be applied: "
                    + errors.get(0).field() + " " + errors.get(0).code() + " " + errors.get(0).message()));
            records.send(new ReleaseHeldChangeCommand(type, recordId, id, ChangeRequestStatus.REJECTED));
        }
        request.execute(r -> r.cancelDeadline(changeRequests.deadlines()));
    }

    /**
     * An item's approved change (of its packaging) may move the prices of the contracts that use it per base unit:
     * each such contract re-checks its lines against its baseline, with the item as it is now (the lookup tables
     * follow when this unit of work commits), and holds them in a change request of its own when they moved beyond
     * the threshold.
     */
    private void recheckContractPrices(String itemId, Actor approver) {
        RecordState item = records.state(itemId);
        for (RecordFacts contract : lookups.referencing(itemId)) {
            if (contract.type() != EntityType.CONTRACT || contract.status() == LifecycleStatus.RETIRED) {
                continue;
            }
            records.send(new RecheckContractPricesCommand(contract.id(), itemId, item.status(), item.attributes(),
                    approver, changeRequests.newId()));
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

    private void release(Aggregate<ChangeRequest> request, String id, ChangeRequestStatus outcome) {
        records.send(new ReleaseHeldChangeCommand(request.invoke(ChangeRequest::type),
                request.invoke(ChangeRequest::recordId), id, outcome));
    }

    private Aggregate<ChangeRequest> load(String id) {
        try {
            return changeRequests.repository().load(id);
        } catch (AggregateNotFoundException e) {
            throw new CommandRefusedException(ErrorCode.NOT_FOUND, "NOT_FOUND", "no change request " + id);
        }
    }
}
