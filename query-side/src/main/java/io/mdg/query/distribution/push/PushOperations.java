package io.mdg.query.distribution.push;

import java.util.List;
import java.util.NoSuchElementException;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.consumer.DeliveredVersionView;
import io.mdg.api.consumer.DeliveryStatusView;
import io.mdg.api.consumer.FindDeliveredVersionsQuery;
import io.mdg.api.consumer.FindDeliveryStatusQuery;
import io.mdg.api.consumer.FindParkedDeliveriesQuery;
import io.mdg.api.consumer.ParkedDeliveriesReplayedEvent;
import io.mdg.api.consumer.ParkedDeliveryView;
import io.mdg.api.consumer.ParkedReplayResult;
import io.mdg.api.consumer.ReplayParkedDeliveriesCommand;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.error.MdgErrorDetails;

/**
 * The operators' messages about push delivery, handled where it runs: parked deliveries (list, replay), the delivered
 * versions and each consumer's delivery status. A replay is published as an event (in the command's unit of work,
 * so it carries the request's correlation id) for the audit trail. Who may send them is the edge's business (admins
 * only).
 */
@Component
@Profile("query")
public class PushOperations {

    private static final Logger log = LoggerFactory.getLogger(PushOperations.class);

    private final PushDeliveries deliveries;
    private final EventGateway events;

    public PushOperations(PushDeliveries deliveries, EventGateway events) {
        this.deliveries = deliveries;
        this.events = events;
    }

    @QueryHandler
    public List<ParkedDeliveryView> handle(FindParkedDeliveriesQuery query) {
        return deliveries.parked(query.consumerId(), query.limit());
    }

    @QueryHandler
    public List<DeliveredVersionView> handle(FindDeliveredVersionsQuery query) {
        return deliveries.delivered(query.consumerId(), query.type(), query.recordIds());
    }

    @QueryHandler
    public List<DeliveryStatusView> handle(FindDeliveryStatusQuery query) {
        return deliveries.status(query.consumerIds());
    }

    /** Queues the replay (the consumer's worker delivers it at its next step) and audits it. */
    @CommandHandler
    public ParkedReplayResult handle(ReplayParkedDeliveriesCommand command) {
        ParkedReplayResult result;
        try {
            result = deliveries.replay(command.consumerId(), command.seq());
        } catch (NoSuchElementException e) {
            throw new CommandExecutionException(e.getMessage(), null,
                    new MdgErrorDetails(ErrorCode.NOT_FOUND, e.getMessage(), List.of()));
        }
        log.info("{} replays {} parked deliveries of consumer {}{}", command.actor(), result.queued(),
                command.consumerId(), command.seq() == null ? "" : " (the record of entry " + command.seq() + ")");
        events.publish(new ParkedDeliveriesReplayedEvent(command.consumerId(), command.seq(), command.actor(),
                result.queued(), result.parked()));
        return result;
    }
}
