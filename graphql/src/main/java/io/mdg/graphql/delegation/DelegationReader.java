package io.mdg.graphql.delegation;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.delegation.ApprovalDelegation;
import io.mdg.api.delegation.DelegationView;
import io.mdg.api.delegation.FindDelegationQuery;
import io.mdg.api.delegation.ListDelegationsQuery;
import io.mdg.graphql.security.UserAccounts;
import io.mdg.graphql.settings.EdgeSettings;

/** Reads delegations of approvals through the query gateway, every query with the edge's timeout. */
@Component
@Profile("edge")
public class DelegationReader {

    private final QueryGateway queryGateway;
    private final Duration timeout;
    private final Clock clock = Clock.systemUTC();
    /** Who is asked whether a delegator's account is still enabled; null: nobody (the check is off). */
    private final UserAccounts accounts;

    public DelegationReader(QueryGateway queryGateway, EdgeSettings settings,
                            ObjectProvider<UserAccounts> accounts) {
        this.queryGateway = queryGateway;
        this.timeout = settings.timeout();
        this.accounts = accounts.getIfAvailable();
    }

    public CompletableFuture<Optional<DelegationView>> find(String id) {
        return queryGateway.query(new FindDelegationQuery(id), ResponseTypes.optionalInstanceOf(DelegationView.class))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Those involving {@code person} (null: all), newest first; {@code active} as {@link ListDelegationsQuery}. */
    public CompletableFuture<List<DelegationView>> list(String person, Boolean active) {
        return queryGateway.query(new ListDelegationsQuery(person, null, active, clock.instant()),
                        ResponseTypes.multipleInstancesOf(DelegationView.class))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The delegations granted to {@code delegate} in force now whose delegator's account is not disabled or deleted
     * in the identity provider (for their inbox and {@code decidableAsDelegateFor}; whether they may decide is the
     * change request's to say when they do). A delegator the identity provider cannot be asked about stays in: the
     * inbox shows what may be decidable, and the decision itself fails closed.
     */
    public CompletableFuture<List<ApprovalDelegation>> inForceFor(String delegate) {
        return queryGateway.query(new ListDelegationsQuery(null, delegate, true, clock.instant()),
                        ResponseTypes.multipleInstancesOf(DelegationView.class))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(views -> views.stream().map(DelegationView::delegation)
                        .filter(d -> accounts == null
                                || accounts.status(d.delegator()) != UserAccounts.Status.INACTIVE)
                        .toList());
    }

    public java.time.Instant now() {
        return clock.instant();
    }
}
