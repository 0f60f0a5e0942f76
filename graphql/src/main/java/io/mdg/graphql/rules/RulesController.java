package io.mdg.graphql.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;

import io.mdg.api.Actor;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.rules.ApproveRulesChangeCommand;
import io.mdg.api.rules.FindRulesChangesQuery;
import io.mdg.api.rules.FindRulesQuery;
import io.mdg.api.rules.ProposeRulesChangeCommand;
import io.mdg.api.rules.RejectRulesChangeCommand;
import io.mdg.api.rules.RulesChangeStatus;
import io.mdg.api.rules.RulesChangeView;
import io.mdg.api.rules.RulesCommand;
import io.mdg.api.rules.RulesView;
import io.mdg.graphql.correlation.Correlation;
import io.mdg.graphql.error.ApiException;
import io.mdg.graphql.record.ReadAfterWrite;
import io.mdg.graphql.security.Caller;
import io.mdg.graphql.security.Roles;
import io.mdg.graphql.settings.EdgeSettings;

/**
 * The governance rules over GraphQL: readers see the rules in force at a time and the change proposals; admins
 * propose, approve (never their own proposal) and reject changes. A change answers the proposal as the read model
 * shows it once it does.
 */
@Controller
@Profile("edge")
public class RulesController {

    /** Who may read the rules and their changes: the readers of golden records and the stewards. */
    static final String RULES_READERS = Roles.READERS + " or " + Roles.STEWARDS;
    /** Longest rules text accepted (the shipped file is about 12 kB). */
    static final int MAX_RULES_CHARS = 256 * 1024;

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Duration timeout;
    private final Duration readAfterWriteWait;
    private final Duration propagationDelay;

    public RulesController(CommandGateway commands, QueryGateway queries, EdgeSettings settings,
                           @Value("${mdg.rules.propagation-delay:5s}") Duration propagationDelay) {
        this.commands = commands;
        this.queries = queries;
        this.timeout = settings.timeout();
        this.readAfterWriteWait = settings.readAfterWriteWait();
        this.propagationDelay = propagationDelay;
    }

    @QueryMapping
    @PreAuthorize(RULES_READERS)
    public CompletableFuture<RulesView> rules(@Argument Instant asOf) {
        return queries.query(new FindRulesQuery(asOf), ResponseTypes.optionalInstanceOf(RulesView.class))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(view -> view.orElse(null));
    }

    @QueryMapping
    @PreAuthorize(RULES_READERS)
    public CompletableFuture<List<RulesChangeView>> rulesChanges(@Argument RulesChangeStatus status) {
        return changes(status);
    }

    @MutationMapping
    @PreAuthorize(Roles.ADMINS)
    public CompletableFuture<RulesChangeView> proposeRulesChange(@Argument String rules, @Argument String comment,
                                                                 Authentication authentication) {
        if (rules.length() > MAX_RULES_CHARS) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "rules: at most " + MAX_RULES_CHARS + " characters");
        }
        String id = "rules-change-" + UUID.randomUUID();
        return commands.<String>send(Correlation.command(new ProposeRulesChangeCommand(RulesCommand.RULES_ID, id, rules,
                        comment, admin(authentication))))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(answered -> read(answered, RulesChangeStatus.PROPOSED));
    }

    @MutationMapping
    @PreAuthorize(Roles.ADMINS)
    public CompletableFuture<RulesChangeView> approveRulesChange(@Argument String id, Authentication authentication) {
        return commands.<Instant>send(Correlation.command(new ApproveRulesChangeCommand(RulesCommand.RULES_ID, id,
                        admin(authentication), propagationDelay)))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(effectiveFrom -> read(id, RulesChangeStatus.APPROVED));
    }

    @MutationMapping
    @PreAuthorize(Roles.ADMINS)
    public CompletableFuture<RulesChangeView> rejectRulesChange(@Argument String id, @Argument String reason,
                                                                Authentication authentication) {
        return commands.send(Correlation.command(new RejectRulesChangeCommand(RulesCommand.RULES_ID, id, reason,
                        admin(authentication))))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(done -> read(id, RulesChangeStatus.REJECTED));
    }

    @SchemaMapping(typeName = "RulesChange", field = "id")
    public String id(RulesChangeView change) {
        return change.changeId();
    }

    /** The proposal once the read model shows it with the status (the command's answer came first). */
    private CompletableFuture<RulesChangeView> read(String id, RulesChangeStatus status) {
        return ReadAfterWrite.await(() -> changes(null).thenApply(all -> all.stream()
                                .filter(c -> c.changeId().equals(id)).findFirst()),
                        (Optional<RulesChangeView> now) -> now.isPresent() && now.get().status() == status,
                        readAfterWriteWait)
                .thenApply(found -> found.orElseThrow(() -> new ApiException(ErrorCode.TIMEOUT,
                        "rules change " + id + " is recorded but not yet shown; ask rulesChanges again")));
    }

    private CompletableFuture<List<RulesChangeView>> changes(RulesChangeStatus status) {
        return queries.query(new FindRulesChangesQuery(status),
                        ResponseTypes.multipleInstancesOf(RulesChangeView.class))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Actor admin(Authentication authentication) {
        return Caller.from(authentication).actor();
    }
}
