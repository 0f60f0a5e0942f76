package io.mdg.command.record;

import java.util.List;

import org.axonframework.commandhandling.CommandExecutionException;

import io.mdg.api.error.ErrorCode;
import io.mdg.api.error.MdgErrorDetails;
import io.mdg.api.submission.FieldError;
import io.mdg.command.groupcommit.RuleRefusal;
import io.mdg.rules.decision.Refusal;

/**
 * A command refused by a rule: travels with {@link MdgErrorDetails} so the edge answers with the code, also when the
 * command side runs in another JVM. {@code reason} is the rule's own code (e.g. HAS_ACTIVE_CONTRACTS).
 */
public class CommandRefusedException extends CommandExecutionException implements RuleRefusal {

    public CommandRefusedException(ErrorCode code, String reason, String message) {
        super(reason + ": " + message, null, new MdgErrorDetails(code, reason + ": " + message,
                List.of(new FieldError("", reason, message))));
    }

    /** A refusal naming several fields at once (e.g. every problem of a registration). */
    public CommandRefusedException(ErrorCode code, String message, List<FieldError> errors) {
        super(message, null, new MdgErrorDetails(code, message, List.copyOf(errors)));
    }

    /** A decision's refusal, as the command's failure. */
    public static CommandRefusedException of(Refusal refusal) {
        return new CommandRefusedException(refusal.errorCode(), refusal.code(), refusal.message());
    }
}
