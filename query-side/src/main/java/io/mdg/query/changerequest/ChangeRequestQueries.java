package io.mdg.query.changerequest;

import java.util.List;
import java.util.Optional;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.rules.InForce;
import io.mdg.api.changerequest.ChangeRequestView;
import io.mdg.api.changerequest.FindChangeRequestQuery;
import io.mdg.api.changerequest.ListChangeRequestsQuery;
import io.mdg.rules.access.RequestLimits;

/** Answers change-request queries from the read model of {@link ChangeRequestProjection}. */
@Component
@Profile("query")
public class ChangeRequestQueries {

    private final ChangeRequestReadModel store;
    private final InForce<RequestLimits> limits;

    public ChangeRequestQueries(ChangeRequestReadModel store, InForce<RequestLimits> limits) {
        this.store = store;
        this.limits = limits;
    }

    @QueryHandler
    public Optional<ChangeRequestView> handle(FindChangeRequestQuery query) {
        return store.find(query.changeRequestId());
    }

    /** Newest first, filtered; at most the rules file's page size ({@code limits.pageSize}). */
    @QueryHandler
    public List<ChangeRequestView> handle(ListChangeRequestsQuery query) {
        return store.list(query.limit() <= limits.now().pageSize() ? query : query.withLimit(limits.now().pageSize()));
    }
}
