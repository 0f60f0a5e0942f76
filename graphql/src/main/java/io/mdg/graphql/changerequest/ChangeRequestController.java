package io.mdg.graphql.changerequest;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.annotation.Profile;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;

import io.mdg.rules.InForce;
import io.mdg.api.Actor;
import io.mdg.api.changerequest.ApproveChangeRequestCommand;
import io.mdg.api.changerequest.ChangeRequestView;
import io.mdg.api.changerequest.ListChangeRequestsQuery;
import io.mdg.api.changerequest.ProposeChangeCommand;
import io.mdg.api.changerequest.RejectChangeRequestCommand;
import io.mdg.api.changerequest.WithdrawChangeRequestCommand;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.submission.FieldError;
import io.mdg.api.delegation.ApprovalDelegation;
import io.mdg.graphql.correlation.Correlation;
import io.mdg.graphql.delegation.DelegationReader;
import io.mdg.rules.access.AccessRules;
import io.mdg.graphql.error.ApiException;
import io.mdg.graphql.hygiene.RequestSizes;
import io.mdg.graphql.paging.Connection;
import io.mdg.graphql.security.Access;
import io.mdg.graphql.security.Caller;
import io.mdg.graphql.security.Roles;
import io.mdg.graphql.settings.EdgeSettings;
import io.mdg.graphql.submission.SubmissionInput;

/**
 * Change requests (stewardship with segregation of duties): an adapter from GraphQL to the query and command
 * gateways. A proposal needs the steward role of the record's domain; approving and rejecting are open to every
 * signed-in caller because the change request itself decides who may (domain steward, never the requester, never
 * twice, no source client) and its refusal codes reach the client as {@code extensions.reason}. Commands carry the
 * actor from the token and the caller's role names as the token has them. After a command, the request is read
 * back, waiting briefly ({@code mdg.edge.read-after-write-wait}) until the read model shows the change.
 */
@Controller
@Profile("edge")
public class ChangeRequestController {

    static final int MAX_TEXT_LENGTH = 2_000;
    static final String AUTHENTICATED = "isAuthenticated()";

    private final CommandGateway commandGateway;
    private final ChangeRequestReader reader;
    private final Duration timeout;
    private final Duration readAfterWriteWait;
    private final Access access;
    private final RequestSizes sizes;
    private final DelegationReader delegations;
    private final InForce<AccessRules> accessRules;

    public ChangeRequestController(CommandGateway commandGateway, ChangeRequestReader reader,
                                   EdgeSettings settings, Access access, RequestSizes sizes,
                                   DelegationReader delegations, InForce<AccessRules> accessRules) {
        this.commandGateway = commandGateway;
        this.delegations = delegations;
        this.accessRules = accessRules;
        this.access = access;
        this.sizes = sizes;
        this.reader = reader;
        this.timeout = settings.timeout();
        this.readAfterWriteWait = settings.readAfterWriteWait();
    }

    @QueryMapping
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<ChangeRequestView> changeRequest(@Argument String id) {
        return reader.find(id).thenApply(found -> found.orElse(null));
    }

    /** A Relay page, newest first; one more than asked is read to tell whether there is a next page. */
    @QueryMapping
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<Connection<ChangeRequestView>> changeRequests(@Argument ChangeRequestFilter filter,
                                                                    @Argument Integer first, @Argument String after,
                                                                    Authentication authentication) {
        int size = sizes.pageSize(first);
        ChangeRequestFilter f = filter == null ? new ChangeRequestFilter(null, null, null, null, null) : filter;
        String decider = null;
        Set<String> deciderRoles = null;
        // a delegate's inbox has the delegated steps too, while the delegations are in force and the delegate is
        // stewardship staff (holds an approver role of their own, as the change request requires)
        CompletableFuture<List<ApprovalDelegation>> delegated = CompletableFuture.completedFuture(List.of());
        if (Boolean.TRUE.equals(f.awaitingMyDecision())) {
            Caller caller = Caller.from(authentication);
            decider = caller.actor().name();
            deciderRoles = caller.roles();
            if (accessRules.now().decides(caller.roles(), null)) {
                delegated = delegations.inForceFor(decider);
            }
        }
        int ask = Math.min(size + 1, sizes.maxPage());
        String me = decider;
        Set<String> myRoles = deciderRoles;
        return delegated.thenCompose(inForce -> reader.list(new ListChangeRequestsQuery(f.status(), f.domain(),
                f.requestedBy(), f.recordId(), me, myRoles, after, ask, inForce))).thenApply(views -> {
            // At the largest page size one more cannot be asked: a full page then says there may be more.
            boolean more = views.size() > size || (ask == size && views.size() == size);
            return Connection.of(views.size() > size ? views.subList(0, size) : views, ChangeRequestView::id, more);
        });
    }

    @MutationMapping
    @PreAuthorize(Roles.STEWARDS)
    public CompletableFuture<ChangeRequestView> proposeChange(@Argument ProposeChangeInput input,
                                                              Authentication authentication) {
        Actor steward = access.requireStewardOf(Caller.from(authentication), input.type());
        String reason = required(input.reason(), "a reason");
        SubmissionInput changes = input.changes();
        List<FieldError> errors = changes.inputErrors();
        if (!errors.isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "invalid change: " + errors.stream()
                    .map(e -> e.field() + " " + e.message()).reduce((a, b) -> a + "; " + b).orElse(""));
        }
        ProposeChangeCommand command = new ProposeChangeCommand(input.type(), input.recordId(), changes.attributes(),
                reason, steward);
        return commandGateway.<String>send(Correlation.command(command))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(id -> reader.await(id, Optional::isPresent, readAfterWriteWait))
                .thenApply(found -> found.orElse(null));
    }

    @MutationMapping
    @PreAuthorize(AUTHENTICATED)
    public CompletableFuture<ChangeRequestView> approveChangeRequest(@Argument String id, @Argument String comment,
                                                                     @Argument String verificationNote,
                                                                     Authentication authentication) {
        Caller caller = Caller.from(authentication);
        return decide(id, new ApproveChangeRequestCommand(id, optional(comment, "a comment"),
                optional(verificationNote, "a verification note"), caller.actor(), caller.roles()));
    }

    @MutationMapping
    @PreAuthorize(AUTHENTICATED)
    public CompletableFuture<ChangeRequestView> rejectChangeRequest(@Argument String id, @Argument String reason,
                                                                    Authentication authentication) {
        Caller caller = Caller.from(authentication);
        return decide(id, new RejectChangeRequestCommand(id, required(reason, "a reason"), caller.actor(),
                caller.roles()));
    }

    @MutationMapping
    @PreAuthorize(AUTHENTICATED)
    public CompletableFuture<ChangeRequestView> withdrawChangeRequest(@Argument String id, @Argument String reason,
                                                                      Authentication authentication) {
        Caller caller = Caller.from(authentication);
        return decide(id, new WithdrawChangeRequestCommand(id, optional(reason, "a reason"), caller.actor()));
    }

    /** Sends the command, then reads the request until it has a decision more than before (or the wait is over). */
    private CompletableFuture<ChangeRequestView> decide(String id, Object command) {
        var message = Correlation.command(command);
        return reader.find(id).thenCompose(before -> {
            int decisionsBefore = before.map(v -> v.decisions() == null ? 0 : v.decisions().size()).orElse(0);
            Predicate<Optional<ChangeRequestView>> done = now -> now
                    .map(v -> v.decisions() != null && v.decisions().size() > decisionsBefore).orElse(false);
            return commandGateway.send(message)
                    .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .thenCompose(sent -> reader.await(id, done, readAfterWriteWait));
        }).thenApply(found -> found.orElse(null));
    }

    private static String required(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, what + " is required");
        }
        return optional(text, what);
    }

    private static String optional(String text, String what) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED,
                    what + " has at most " + MAX_TEXT_LENGTH + " characters");
        }
        return text.strip();
    }
}
