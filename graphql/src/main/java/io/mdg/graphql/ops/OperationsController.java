package io.mdg.graphql.ops;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;

import io.mdg.api.Actor;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.ops.CheckConsistencyQuery;
import io.mdg.api.ops.ConsistencyReport;
import io.mdg.api.ops.DeadLetterActionResult;
import io.mdg.api.ops.DeadLetterGroupView;
import io.mdg.api.ops.EvictDeadLettersCommand;
import io.mdg.api.ops.FindDeadLettersQuery;
import io.mdg.api.ops.ReplayProjectionsCommand;
import io.mdg.api.ops.ReplayReport;
import io.mdg.api.ops.ReplayStatusQuery;
import io.mdg.api.ops.RetryDeadLettersCommand;
import io.mdg.graphql.correlation.Correlation;
import io.mdg.graphql.error.ApiException;
import io.mdg.graphql.security.Caller;
import io.mdg.graphql.security.Roles;

/**
 * Operations for admins ({@code ops.graphqls}): the projections' dead letters (list, retry, evict with a reason),
 * replays with their progress, and the consistency check. An adapter to the operators' messages, which the query
 * side handles; every action is audited there. These can run long (a retry handles events, a check replays the
 * event store), so they wait up to {@code mdg.ops.timeout} (5 minutes by default), not the edge's usual timeout.
 */
@Controller
@Profile("edge")
public class OperationsController {

    static final int MAX_REASON_LENGTH = 2_000;

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Duration timeout;

    public OperationsController(CommandGateway commands, QueryGateway queries,
                                @Value("${mdg.ops.timeout:5m}") Duration timeout) {
        this.commands = commands;
        this.queries = queries;
        this.timeout = timeout;
    }

    @QueryMapping
    @PreAuthorize(Roles.ADMINS)
    public CompletableFuture<List<DeadLetterGroupView>> deadLetters(@Argument String processingGroup,
                                                                    @Argument Integer first) {
        return queries.query(new FindDeadLettersQuery(processingGroup, first == null ? 100 : first),
                ResponseTypes.multipleInstancesOf(DeadLetterGroupView.class)).orTimeout(timeout.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @MutationMapping
    @PreAuthorize(Roles.ADMINS)
    public CompletableFuture<DeadLetterActionResult> retryDeadLetters(@Argument String processingGroup,
                                                                      @Argument String sequenceIdentifier,
                                                                      Authentication authentication) {
        return send(new RetryDeadLettersCommand(processingGroup, sequenceIdentifier, admin(authentication)));
    }

    @MutationMapping
    @PreAuthorize(Roles.ADMINS)
    public CompletableFuture<DeadLetterActionResult> evictDeadLetters(@Argument String processingGroup,
                                                                      @Argument String sequenceIdentifier,
                                                                      @Argument Long index, @Argument String reason,
                                                                      Authentication authentication) {
        if (reason == null || reason.isBlank()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "a reason is required");
        }
        if (reason.length() > MAX_REASON_LENGTH) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED,
                    "a reason has at most " + MAX_REASON_LENGTH + " characters");
        }
        return send(new EvictDeadLettersCommand(processingGroup, sequenceIdentifier, index, reason.strip(),
                admin(authentication)));
    }

    @MutationMapping
    @PreAuthorize(Roles.ADMINS)
    public CompletableFuture<ReplayReport> replayProjections(@Argument String processingGroup,
                                                             Authentication authentication) {
        return send(new ReplayProjectionsCommand(processingGroup, admin(authentication)));
    }

    @QueryMapping
    @PreAuthorize(Roles.ADMINS)
    public CompletableFuture<ReplayReport> replayStatus() {
        return queries.query(new ReplayStatusQuery(), ResponseTypes.instanceOf(ReplayReport.class))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @MutationMapping
    @PreAuthorize(Roles.ADMINS)
    public CompletableFuture<ConsistencyReport> checkConsistency(@Argument Integer maxDifferences) {
        return queries.query(new CheckConsistencyQuery(maxDifferences == null ? 1_000 : maxDifferences),
                ResponseTypes.instanceOf(ConsistencyReport.class)).orTimeout(timeout.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private <R> CompletableFuture<R> send(Object command) {
        return commands.<R>send(Correlation.command(command)).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Actor admin(Authentication authentication) {
        return Caller.from(authentication).actor();
    }
}
