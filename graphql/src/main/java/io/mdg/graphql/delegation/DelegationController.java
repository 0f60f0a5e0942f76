package io.mdg.graphql.delegation;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.annotation.Profile;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;

import io.mdg.rules.InForce;
import io.mdg.api.changerequest.ApprovalStepView;
import io.mdg.api.changerequest.ChangeRequestStatus;
import io.mdg.api.changerequest.ChangeRequestView;
import io.mdg.api.changerequest.DecisionView;
import io.mdg.api.delegation.DelegateApprovalsCommand;
import io.mdg.api.delegation.DelegationView;
import io.mdg.api.delegation.RevokeDelegationCommand;
import io.mdg.api.error.ErrorCode;
import io.mdg.graphql.correlation.Correlation;
import io.mdg.graphql.error.ApiException;
import io.mdg.graphql.record.ReadAfterWrite;
import io.mdg.graphql.security.Caller;
import io.mdg.graphql.security.Roles;
import io.mdg.graphql.settings.EdgeSettings;
import io.mdg.rules.access.AccessRules;

/**
 * Delegations of approvals: an adapter from GraphQL to the command and query gateways. Delegating and revoking are
 * open to every signed-in person because the delegation decides who may (a holder of the role; its delegator or an
 * admin), with refusal codes that reach the client as {@code extensions.reason}. A person lists their own delegations
 * (as delegator or delegate); an admin or auditor lists all. After a command the delegation is read back, waiting
 * briefly ({@code mdg.edge.read-after-write-wait}) until the read model shows it.
 */
@Controller
@Profile("edge")
public class DelegationController {

    static final int MAX_TEXT_LENGTH = 2_000;
    /** Signed-in people: source-system clients neither delegate nor are delegated to. */
    static final String PEOPLE = "isAuthenticated() and !" + Roles.SOURCE_CLIENT;

    /** The GraphQL input {@code DelegateApprovalsInput}. */
    public record DelegateApprovalsInput(String role, String delegate, Instant from, Instant until, String reason) {
    }

    private final CommandGateway commands;
    private final DelegationReader reader;
    private final Duration timeout;
    private final Duration readAfterWriteWait;
    private final InForce<AccessRules> accessRules;

    public DelegationController(CommandGateway commands, DelegationReader reader, EdgeSettings settings,
                                InForce<AccessRules> accessRules) {
        this.commands = commands;
        this.accessRules = accessRules;
        this.reader = reader;
        this.timeout = settings.timeout();
        this.readAfterWriteWait = settings.readAfterWriteWait();
    }

    @QueryMapping
    @PreAuthorize(PEOPLE)
    public CompletableFuture<List<DelegationView>> delegations(@Argument Boolean active,
                                                               Authentication authentication) {
        Caller caller = Caller.from(authentication);
        boolean all = caller.hasRole(Roles.ADMIN) || caller.hasRole(Roles.AUDITOR);
        return reader.list(all ? null : caller.actor().name(), active);
    }

    @MutationMapping
    @PreAuthorize(PEOPLE)
    public CompletableFuture<DelegationView> delegateApprovals(@Argument DelegateApprovalsInput input,
                                                              Authentication authentication) {
        Caller caller = Caller.from(authentication);
        String id = "delegation-" + UUID.randomUUID();
        // built now, while the mutation is resolved: it carries the request's idempotency key
        CommandMessage<?> command = Correlation.command(new DelegateApprovalsCommand(id, text(input.role(), "the role"),
                text(input.delegate(), "the delegate"), input.from(), input.until(),
                text(input.reason(), "a reason"), caller.actor(), caller.roles()));
        return commands.<String>send(command)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                // the answer's id: a keyed repeat is answered with the first delegation's
                .thenCompose(answered -> ReadAfterWrite.await(() -> reader.find(answered), Optional::isPresent,
                        readAfterWriteWait))
                .thenApply(found -> found.orElse(null));
    }

    @MutationMapping
    @PreAuthorize(PEOPLE)
    public CompletableFuture<DelegationView> revokeDelegation(@Argument String id, @Argument String reason,
                                                             Authentication authentication) {
        Caller caller = Caller.from(authentication);
        CommandMessage<?> command = Correlation.command(new RevokeDelegationCommand(id, text(reason, "a reason"),
                caller.actor(), caller.hasRole(Roles.ADMIN)));
        return commands.send(command)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(sent -> ReadAfterWrite.await(() -> reader.find(id),
                        (Optional<DelegationView> now) -> now.map(v -> v.revokedAt() != null).orElse(false),
                        readAfterWriteWait))
                .thenApply(found -> found.orElse(null));
    }

    @SchemaMapping(typeName = "Delegation", field = "status")
    public DelegationView.Status status(DelegationView delegation) {
        return delegation.status(reader.now());
    }

    /**
     * For the caller: the delegator they may decide the request's current step for, when they may decide it only as a
     * delegate (they hold none of its current roles themselves); null otherwise. The same conditions as the inbox;
     * the change request decides when they do.
     */
    @SchemaMapping(typeName = "ChangeRequest", field = "decidableAsDelegateFor")
    public CompletableFuture<String> decidableAsDelegateFor(ChangeRequestView request, Authentication authentication) {
        Caller caller = Caller.from(authentication);
        String me = caller.actor().name();
        Set<String> roles = request.currentDeciderRoles();
        String requester = request.requestedBy() == null ? null : request.requestedBy().name();
        if (request.status() != ChangeRequestStatus.PENDING || roles.stream().anyMatch(caller.roles()::contains)
                || me.equals(requester) || !accessRules.now().decides(caller.roles(), null)) {
            return CompletableFuture.completedFuture(null);
        }
        Set<String> approved = new HashSet<>();
        request.steps().stream().map(ApprovalStepView::approvers).forEach(approved::addAll);
        request.decisions().stream().filter(d -> "APPROVED".equals(d.kind())).map(DecisionView::onBehalfOf)
                .filter(java.util.Objects::nonNull).forEach(approved::add);
        if (approved.contains(me)) {
            return CompletableFuture.completedFuture(null);
        }
        return reader.inForceFor(me).thenApply(delegations -> delegations.stream()
                .filter(d -> roles.contains(d.role()) && !d.delegator().equals(requester)
                        && !approved.contains(d.delegator()))
                .map(d -> d.delegator()).findFirst().orElse(null));
    }

    private static String text(String text, String what) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, what + " has at most " + MAX_TEXT_LENGTH
                    + " characters");
        }
        return text.strip();
    }
}
