package io.mdg.command.lookup;

import java.util.List;

import org.axonframework.commandhandling.CommandExecutionException;

import io.mdg.api.error.ErrorCode;
import io.mdg.api.error.MdgErrorDetails;
import io.mdg.api.submission.FieldError;

/**
 * A unique identifier or source record was claimed by two golden records at once (a lost race between nodes): the
 * whole command rolls back; a retry links to the record that won.
 */
public class DuplicateIdentifierException extends CommandExecutionException {

    public DuplicateIdentifierException(String what) {
        super(what + " was claimed concurrently by another golden record; retry", null,
                new MdgErrorDetails(ErrorCode.CONFLICT, what + " was claimed concurrently by another golden record; retry",
                        List.of(new FieldError("", "CONCURRENT_CLAIM", what))));
    }
}
