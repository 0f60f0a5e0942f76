package io.mdg.command.record;

import javax.annotation.Nonnull;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

import io.mdg.api.record.RecordCommand;

/** Routes a {@link RecordCommand} to its golden record (core-api's commands carry no Axon annotations). */
public class RecordCommandTargetResolver implements CommandTargetResolver {

    @Override
    public VersionedAggregateIdentifier resolveTarget(@Nonnull CommandMessage<?> command) {
        if (command.getPayload() instanceof RecordCommand recordCommand) {
            return new VersionedAggregateIdentifier(recordCommand.recordId(), null);
        }
        throw new IllegalArgumentException(command.getPayloadType().getSimpleName()
                + " names no golden record: it is not a " + RecordCommand.class.getSimpleName());
    }
}
