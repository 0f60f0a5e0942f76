package io.mdg.command.record;

import java.util.List;

import org.axonframework.commandhandling.CommandExecutionException;

import io.mdg.api.error.ErrorCode;
import io.mdg.api.error.MdgErrorDetails;
import io.mdg.api.submission.FieldError;

/**
 * A command refused by a rule: travels with {@link MdgErrorDetails} so the edge answers with the code, also when the
 * command side runs in another JVM. {@code reason} is the rule's own code (e.g. HAS_ACTIVE_CONTRACTS).
 */
public class CommandRefusedException extends CommandExecutionException {

    public CommandRefusedException(ErrorCode code, String reason, String message) {
        super(reason + ": " + message, null, new MdgErrorDetails(code, reason + ": " + message,
                List.of(new FieldError("", reason, message))));
    }
}
