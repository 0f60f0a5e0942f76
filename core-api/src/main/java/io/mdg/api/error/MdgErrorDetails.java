package io.mdg.api.error;

import java.util.List;

import io.mdg.api.submission.FieldError;

/**
 * The typed business-error contract: travels as the details of an Axon {@code CommandExecutionException} or
 * {@code QueryExecutionException} so that the edge can answer with a code, also when the command side runs in
 * another JVM.
 */
public record MdgErrorDetails(ErrorCode code, String message, List<FieldError> fieldErrors) {

    public MdgErrorDetails {
        fieldErrors = fieldErrors == null ? List.of() : List.copyOf(fieldErrors);
    }
}
