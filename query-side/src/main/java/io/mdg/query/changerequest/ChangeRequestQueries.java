package io.mdg.query.changerequest;

import java.util.List;
import java.util.Optional;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.changerequest.ChangeRequestView;
import io.mdg.api.changerequest.FindChangeRequestQuery;
import io.mdg.api.changerequest.ListChangeRequestsQuery;

/** Answers change-request queries from the read model of {@link ChangeRequestProjection}. */
@Component
@Profile("query")
public class ChangeRequestQueries {

    private final ChangeRequestReadModel store;

    public ChangeRequestQueries(ChangeRequestReadModel store) {
        this.store = store;
    }

    @QueryHandler
    public Optional<ChangeRequestView> handle(FindChangeRequestQuery query) {
        return store.find(query.changeRequestId());
    }

    /** Newest first, filtered; at most {@link ChangeRequestReadModel#MAX_PAGE}. */
    @QueryHandler
    public List<ChangeRequestView> handle(ListChangeRequestsQuery query) {
        return store.list(query);
    }
}
