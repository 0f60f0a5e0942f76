package io.mdg.query.store;

import java.util.List;

import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryExecutionException;
import org.axonframework.queryhandling.QueryMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.mdg.api.error.ErrorCode;
import io.mdg.api.error.MdgErrorDetails;

/**
 * Describes a query that failed because the read store cannot be reached (socket errors, timeouts, failover; see
 * {@link ReadStoreFailures}) as {@link ErrorCode#UNAVAILABLE}, so that callers learn that retrying later is safe
 * instead of getting an internal error. The description travels as the exception's details, which Axon carries to
 * an edge in another process; the edge never needs the MongoDB driver's classes. Other failures pass unchanged.
 */
public final class ReadStoreUnavailable implements MessageHandlerInterceptor<QueryMessage<?, ?>> {

    static final String MESSAGE = "The read store cannot be reached right now; retrying later is safe";

    private static final Logger log = LoggerFactory.getLogger(ReadStoreUnavailable.class);

    @Override
    public Object handle(UnitOfWork<? extends QueryMessage<?, ?>> unitOfWork, InterceptorChain chain) throws Exception {
        try {
            return chain.proceed();
        } catch (Exception e) {
            if (!ReadStoreFailures.isTransient(e)) {
                throw e;
            }
            log.warn("Query {} failed: the read store cannot be reached ({})", unitOfWork.getMessage().getQueryName(),
                    e.toString());
            throw new QueryExecutionException(MESSAGE, e, new MdgErrorDetails(ErrorCode.UNAVAILABLE, MESSAGE, List.of()));
        }
    }
}
