package io.mdg.graphql.error;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

import org.axonframework.messaging.HandlerExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;

import io.mdg.api.error.ErrorCode;
import io.mdg.api.error.MdgErrorDetails;

/**
 * What a failed command or query means for a client: its error code and a message meant for the client, from the
 * {@link MdgErrorDetails} of a command-side rejection when present. Nothing internal leaks: unexpected failures
 * are logged here and described as INTERNAL with a generic message.
 */
public final class Failures {

    private static final Logger log = LoggerFactory.getLogger(Failures.class);

    private Failures() {
    }

    public static MdgErrorDetails describe(Throwable thrown, String context) {
        Throwable ex = ErrorCodeResolver.unwrap(thrown);
        if (ex instanceof ApiException api) {
            return new MdgErrorDetails(api.code(), api.getMessage(), List.of());
        }
        if (ex instanceof TimeoutException) {
            return new MdgErrorDetails(ErrorCode.TIMEOUT, "The service did not answer in time; retrying is safe",
                    List.of());
        }
        if (ex instanceof AccessDeniedException) {
            return new MdgErrorDetails(ErrorCode.FORBIDDEN, "Forbidden: the caller's roles do not allow this operation",
                    List.of());
        }
        if (ex instanceof HandlerExecutionException hee) {
            Optional<MdgErrorDetails> details = hee.getDetails()
                    .filter(MdgErrorDetails.class::isInstance).map(MdgErrorDetails.class::cast);
            if (details.isPresent()) {
                return details.get();
            }
        }
        log.error("Unexpected failure in {}", context, ex);
        return new MdgErrorDetails(ErrorCode.INTERNAL, "Internal error; see the service log", List.of());
    }
}
