package io.mdg.command.idempotency;

import java.util.Optional;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import io.mdg.api.idempotency.IdempotencyClaim;

/**
 * Handles a command that carries an idempotency key ({@link IdempotencyClaim} in its metadata) at most once per key:
 * inside the command's unit of work (and so its transaction, the group's in a group commit), it claims the key
 * ({@link IdempotencyStore#claim}); a repeat of the same input is answered with the first answer and handles
 * nothing (no events), a different input or a repeat while the first is in flight is refused. The answer of a
 * command handled here is stored in the same transaction as its events: both are kept, or neither. A command that
 * fails (a refusal, an error) stores nothing: its transaction is rolled back, and a repeat is decided again.
 * Commands without a key pass straight through (one metadata lookup).
 */
public class IdempotentCommands implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final IdempotencyStore store;

    public IdempotentCommands(IdempotencyStore store) {
        this.store = store;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
            throws Exception {
        if (!unitOfWork.getMessage().getMetaData().containsKey(IdempotencyClaim.META_KEY)) {
            return chain.proceed();
        }
        IdempotencyClaim claim = IdempotencyClaim.from(unitOfWork.getMessage().getMetaData()).orElseThrow();
        Optional<IdempotencyStore.StoredAnswer> stored = store.claim(claim);
        if (stored.isPresent()) {
            return stored.get().value();
        }
        Object answer = chain.proceed();
        store.remember(claim, answer);
        return answer;
    }
}
