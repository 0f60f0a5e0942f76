package io.mdg.graphql.changerequest;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.changerequest.ChangeRequestView;
import io.mdg.api.changerequest.FindChangeRequestQuery;
import io.mdg.api.changerequest.ListChangeRequestsQuery;
import io.mdg.graphql.settings.EdgeSettings;
import io.mdg.graphql.record.ReadAfterWrite;

/** Reads change requests through the query gateway, every query with the edge's timeout. */
@Component
@Profile("edge")
public class ChangeRequestReader {

    private final QueryGateway queryGateway;
    private final Duration timeout;

    public ChangeRequestReader(QueryGateway queryGateway, EdgeSettings settings) {
        this.queryGateway = queryGateway;
        this.timeout = settings.timeout();
    }

    public CompletableFuture<Optional<ChangeRequestView>> find(String id) {
        return timed(queryGateway.query(new FindChangeRequestQuery(id),
                ResponseTypes.optionalInstanceOf(ChangeRequestView.class)));
    }

    public CompletableFuture<List<ChangeRequestView>> list(ListChangeRequestsQuery query) {
        return timed(queryGateway.query(query, ResponseTypes.multipleInstancesOf(ChangeRequestView.class)));
    }

    /**
     * Reads the change request until {@code done} holds or {@code maxWait} has passed, then answers the last read
     * (the read model catches up with a command a moment after it was handled).
     */
    public CompletableFuture<Optional<ChangeRequestView>> await(String id, Predicate<Optional<ChangeRequestView>> done,
                                                                Duration maxWait) {
        return ReadAfterWrite.await(() -> find(id), done, maxWait);
    }

    private <T> CompletableFuture<T> timed(CompletableFuture<T> future) {
        return future.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
