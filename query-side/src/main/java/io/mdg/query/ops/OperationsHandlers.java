package io.mdg.query.ops;

import java.util.List;
import java.util.function.Supplier;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.queryhandling.QueryExecutionException;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.error.ErrorCode;
import io.mdg.api.error.MdgErrorDetails;
import io.mdg.api.ops.CheckConsistencyQuery;
import io.mdg.api.ops.ConsistencyReport;
import io.mdg.api.ops.DeadLetterAction;
import io.mdg.api.ops.DeadLetterActionEvent;
import io.mdg.api.ops.DeadLetterActionResult;
import io.mdg.api.ops.DeadLetterGroupView;
import io.mdg.api.ops.EvictDeadLettersCommand;
import io.mdg.api.ops.FindDeadLettersQuery;
import io.mdg.api.ops.ProjectionReplayRequestedEvent;
import io.mdg.api.ops.ReplayProjectionsCommand;
import io.mdg.api.ops.ReplayReport;
import io.mdg.api.ops.ReplayStatusQuery;
import io.mdg.api.ops.RetryDeadLettersCommand;

/**
 * The operators' messages, handled where the projections run: dead letters (list, retry, evict), replays and the
 * consistency check. Every action is published as an event (in the command's unit of work, so it carries the
 * request's correlation id) for the audit trail. Who may send them is the edge's business (admins only).
 */
@Component
@Profile("query")
public class OperationsHandlers {

    private final DeadLetters deadLetters;
    private final ProjectionReplays replays;
    private final ConsistencyChecker checker;
    private final EventGateway events;

    public OperationsHandlers(DeadLetters deadLetters, ProjectionReplays replays, ConsistencyChecker checker,
                              EventGateway events) {
        this.deadLetters = deadLetters;
        this.replays = replays;
        this.checker = checker;
        this.events = events;
    }

    @QueryHandler
    public List<DeadLetterGroupView> handle(FindDeadLettersQuery query) {
        return refusing(() -> deadLetters.find(query.processingGroup(), query.limit()), false);
    }

    @CommandHandler
    public DeadLetterActionResult handle(RetryDeadLettersCommand command) {
        DeadLetterActionResult result = refusing(() -> deadLetters.retry(command.processingGroup(),
                command.sequenceIdentifier()), true);
        events.publish(new DeadLetterActionEvent(DeadLetterAction.RETRIED, result.processingGroup(),
                command.sequenceIdentifier(), null, null, command.actor(), result.attempted(), result.succeeded(),
                result.remaining()));
        return result;
    }

    @CommandHandler
    public DeadLetterActionResult handle(EvictDeadLettersCommand command) {
        DeadLetterActionResult result = refusing(() -> {
            if (command.reason().isBlank()) {
                throw new IllegalArgumentException("an eviction needs a reason");
            }
            return deadLetters.evict(command.processingGroup(), command.sequenceIdentifier(), command.index());
        }, true);
        events.publish(new DeadLetterActionEvent(DeadLetterAction.EVICTED, result.processingGroup(),
                command.sequenceIdentifier(), command.index(), command.reason(), command.actor(), result.attempted(),
                result.succeeded(), result.remaining()));
        return result;
    }

    @CommandHandler
    public ReplayReport handle(ReplayProjectionsCommand command) {
        List<String> groups = refusing(() -> ProjectionGroups.resolve(command.processingGroup()), true);
        ReplayReport report = refusing(() -> replays.replay(command.processingGroup(), command.actor()), true);
        events.publish(new ProjectionReplayRequestedEvent(groups, command.actor()));
        return report;
    }

    @QueryHandler
    public ReplayReport handle(ReplayStatusQuery query) {
        return replays.status();
    }

    @QueryHandler
    public ConsistencyReport handle(CheckConsistencyQuery query) throws Exception {
        return checker.check(query.maxDifferences());
    }

    /**
     * Runs the task; a refusal (an unknown group: VALIDATION_FAILED, a group busy replaying: CONFLICT) travels as
     * the typed error contract, so that the edge answers with its code in any deployment.
     */
    private static <T> T refusing(Supplier<T> task, boolean command) {
        try {
            return task.get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            MdgErrorDetails details = new MdgErrorDetails(e instanceof IllegalArgumentException
                    ? ErrorCode.VALIDATION_FAILED : ErrorCode.CONFLICT, e.getMessage(), List.of());
            throw command ? new CommandExecutionException(e.getMessage(), null, details)
                    : new QueryExecutionException(e.getMessage(), null, details);
        }
    }
}
