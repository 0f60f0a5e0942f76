package io.mdg.command.delegation;

import javax.annotation.Nonnull;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;

import io.mdg.api.delegation.DelegationCommand;
import io.mdg.api.error.ErrorCode;
import io.mdg.command.record.CommandRefusedException;

/** A command to a delegation that does not exist is refused as NOT_FOUND with its id. Registered on the command bus. */
public class UnknownDelegations implements MessageHandlerInterceptor<CommandMessage<?>> {

    @Override
    public Object handle(@Nonnull UnitOfWork<? extends CommandMessage<?>> unitOfWork,
                         @Nonnull InterceptorChain interceptorChain) throws Exception {
        try {
            return interceptorChain.proceed();
        } catch (AggregateNotFoundException e) {
            if (unitOfWork.getMessage().getPayload() instanceof DelegationCommand command
                    && command.delegationId().equals(e.getAggregateIdentifier())) {
                throw new CommandRefusedException(ErrorCode.NOT_FOUND, "NOT_FOUND",
                        "no delegation " + command.delegationId());
            }
            throw e;
        }
    }
}
