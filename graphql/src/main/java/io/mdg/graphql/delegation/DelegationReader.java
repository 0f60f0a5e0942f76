package io.mdg.graphql.delegation;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.delegation.ApprovalDelegation;
import io.mdg.api.delegation.DelegationView;
import io.mdg.api.delegation.FindDelegationQuery;
import io.mdg.api.delegation.ListDelegationsQuery;
import io.mdg.graphql.settings.EdgeSettings;

/** Reads delegations of approvals through the query gateway, every query with the edge's timeout. */
@Component
@Profile("edge")
public class DelegationReader {

    private final QueryGateway queryGateway;
    private final Duration timeout;
    private final Clock clock = Clock.systemUTC();

    public DelegationReader(QueryGateway queryGateway, EdgeSettings settings) {
        this.queryGateway = queryGateway;
        this.timeout = settings.timeout();
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
     * The delegations granted to {@code delegate} in force now (for their inbox; whether they may decide is the
     * change request's to say when they do).
     */
    public CompletableFuture<List<ApprovalDelegation>> inForceFor(String delegate) {
        return queryGateway.query(new ListDelegationsQuery(null, delegate, true, clock.instant()),
                        ResponseTypes.multipleInstancesOf(DelegationView.class))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(views -> views.stream().map(DelegationView::delegation).toList());
    }

    public java.time.Instant now() {
        return clock.instant();
    }
}
