package io.mdg.graphql.changerequest;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Profile;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;

import io.mdg.api.Actor;
import io.mdg.api.changerequest.StewardNotification;
import io.mdg.api.changerequest.StewardNotificationsQuery;
import io.mdg.api.error.ErrorCode;
import io.mdg.graphql.delegation.DelegationReader;
import io.mdg.graphql.error.ApiException;
import io.mdg.graphql.hygiene.RequestSizes;
import io.mdg.graphql.paging.Connection;
import io.mdg.graphql.security.Caller;
import io.mdg.graphql.security.Roles;

/**
 * {@code stewardNotifications}: the steward notification feed (a request reached a step of a role, escalated to a
 * role, expired), resumable by cursor. A caller reads the notifications to the realm roles their token holds and to
 * the roles delegated to them by delegations in force now; auditors and admins read every role's.
 */
@Controller
@Profile("edge")
public class StewardNotificationController {

    private final QueryGateway queries;
    private final RequestSizes sizes;
    private final DelegationReader delegations;

    public StewardNotificationController(QueryGateway queries, RequestSizes sizes, DelegationReader delegations) {
        this.queries = queries;
        this.sizes = sizes;
        this.delegations = delegations;
    }

    @QueryMapping
    @PreAuthorize(Roles.READERS)
    public CompletableFuture<Connection<StewardNotification>> stewardNotifications(@Argument String after,
                                                                                   @Argument Integer first,
                                                                                   Authentication authentication) {
        Caller caller = Caller.from(authentication);
        boolean everyRole = caller.hasRole(Roles.AUDITOR) || caller.hasRole(Roles.ADMIN);
        int size = sizes.pageSize(first);
        Long from = after == null ? null : position(after);
        if (everyRole) {
            return page(null, from, size);
        }
        if (caller.actor().type() != Actor.ActorType.USER) {
            return page(caller.roles(), from, size);
        }
        // a delegate is told about the roles delegated to them too, while the delegation is in force
        return delegations.inForceFor(caller.actor().name()).thenCompose(granted -> {
            Set<String> roles = new HashSet<>(caller.roles());
            granted.forEach(delegation -> roles.add(delegation.role()));
            return page(roles, from, size);
        });
    }

    private CompletableFuture<Connection<StewardNotification>> page(Set<String> roles, Long after, int size) {
        return queries.query(new StewardNotificationsQuery(roles, after, size + 1),
                        ResponseTypes.multipleInstancesOf(StewardNotification.class))
                .thenApply(found -> Connection.firstOf(found, size, n -> String.valueOf(n.position())));
    }

    private static long position(String after) {
        try {
            long position = Long.parseLong(after);
            if (position >= 0) {
                return position;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(ErrorCode.VALIDATION_FAILED, "after: not a cursor of this feed: " + after);
    }
}
