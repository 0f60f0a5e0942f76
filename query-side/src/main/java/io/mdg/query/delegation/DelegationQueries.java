package io.mdg.query.delegation;

import java.util.List;
import java.util.Optional;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.delegation.DelegationView;
import io.mdg.api.delegation.FindDelegationQuery;
import io.mdg.api.delegation.ListDelegationsQuery;

/** Answers delegation queries from the {@link DelegationRegistry}. */
@Component
@Profile("query")
public class DelegationQueries {

    private final DelegationRegistry registry;

    public DelegationQueries(DelegationRegistry registry) {
        this.registry = registry;
    }

    @QueryHandler
    public Optional<DelegationView> handle(FindDelegationQuery query) {
        return registry.find(query.delegationId());
    }

    @QueryHandler
    public List<DelegationView> handle(ListDelegationsQuery query) {
        return registry.list(query);
    }
}
