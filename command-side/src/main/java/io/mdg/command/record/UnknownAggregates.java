package io.mdg.command.record;

import java.util.function.Function;

import javax.annotation.Nonnull;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;

/**
 * A command to an aggregate that does not exist (a change request, a delegation) is refused as NOT_FOUND naming what
 * was not found (Axon would fail it with an {@link AggregateNotFoundException} before the aggregate's handler runs).
 * One per kind of command, registered on the command bus.
 *
 * @param <C> the commands addressed to the aggregate
 */
public final class UnknownAggregates<C> implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final Class<C> commands;
    private final Function<C, String> id;
    private final String noun;

    /** @param noun what the message calls it, e.g. "change request" ("no change request &lt;id&gt;") */
    public UnknownAggregates(Class<C> commands, Function<C, String> id, String noun) {
        this.commands = commands;
        this.id = id;
        this.noun = noun;
    }

    @Override
    public Object handle(@Nonnull UnitOfWork<? extends CommandMessage<?>> unitOfWork,
                         @Nonnull InterceptorChain interceptorChain) throws Exception {
        try {
            return interceptorChain.proceed();
        } catch (AggregateNotFoundException e) {
            Object payload = unitOfWork.getMessage().getPayload();
            if (commands.isInstance(payload)) {
                String target = id.apply(commands.cast(payload));
                if (target != null && target.equals(e.getAggregateIdentifier())) {
                    throw new CommandRefusedException(io.mdg.api.error.ErrorCode.NOT_FOUND, "NOT_FOUND",
                            "no " + noun + " " + target);
                }
            }
            throw e;
        }
    }
}
