package io.mdg.command.routing;

import java.util.function.Function;

import javax.annotation.Nonnull;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/**
 * Routes the commands of one kind (a core-api interface such as {@code RecordCommand}) to the aggregate their payload
 * names: core-api's commands carry no Axon annotations, so each aggregate names its resolver
 * ({@code @Aggregate(commandTargetResolver = ...)}).
 *
 * @param <C> the kind of command
 */
public class PayloadTargetResolver<C> implements CommandTargetResolver {

    private final Class<C> kind;
    private final Function<C, String> target;

    public PayloadTargetResolver(Class<C> kind, Function<C, String> target) {
        this.kind = kind;
        this.target = target;
    }

    @Override
    public VersionedAggregateIdentifier resolveTarget(@Nonnull CommandMessage<?> command) {
        if (kind.isInstance(command.getPayload())) {
            return new VersionedAggregateIdentifier(target.apply(kind.cast(command.getPayload())), null);
        }
        throw new IllegalArgumentException(command.getPayloadType().getSimpleName() + " is not a "
                + kind.getSimpleName() + ": it names no aggregate to route to");
    }
}
