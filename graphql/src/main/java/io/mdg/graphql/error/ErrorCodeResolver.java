package io.mdg.graphql.error;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.axonframework.messaging.HandlerExecutionException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.queryhandling.NoHandlerForQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.error.MdgErrorDetails;

/**
 * Maps every failure of a data fetcher to a GraphQL error with a machine-readable {@code extensions.code} (and, for a
 * command-side refusal with field errors, {@code extensions.reason}: the first one's code, e.g. SELF_APPROVAL). Nothing
 * internal leaks: unexpected failures are logged here and answered as INTERNAL with a generic message.
 */
@Component
@org.springframework.context.annotation.Profile("edge")
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ErrorCodeResolver extends DataFetcherExceptionResolverAdapter {

    private static final Logger log = LoggerFactory.getLogger(ErrorCodeResolver.class);

    @Override
    protected GraphQLError resolveToSingleError(Throwable thrown, DataFetchingEnvironment env) {
        Throwable ex = unwrap(thrown);
        if (ex instanceof ApiException api) {
            return error(env, api.code(), api.getMessage());
        }
        if (ex instanceof AccessDeniedException) {
            logDenied(env, ex);
            return error(env, ErrorCode.FORBIDDEN, "Forbidden: the caller's roles do not allow this operation");
        }
        if (ex instanceof AuthenticationException) {
            return error(env, ErrorCode.UNAUTHENTICATED, "Unauthenticated");
        }
        if (ex instanceof TimeoutException) {
            return error(env, ErrorCode.TIMEOUT, "The service did not answer in time; retrying is safe");
        }
        if (ex instanceof HandlerExecutionException hee) {
            Optional<MdgErrorDetails> details = hee.getDetails()
                    .filter(MdgErrorDetails.class::isInstance).map(MdgErrorDetails.class::cast);
            if (details.isPresent()) {
                MdgErrorDetails d = details.get();
                String reason = d.fieldErrors().isEmpty() ? null : d.fieldErrors().get(0).code();
                return error(env, d.code(), d.message(), reason);
            }
        }
        if (ex instanceof NoHandlerForCommandException || ex instanceof NoHandlerForQueryException) {
            log.error("No handler available for {}", env.getField().getName(), ex);
            return error(env, ErrorCode.INTERNAL, "The service cannot handle this operation right now");
        }
        log.error("Unexpected failure in {}", env.getField().getName(), ex);
        return error(env, ErrorCode.INTERNAL, "Internal error; see the service log");
    }

    /** A denied attempt, for the security log: operation, caller and correlation id (never the token). */
    private static void logDenied(DataFetchingEnvironment env, Throwable ex) {
        org.springframework.security.core.Authentication auth =
                org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
        log.warn("Denied {} to {}: {} [correlationId={}]", env.getField().getName(),
                auth == null ? "anonymous" : auth.getName(), ex.getMessage(),
                io.mdg.graphql.correlation.Correlation.find().orElse("-"));
    }

    static Throwable unwrap(Throwable ex) {
        Throwable current = ex;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static GraphQLError error(DataFetchingEnvironment env, ErrorCode code, String message) {
        return error(env, code, message, null);
    }

    /** {@code reason}: the rule that refused it (the first field error's code of a command-side refusal), if any. */
    private static GraphQLError error(DataFetchingEnvironment env, ErrorCode code, String message, String reason) {
        Map<String, Object> extensions = reason == null
                ? Map.of("code", code.name())
                : Map.of("code", code.name(), "reason", reason);
        return GraphqlErrorBuilder.newError(env)
                .errorType(errorType(code))
                .message(message)
                .extensions(extensions)
                .build();
    }

    static ErrorType errorType(ErrorCode code) {
        return switch (code) {
            case BAD_REQUEST, VALIDATION_FAILED, CONFLICT, QUERY_TOO_DEEP, QUERY_TOO_COMPLEX, TOO_MANY_ALIASES,
                 TOO_MANY_ROOT_FIELDS, REQUEST_TOO_LARGE, RATE_LIMITED, RESPONSE_TOO_LARGE -> ErrorType.BAD_REQUEST;
            case UNAUTHENTICATED -> ErrorType.UNAUTHORIZED;
            case FORBIDDEN -> ErrorType.FORBIDDEN;
            case NOT_FOUND -> ErrorType.NOT_FOUND;
            case TIMEOUT, INTERNAL, UNAVAILABLE -> ErrorType.INTERNAL_ERROR;
        };
    }
}
