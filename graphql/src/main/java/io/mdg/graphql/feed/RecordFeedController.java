package io.mdg.graphql.feed;

import java.util.List;
import java.util.Set;

import org.springframework.context.annotation.Profile;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;

import io.mdg.api.EntityType;
import io.mdg.graphql.security.Roles;
import reactor.core.publisher.Flux;

/** The change feed as a GraphQL subscription (over WebSocket at {@code /graphql}). */
@Controller
@Profile("edge")
public class RecordFeedController {

    private final RecordFeed feed;

    public RecordFeedController(RecordFeed feed) {
        this.feed = feed;
    }

    @SubscriptionMapping
    @PreAuthorize(Roles.READERS)
    public Flux<RecordChangeNode> recordChanged(@Argument List<EntityType> types) {
        return feed.follow(types == null ? Set.of() : Set.copyOf(types)).map(RecordChangeNode::of);
    }
}
