package io.mdg.graphql.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.consumer.ConsumerDelivery;
import io.mdg.api.consumer.ConsumerSettings;
import io.mdg.api.consumer.ConsumerSubscription;
import io.mdg.api.consumer.ConsumerView;
import io.mdg.api.consumer.DeliveredVersionView;
import io.mdg.api.consumer.DeliveryStatusView;
import io.mdg.api.consumer.FindDeliveredVersionsQuery;
import io.mdg.api.consumer.FindDeliveryStatusQuery;
import io.mdg.api.consumer.FindParkedDeliveriesQuery;
import io.mdg.api.consumer.ListConsumersQuery;
import io.mdg.api.consumer.ParkedDeliveryView;
import io.mdg.api.consumer.ParkedReplayResult;
import io.mdg.api.consumer.ReplayParkedDeliveriesCommand;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.error.MdgErrorDetails;
import io.mdg.graphql.EdgeTest;

/** Admins see what push delivery parked and what each consumer has, and replay parked deliveries. */
class DeliveryGraphQlTest extends EdgeTest {

    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    @SuppressWarnings("unchecked")
    void an_admin_lists_a_consumers_parked_deliveries() throws Exception {
        ArgumentCaptor<Object> asked = ArgumentCaptor.forClass(Object.class);
        when(queryGateway.query(asked.capture(), any(ResponseType.class))).thenReturn(CompletableFuture
                .completedFuture(List.of(new ParkedDeliveryView("c-erp", 7, EntityType.SUPPLIER, "s-1", 3, "CHANGED",
                        "evt-7", 10, "HTTP 503", T, null, false), new ParkedDeliveryView("c-erp", 9,
                        EntityType.SUPPLIER, "s-1", 4, "CHANGED", "evt-9", 0, "held back", T, 7L, true))));

        graphql("parkedDeliveries", Map.of("consumer", "c-erp", "first", 5), user("ada.admin", "admin"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.parkedDeliveries[0].seq").value(7))
                .andExpect(jsonPath("$.data.parkedDeliveries[0].recordType").value("SUPPLIER"))
                .andExpect(jsonPath("$.data.parkedDeliveries[0].lastError").value("HTTP 503"))
                .andExpect(jsonPath("$.data.parkedDeliveries[0].heldBehind").doesNotExist())
                .andExpect(jsonPath("$.data.parkedDeliveries[0].parkedAt").value("2026-12-07T10:00:00Z"))
                .andExpect(jsonPath("$.data.parkedDeliveries[1].heldBehind").value(7))
                .andExpect(jsonPath("$.data.parkedDeliveries[1].replayRequested").value(true));

        assertThat(asked.getValue()).isEqualTo(new FindParkedDeliveriesQuery("c-erp", 5));
    }

    @Test
    @SuppressWarnings("unchecked")
    void an_admin_replays_one_record_or_everything_and_an_entry_not_parked_is_not_found() throws Exception {
        ArgumentCaptor<Object> sent = ArgumentCaptor.forClass(Object.class);
        when(commandGateway.send(sent.capture())).thenAnswer(call -> {
            ReplayParkedDeliveriesCommand command = (ReplayParkedDeliveriesCommand) payload(call.getArgument(0));
            if (Long.valueOf(99).equals(command.seq())) {
                return CompletableFuture.failedFuture(new CommandExecutionException("no parked entry 99", null,
                        new MdgErrorDetails(ErrorCode.NOT_FOUND, "no parked entry 99", List.of())));
            }
            return CompletableFuture.completedFuture(new ParkedReplayResult(command.consumerId(), 2, 5));
        });

        graphql("replayParkedDeliveries", Map.of("consumer", "c-erp", "seq", 7), user("ada.admin", "admin"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.replayParkedDeliveries.queued").value(2))
                .andExpect(jsonPath("$.data.replayParkedDeliveries.parked").value(5));
        assertThat(payload(sent.getValue())).isEqualTo(new ReplayParkedDeliveriesCommand("c-erp", 7L,
                Actor.user("ada.admin")));
        graphql("replayParkedDeliveries", Map.of("consumer", "c-erp"), user("ada.admin", "admin"))
                .andExpect(jsonPath("$.errors").doesNotExist());
        assertThat(payload(sent.getValue())).isEqualTo(new ReplayParkedDeliveriesCommand("c-erp", null,
                Actor.user("ada.admin")));
        graphql("replayParkedDeliveries", Map.of("consumer", "c-erp", "seq", 99), user("ada.admin", "admin"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("NOT_FOUND"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void an_admin_sees_which_version_of_each_record_a_consumer_has_removals_included() throws Exception {
        ArgumentCaptor<Object> asked = ArgumentCaptor.forClass(Object.class);
        when(queryGateway.query(asked.capture(), any(ResponseType.class))).thenReturn(CompletableFuture
                .completedFuture(List.of(new DeliveredVersionView(EntityType.ITEM, "i-1", 4, "CHANGED", 12, "evt-12",
                        T, T.plusMillis(250)), new DeliveredVersionView(EntityType.ITEM, "i-2", 0, "REMOVED", 13,
                        "evt-13", T, T.plusSeconds(1)))));

        graphql("deliveredVersions", Map.of("consumer", "c-erp", "type", "ITEM", "ids", List.of("i-1", "i-2", "i-3")),
                user("ada.admin", "admin"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.deliveredVersions.length()").value(2))
                .andExpect(jsonPath("$.data.deliveredVersions[0].version").value(4))
                .andExpect(jsonPath("$.data.deliveredVersions[0].removed").value(false))
                .andExpect(jsonPath("$.data.deliveredVersions[0].deliveredAt").value("2026-12-07T10:00:00.250Z"))
                .andExpect(jsonPath("$.data.deliveredVersions[1].removed").value(true))
                .andExpect(jsonPath("$.data.deliveredVersions[1].version").value(0));

        assertThat(asked.getValue()).isEqualTo(new FindDeliveredVersionsQuery("c-erp", EntityType.ITEM,
                List.of("i-1", "i-2", "i-3")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_delivery_status_of_every_push_consumer_listed_is_read_in_one_query() throws Exception {
        when(queryGateway.query(any(ListConsumersQuery.class), any(ResponseType.class))).thenReturn(
                CompletableFuture.completedFuture(List.of(consumer("c-erp", ConsumerDelivery.PUSH),
                        consumer("c-bi", ConsumerDelivery.PULL), consumer("c-wms", ConsumerDelivery.BOTH))));
        ArgumentCaptor<FindDeliveryStatusQuery> asked = ArgumentCaptor.forClass(FindDeliveryStatusQuery.class);
        when(queryGateway.query(asked.capture(), any(ResponseType.class))).thenReturn(CompletableFuture
                .completedFuture(List.of(new DeliveryStatusView("c-erp", DeliveryStatusView.State.PAUSED, 40, 12, 3,
                        Duration.ofSeconds(95), "HTTP 503", T, T.minusSeconds(100)), new DeliveryStatusView("c-wms",
                        DeliveryStatusView.State.ACTIVE, 52, 0, 0, Duration.ZERO, null, null, T))));

        graphql("consumersDelivery", Map.of(), user("ada.admin", "admin"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.consumers[0].deliveryStatus.state").value("PAUSED"))
                .andExpect(jsonPath("$.data.consumers[0].deliveryStatus.lagMillis").value(95_000))
                .andExpect(jsonPath("$.data.consumers[0].deliveryStatus.lastError").value("HTTP 503"))
                .andExpect(jsonPath("$.data.consumers[1].deliveryStatus").doesNotExist())
                .andExpect(jsonPath("$.data.consumers[2].deliveryStatus.state").value("ACTIVE"))
                .andExpect(jsonPath("$.data.consumers[2].deliveryStatus.ackedSeq").value(52));

        verify(queryGateway, times(1)).query(any(FindDeliveryStatusQuery.class), any(ResponseType.class));
        assertThat(asked.getValue().consumerIds()).containsExactly("c-erp", "c-wms");
    }

    @Test
    void only_admins_see_or_replay_deliveries() throws Exception {
        for (var caller : List.of(user("sam.supplier", "supplier-steward", "auditor"), sourceClient("erp", "ERP"))) {
            graphql("parkedDeliveries", Map.of("consumer", "c-erp"), caller)
                    .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"));
            graphql("deliveredVersions", Map.of("consumer", "c-erp", "type", "ITEM", "ids", List.of("i-1")), caller)
                    .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"));
            graphql("replayParkedDeliveries", Map.of("consumer", "c-erp"), caller)
                    .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"));
        }
        verify(commandGateway, never()).send(any());
    }

    private static ConsumerView consumer(String id, ConsumerDelivery delivery) {
        ConsumerSettings settings = new ConsumerSettings(id, id, new ConsumerSubscription(Set.of(EntityType.ITEM),
                Map.of(), null, Set.of()), delivery, delivery.pushes() ? "https://" + id + ".example/hooks" : null,
                null);
        return new ConsumerView(id, settings, T, Actor.user("ada.admin"), T, Actor.user("ada.admin"), null);
    }
}
