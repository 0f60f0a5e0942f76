package io.mdg.command.screening;

import javax.annotation.Nonnull;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/**
 * The command target resolver of {@link SupplierScreening} and {@link ImportedExclusionList}: they take no commands
 * over the bus (the {@link ExclusionScreeningHandler} writes them in its own unit of work), so it names no target.
 */
public class ScreeningTargets implements CommandTargetResolver {

    /** The bean name the aggregates name. */
    public static final String BEAN = "screeningCommandTargetResolver";

    @Override
    public VersionedAggregateIdentifier resolveTarget(@Nonnull CommandMessage<?> command) {
        throw new IllegalArgumentException(command.getPayloadType().getSimpleName()
                + " cannot be sent to an exclusion screening: screenings are written by the exclusion-list import");
    }
}
