package io.mdg.command.changerequest;

import javax.annotation.Nonnull;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;

import io.mdg.api.changerequest.ChangeRequestCommand;
import io.mdg.api.error.ErrorCode;
import io.mdg.command.record.CommandRefusedException;

/**
 * A decision on a change request that does not exist is refused as NOT_FOUND with its id (Axon would fail it with
 * an {@link AggregateNotFoundException} before the request's handler runs). Registered on the command bus.
 */
public class UnknownChangeRequests implements MessageHandlerInterceptor<CommandMessage<?>> {

    @Override
    public Object handle(@Nonnull UnitOfWork<? extends CommandMessage<?>> unitOfWork,
                         @Nonnull InterceptorChain interceptorChain) throws Exception {
        try {
            return interceptorChain.proceed();
        } catch (AggregateNotFoundException e) {
            if (unitOfWork.getMessage().getPayload() instanceof ChangeRequestCommand command
                    && command.changeRequestId().equals(e.getAggregateIdentifier())) {
                throw new CommandRefusedException(ErrorCode.NOT_FOUND, "NOT_FOUND",
                        "no change request " + command.changeRequestId());
            }
            throw e;
        }
    }
}
