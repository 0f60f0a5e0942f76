package io.mdg.command.changerequest;

import javax.annotation.Nonnull;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

import io.mdg.api.changerequest.ChangeRequestCommand;

/** Routes a {@link ChangeRequestCommand} to its change request (core-api's commands carry no Axon annotations). */
public class ChangeRequestCommandTargetResolver implements CommandTargetResolver {

    @Override
    public VersionedAggregateIdentifier resolveTarget(@Nonnull CommandMessage<?> command) {
        if (command.getPayload() instanceof ChangeRequestCommand requestCommand) {
            return new VersionedAggregateIdentifier(requestCommand.changeRequestId(), null);
        }
        throw new IllegalArgumentException(command.getPayloadType().getSimpleName()
                + " names no change request: it is not a " + ChangeRequestCommand.class.getSimpleName());
    }
}
