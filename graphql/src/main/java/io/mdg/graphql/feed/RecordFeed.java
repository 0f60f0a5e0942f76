package io.mdg.graphql.feed;

import java.util.List;
import java.util.Set;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.EntityType;
import io.mdg.api.feed.RecordChange;
import io.mdg.api.feed.RecordChangesQuery;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Follows the change feed through Axon's subscription query {@link RecordChangesQuery}: one Axon subscription per
 * GraphQL subscription, opened when the client subscribes and closed when it stops (or the connection closes). The
 * initial result (always empty: the feed has no backlog) is skipped. Updates arrive on the query side's event
 * processor thread; they are handed to another thread at once, so that resolving a change's record for a slow
 * client never holds up the projection.
 */
@Component
@Profile("edge")
public class RecordFeed {

    private final QueryGateway queryGateway;
    private final int bufferSize;

    public RecordFeed(QueryGateway queryGateway, @Value("${mdg.feed.buffer-size:1024}") int bufferSize) {
        this.queryGateway = queryGateway;
        this.bufferSize = bufferSize;
    }

    public Flux<RecordChange> follow(Set<EntityType> types) {
        return Flux.defer(() -> {
            SubscriptionQueryResult<List<RecordChange>, RecordChange> result = queryGateway.subscriptionQuery(
                    RecordChangesQuery.class.getName(), new RecordChangesQuery(types),
                    ResponseTypes.multipleInstancesOf(RecordChange.class), ResponseTypes.instanceOf(RecordChange.class),
                    bufferSize);
            return result.updates()
                    .publishOn(Schedulers.boundedElastic())
                    .doFinally(signal -> result.cancel());
        });
    }
}
