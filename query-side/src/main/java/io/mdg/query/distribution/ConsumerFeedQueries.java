package io.mdg.query.distribution;

import java.nio.charset.StandardCharsets;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.consumer.ChangeKind;
import io.mdg.api.consumer.ConsumerChangePage;
import io.mdg.api.consumer.ConsumerChangesQuery;

/** The pull side of the consumers' change feeds: a page after a place, as the consumer's reader asks. */
@Component
@Profile("query")
public class ConsumerFeedQueries {

    private final ConsumerFeedSource feeds;

    public ConsumerFeedQueries(ConsumerFeedSource feeds) {
        this.feeds = feeds;
    }

    @QueryHandler
    public ConsumerChangePage handle(ConsumerChangesQuery query) {
        long head = feeds.head(query.consumerId());
        return new ConsumerChangePage(feeds.after(query.consumerId(), query.afterSeq(), query.limit()).stream()
                .map(item -> new ConsumerChangePage.Change(item.seq(), item.id(), ChangeKind.valueOf(item.kind()),
                        item.recordType(), item.recordId(), item.version(), item.committedAt(), item.correlationId(),
                        new String(item.cloudEvent(), StandardCharsets.UTF_8)))
                .toList(), head);
    }
}
