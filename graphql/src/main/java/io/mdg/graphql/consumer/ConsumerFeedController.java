package io.mdg.graphql.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;

import io.mdg.api.Actor;
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

    /** A page of a consumer's feed. */
    public record ChangePage(List<ConsumerChangePage.Change> changes, String cursor, boolean hasMore) {
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
                                                 @Argument Integer first, Authentication authentication) {
        Caller caller = Caller.from(authentication);
        long afterSeq = after == null ? 0 : place(after, consumer);
        int limit = sizes.pageSize(first);
        return queries.query(new FindConsumerQuery(consumer), ResponseTypes.optionalInstanceOf(ConsumerView.class))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(view -> {
                    requireReader(caller, view, consumer);
                    return queries.query(new ConsumerChangesQuery(consumer, afterSeq, limit),
                                    ConsumerChangePage.class)
                            .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
                })
                .thenApply(page -> {
                    long last = page.changes().isEmpty() ? afterSeq
                            : page.changes().get(page.changes().size() - 1).seq();
                    return new ChangePage(page.changes(), cursor(consumer, last), page.head() > last);
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
