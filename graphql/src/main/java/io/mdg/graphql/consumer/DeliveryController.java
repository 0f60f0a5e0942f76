package io.mdg.graphql.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Profile;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;

import io.mdg.api.EntityType;
import io.mdg.api.consumer.DeliveredVersionView;
import io.mdg.api.consumer.DeliveryStatusView;
import io.mdg.api.consumer.FindDeliveredVersionsQuery;
import io.mdg.api.consumer.FindDeliveryStatusQuery;
import io.mdg.api.consumer.FindParkedDeliveriesQuery;
import io.mdg.api.consumer.ParkedDeliveryView;
import io.mdg.api.consumer.ParkedReplayResult;
import io.mdg.api.consumer.ReplayParkedDeliveriesCommand;
import io.mdg.api.error.ErrorCode;
import io.mdg.graphql.correlation.Correlation;
import io.mdg.graphql.error.ApiException;
import io.mdg.graphql.security.Caller;
import io.mdg.graphql.security.Roles;
import io.mdg.graphql.settings.EdgeSettings;
import reactor.core.publisher.Mono;

/**
 * Push delivery for admins: a consumer's parked deliveries and their replay, the versions its endpoint acknowledged
 * (what the consumer has), and its delivery status as a field of {@code Consumer}. An adapter to the messages the
 * query side handles where delivery runs; a replay is audited there.
 */
@Controller
@Profile("edge")
public class DeliveryController {

    /** {@code ConsumerDeliveryStatus}. */
    public record DeliveryStatusNode(DeliveryStatusView.State state, long ackedSeq, long backlog, long parked,
                                     long lagMillis, String lastError, Instant lastErrorAt, Instant lastDeliveredAt) {

        static DeliveryStatusNode of(DeliveryStatusView view) {
            return new DeliveryStatusNode(view.state(), view.ackedSeq(), view.backlog(), view.parked(),
                    view.lag().toMillis(), view.lastError(), view.lastErrorAt(), view.lastDeliveredAt());
        }
    }

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Duration timeout;

    public DeliveryController(CommandGateway commands, QueryGateway queries, EdgeSettings settings) {
        this.commands = commands;
        this.queries = queries;
        this.timeout = settings.timeout();
    }

    @QueryMapping
    @PreAuthorize(Roles.ADMINS)
    public CompletableFuture<List<ParkedDeliveryView>> parkedDeliveries(@Argument String consumer,
                                                                         @Argument Integer first) {
        return queries.query(new FindParkedDeliveriesQuery(consumer, first == null ? 100 : first),
                ResponseTypes.multipleInstancesOf(ParkedDeliveryView.class))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @QueryMapping
    @PreAuthorize(Roles.ADMINS)
    public CompletableFuture<List<DeliveredVersionView>> deliveredVersions(@Argument String consumer,
                                                                           @Argument EntityType type,
                                                                           @Argument List<String> ids) {
        if (ids.size() > FindDeliveredVersionsQuery.MAX_IDS) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED,
                    "at most " + FindDeliveredVersionsQuery.MAX_IDS + " ids at once");
        }
        return queries.query(new FindDeliveredVersionsQuery(consumer, type, ids),
                ResponseTypes.multipleInstancesOf(DeliveredVersionView.class))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @MutationMapping
    @PreAuthorize(Roles.ADMINS)
    public CompletableFuture<ParkedReplayResult> replayParkedDeliveries(@Argument String consumer, @Argument Long seq,
                                                                       Authentication authentication) {
        return commands.<ParkedReplayResult>send(Correlation.command(new ReplayParkedDeliveriesCommand(consumer, seq,
                Caller.from(authentication).actor()))).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The status of every consumer of the list in one query; consumers not pushed to have none. A {@code Consumer}
     * is only ever reached through the admins' {@code consumers} and {@code consumer} queries.
     */
    @BatchMapping(typeName = "Consumer", field = "deliveryStatus")
    public Mono<Map<ConsumerNode, DeliveryStatusNode>> deliveryStatus(List<ConsumerNode> consumers) {
        List<String> pushed = consumers.stream().filter(c -> c.delivery().pushes()).map(ConsumerNode::id).toList();
        if (pushed.isEmpty()) {
            return Mono.just(Map.of());
        }
        return Mono.fromFuture(queries.query(new FindDeliveryStatusQuery(pushed),
                ResponseTypes.multipleInstancesOf(DeliveryStatusView.class))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(found -> {
                    Map<String, DeliveryStatusView> byId = new LinkedHashMap<>();
                    found.forEach(view -> byId.put(view.consumerId(), view));
                    Map<ConsumerNode, DeliveryStatusNode> statuses = new LinkedHashMap<>();
                    consumers.forEach(c -> {
                        DeliveryStatusView view = byId.get(c.id());
                        if (view != null) {
                            statuses.put(c, DeliveryStatusNode.of(view));
                        }
                    });
                    return statuses;
                }));
    }
}
