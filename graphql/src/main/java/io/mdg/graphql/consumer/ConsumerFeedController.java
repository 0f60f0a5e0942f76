package io.mdg.graphql.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Profile;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.consumer.ChangeKind;
import io.mdg.api.consumer.ConsumerChangePage;
import io.mdg.api.consumer.ConsumerChangesQuery;
import io.mdg.api.consumer.ConsumerView;
import io.mdg.api.consumer.FindConsumerQuery;
import io.mdg.api.error.ErrorCode;
import io.mdg.graphql.error.ApiException;
import io.mdg.graphql.hygiene.RequestSizes;
import io.mdg.graphql.security.Caller;
import io.mdg.graphql.security.Roles;
import io.mdg.graphql.settings.EdgeSettings;

/**
 * The pull side of a consumer's change feed: {@code changes(consumer, after, first)}. Read by the consumer's own
 * system (a token of the client the consumer is registered with) or by an admin; anyone else is FORBIDDEN, whether
 * the consumer exists or not (no probing for consumers). The cursor is opaque to the reader: the consumer's id and
 * the place in its feed, so a cursor of one consumer is refused for another.
 */
@Controller
@Profile("edge")
public class ConsumerFeedController {

    private static final String CURSOR_PREFIX = "feed1:";

    /** How often a subscription that has read everything looks for more. */
    static final Duration POLL = Duration.ofMillis(250);
    /** Entries a subscription reads at a time. */
    static final int SUBSCRIPTION_PAGE = 100;

    /** A page of a consumer's feed; {@code previous} reads the page before it (null at the feed's start). */
    public record ChangePage(List<ChangeNode> changes, String cursor, boolean hasMore, String previous) {
    }

    /** An entry of a consumer's feed, with the cursor that resumes after it. */
    public record ChangeNode(long seq, String id, ChangeKind kind, EntityType recordType, String recordId,
                             long version, Instant committedAt, String correlationId, String cloudEvent,
                             String cursor) {

        static ChangeNode of(String consumer, ConsumerChangePage.Change change) {
            return new ChangeNode(change.seq(), change.id(), change.kind(), change.recordType(), change.recordId(),
                    change.version(), change.committedAt(), change.correlationId(), change.cloudEvent(),
                    ConsumerFeedController.cursor(consumer, change.seq()));
        }
    }

    private final QueryGateway queries;
    private final RequestSizes sizes;
    private final Duration timeout;

    public ConsumerFeedController(QueryGateway queries, RequestSizes sizes, EdgeSettings settings) {
        this.queries = queries;
        this.sizes = sizes;
        this.timeout = settings.timeout();
    }

    @QueryMapping
    @PreAuthorize("isAuthenticated()")
    public CompletableFuture<ChangePage> changes(@Argument String consumer, @Argument String after,
                                                 @Argument Integer first, @Argument Boolean latest,
                                                 Authentication authentication) {
        Caller caller = Caller.from(authentication);
        boolean fromEnd = Boolean.TRUE.equals(latest);
        if (fromEnd && after != null) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "after: not with latest (the latest page has no start)");
        }
        long given = after == null ? 0 : place(after, consumer);
        int limit = sizes.pageSize(first);
        return authorised(caller, consumer)
                // the latest page: where the feed ends now (an empty read answers the head), then the entries before
                .thenCompose(allowed -> fromEnd
                        ? page(consumer, 0, 0).thenApply(probe -> Math.max(0, probe.head() - limit))
                        : CompletableFuture.completedFuture(given))
                .thenCompose(afterSeq -> page(consumer, afterSeq, limit).thenApply(page -> {
                    long last = last(page, afterSeq);
                    // a feed's places are 1, 2, ... without gaps: the page before ends where this one starts
                    String previous = afterSeq == 0 ? null : cursor(consumer, Math.max(0, afterSeq - limit));
                    return new ChangePage(page.changes().stream().map(c -> ChangeNode.of(consumer, c)).toList(),
                            cursor(consumer, last), page.head() > last, previous);
                }));
    }

    /**
     * The consumer's feed after the cursor (none: from its start), entry by entry: the backlog first, then each new
     * entry as the feed gets it (read from the feed's table, so it sees the entries cut by any node sharing the
     * database). Each entry carries the cursor to resubscribe after it.
     */
    @SubscriptionMapping
    @PreAuthorize("isAuthenticated()")
    public Flux<ChangeNode> consumerChanges(@Argument String consumer, @Argument String after,
                                            Authentication authentication) {
        Caller caller = Caller.from(authentication);
        long afterSeq = after == null ? 0 : place(after, consumer);
        return Mono.fromFuture(() -> authorised(caller, consumer))
                .flatMapMany(allowed -> read(consumer, afterSeq)
                        .expand(page -> {
                            Mono<Read> next = read(consumer, page.last());
                            return page.changes().isEmpty() ? Mono.delay(POLL).then(next) : next;
                        }))
                .concatMapIterable(Read::changes)
                .map(change -> ChangeNode.of(consumer, change));
    }

    /** A page a subscription read, and where it ended. */
    private record Read(List<ConsumerChangePage.Change> changes, long last) {
    }

    private Mono<Read> read(String consumer, long afterSeq) {
        return Mono.fromFuture(() -> page(consumer, afterSeq, SUBSCRIPTION_PAGE))
                .map(page -> new Read(page.changes(), last(page, afterSeq)));
    }

    private CompletableFuture<ConsumerChangePage> page(String consumer, long afterSeq, int limit) {
        return queries.query(new ConsumerChangesQuery(consumer, afterSeq, limit), ConsumerChangePage.class)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static long last(ConsumerChangePage page, long afterSeq) {
        return page.changes().isEmpty() ? afterSeq : page.changes().get(page.changes().size() - 1).seq();
    }

    private CompletableFuture<Boolean> authorised(Caller caller, String consumer) {
        return queries.query(new FindConsumerQuery(consumer), ResponseTypes.optionalInstanceOf(ConsumerView.class))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(view -> {
                    requireReader(caller, view, consumer);
                    return true;
                });
    }

    /** An admin, or the consumer's own client; a consumer that does not exist is NOT_FOUND for admins only. */
    private static void requireReader(Caller caller, Optional<ConsumerView> view, String consumer) {
        boolean admin = caller.roles().contains(Roles.ADMIN);
        boolean own = view.isPresent() && caller.actor().type() == Actor.ActorType.CLIENT
                && caller.actor().name().equals(view.get().settings().clientId());
        if (!admin && !own) {
            throw new ApiException(ErrorCode.FORBIDDEN,
                    "only the consumer's own client or an admin reads a consumer's changes");
        }
        if (view.isEmpty()) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no consumer " + consumer);
        }
    }

    static String cursor(String consumer, long seq) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((CURSOR_PREFIX + seq + ":" + consumer).getBytes(StandardCharsets.UTF_8));
    }

    /** The place a cursor names; a cursor that is not one, or is another consumer's, is refused. */
    static long place(String cursor, String consumer) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(CURSOR_PREFIX)) {
                String rest = text.substring(CURSOR_PREFIX.length());
                int colon = rest.indexOf(':');
                if (colon > 0 && rest.substring(colon + 1).equals(consumer)) {
                    long seq = Long.parseLong(rest.substring(0, colon));
                    if (seq >= 0) {
                        return seq;
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            // not base64, or not a number: the same answer below
        }
        throw new ApiException(ErrorCode.VALIDATION_FAILED,
                "after: not a cursor of this consumer's feed (pass the cursor a previous page answered)");
    }
}
