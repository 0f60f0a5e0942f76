package io.mdg.command.changerequest;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

import io.mdg.api.changerequest.ChangeRequestStatus;
import io.mdg.api.changerequest.PendingChangeReleasedEvent;
import io.mdg.api.record.ChangeHeldForApprovalEvent;

/**
 * A change a golden record holds for approval opens its change request, and a held change that a newer submission
 * superseded closes its request: in a subscribing processor, so in the unit of work and transaction of the record's
 * decision (a failure here fails the command, and a held change never lacks its request). The request's id is the
 * one the record's decision gave it, which the submission's answer names.
 */
@ProcessingGroup(ChangeRequests.POLICIES)
public class ChangeRequestOpener {


    private final ChangeRequests changeRequests;

    public ChangeRequestOpener(ChangeRequests changeRequests) {
        this.changeRequests = changeRequests;
    }

    @EventHandler
    void on(ChangeHeldForApprovalEvent event) throws Exception {
        if (event.changeRequestId() != null) {
            changeRequests.open(event);
        }
    }

    @EventHandler
    void on(PendingChangeReleasedEvent event) {
        if (event.outcome() == ChangeRequestStatus.SUPERSEDED) {
            changeRequests.supersede(event);
        }
    }
}
