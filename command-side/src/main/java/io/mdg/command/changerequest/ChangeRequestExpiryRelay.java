package io.mdg.command.changerequest;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

import io.mdg.api.changerequest.ChangeRequestExpiredEvent;
import io.mdg.api.changerequest.ChangeRequestStatus;
import io.mdg.api.changerequest.ReleaseHeldChangeCommand;

/**
 * When a change request expires (a deadline, handled inside the change request), its golden record drops the held
 * values: relayed as a command, in a subscribing processor, right after the expiry is stored.
 */
@ProcessingGroup(ChangeRequests.POLICIES)
public class ChangeRequestExpiryRelay {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ChangeRequestExpiryRelay.class);

    private final CommandGateway commands;

    public ChangeRequestExpiryRelay(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(ChangeRequestExpiredEvent event) {
        commands.send(new ReleaseHeldChangeCommand(event.type(), event.recordId(), event.changeRequestId(),
                ChangeRequestStatus.EXPIRED)).whenComplete((result, failure) -> {
                    if (failure != null) {
                        log.error("Could not release the held change of expired change request {}",
                                event.changeRequestId(), failure);
                    } else {
                        log.info("Released the held change of expired change request {}", event.changeRequestId());
                    }
                });
    }
}
