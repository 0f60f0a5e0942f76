package io.mdg.command.changerequest;

import java.util.List;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.changerequest.ChangeRequestApprovalRecordedEvent;
import io.mdg.api.changerequest.ChangeRequestRejectedEvent;
import io.mdg.api.changerequest.ChangeRequestStatus;
import io.mdg.api.changerequest.ChangeRequestWithdrawnEvent;
import io.mdg.api.changerequest.CompleteChangeRequestCommand;
import io.mdg.api.changerequest.ReleaseHeldChangeCommand;
import io.mdg.api.record.ApplyApprovedChangeCommand;
import io.mdg.api.record.RecheckContractPricesCommand;
import io.mdg.api.submission.FieldError;
import io.mdg.command.lookup.CommandLookups;
import io.mdg.command.record.GovernedRecords;
import io.mdg.rules.decision.RecordState;
import io.mdg.rules.record.RecordFacts;

/**
 * What a change request's decision does to its golden record, in the decision's unit of work and transaction (a
 * subscribing processor; a failure fails the decision): the last approval applies the change (a record's held
 * values, a lifecycle change, a merge) and completes the request, approved, or rejected when the record would no
 * longer be valid; a rejection or a withdrawal drops the values the record holds for it. (A superseded request's
 * values were dropped by the record itself; an expired request's are dropped by {@link ChangeRequestExpiryRelay}.)
 */
@ProcessingGroup(ChangeRequests.POLICIES)
public class ChangeRequestOutcomes {


    private final ChangeRequests changeRequests;
    private final GovernedRecords records;
    private final CommandLookups lookups;
    private final StewardCommandHandler stewardActions;

    public ChangeRequestOutcomes(ChangeRequests changeRequests, GovernedRecords records, CommandLookups lookups,
                                 StewardCommandHandler stewardActions) {
        this.changeRequests = changeRequests;
        this.records = records;
        this.lookups = lookups;
        this.stewardActions = stewardActions;
    }

    @EventHandler
    void on(ChangeRequestApprovalRecordedEvent event) {
        if (event.approvals() < event.required()) {
            return;
        }
        String id = event.changeRequestId();
        ChangeRequest request = changeRequests.request(id);
        Actor approver = event.approver();
        List<FieldError> errors = switch (request.action()) {
            case ATTRIBUTES -> records.send(new ApplyApprovedChangeCommand(request.recordId(), id, approver));
            case LIFECYCLE -> stewardActions.applyApprovedLifecycle(request.recordId(), request.targetStatus(),
                    request.reason(), approver, id);
            case MERGE -> stewardActions.applyApprovedMerge(request.type(), request.survivorId(),
                    request.recordId(), request.reason(), approver, id, request.attributes(), request.before(),
                    request.after());
        };
        changeRequests.send(new CompleteChangeRequestCommand(id, approver, errors));
        if (errors.isEmpty() && request.type() == EntityType.ITEM) {
            recheckContractPrices(request.recordId(), approver);
        }
    }

    @EventHandler
    void on(ChangeRequestRejectedEvent event) {
        release(event.changeRequestId(), ChangeRequestStatus.REJECTED);
    }

    @EventHandler
    void on(ChangeRequestWithdrawnEvent event) {
        if (!event.superseded()) {
            release(event.changeRequestId(), ChangeRequestStatus.WITHDRAWN);
        }
    }

    private void release(String changeRequestId, ChangeRequestStatus outcome) {
        ChangeRequest request = changeRequests.request(changeRequestId);
        records.send(new ReleaseHeldChangeCommand(request.type(), request.recordId(), changeRequestId, outcome));
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
}
