package io.mdg.graphql.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.axonframework.messaging.responsetypes.ResponseType;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.consumer.ConsumerDelivery;
import io.mdg.api.consumer.ConsumerRegistration;
import io.mdg.api.consumer.ConsumerSettings;
import io.mdg.api.consumer.ConsumerSubscription;
import io.mdg.api.consumer.ConsumerView;
import io.mdg.api.consumer.FindConsumerQuery;
import io.mdg.api.consumer.ListConsumersQuery;
import io.mdg.api.consumer.RegisterConsumerCommand;
import io.mdg.api.consumer.WebhookSecret;
import io.mdg.api.model.ItemClass;
import io.mdg.graphql.EdgeTest;

/** Admins register consumers: the command carries the input's settings, the answer the secret made, once. */
class ConsumerGraphQlTest extends EdgeTest {

    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");
    private static final ConsumerSettings SETTINGS = new ConsumerSettings("Inventory east", "inventory",
            new ConsumerSubscription(Set.of(EntityType.ITEM, EntityType.LOCATION),
                    Map.of(EntityType.ITEM, Set.of("description", "packaging")), "l-east", Set.of(ItemClass.IMPLANT)),
            ConsumerDelivery.BOTH, "https://inventory.example/hooks", Duration.ofSeconds(90));
    private static final Map<String, Object> INPUT = Map.of("name", "Inventory east", "clientId", "inventory",
            "types", List.of("ITEM", "LOCATION"),
            "attributeGroups", List.of(Map.of("type", "ITEM", "groups", List.of("packaging", "description"))),
            "locationSubtree", "l-east", "itemClasses", List.of("IMPLANT"), "delivery", "BOTH",
            "endpoint", "https://inventory.example/hooks", "lagSlaSeconds", 90);

    @Test
    @SuppressWarnings("unchecked")
    void an_admin_registers_a_consumer_and_gets_its_signing_secret_once() throws Exception {
        WebhookSecret secret = WebhookSecret.generate();
        ArgumentCaptor<Object> sent = ArgumentCaptor.forClass(Object.class);
        when(commandGateway.send(sent.capture())).thenAnswer(call -> {
            RegisterConsumerCommand command = (RegisterConsumerCommand) payload(call.getArgument(0));
            return CompletableFuture.completedFuture(new ConsumerRegistration(command.consumerId(), secret));
        });
        when(queryGateway.query(any(FindConsumerQuery.class), any(ResponseType.class))).thenAnswer(call -> {
            FindConsumerQuery query = call.getArgument(0);
            return CompletableFuture.completedFuture(Optional.of(new ConsumerView(query.consumerId(), SETTINGS, T,
                    Actor.user("ada.admin"), T, Actor.user("ada.admin"), T)));
        });

        graphql("registerConsumer", Map.of("input", INPUT), user("ada.admin", "admin"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.registerConsumer.webhookSecret").value(secret.value()))
                .andExpect(jsonPath("$.data.registerConsumer.consumer.name").value("Inventory east"))
                .andExpect(jsonPath("$.data.registerConsumer.consumer.types[0]").value("ITEM"))
                .andExpect(jsonPath("$.data.registerConsumer.consumer.attributeGroups[0].groups[0]")
                        .value("description"))
                .andExpect(jsonPath("$.data.registerConsumer.consumer.locationSubtree").value("l-east"))
                .andExpect(jsonPath("$.data.registerConsumer.consumer.lagSlaSeconds").value(90))
                .andExpect(jsonPath("$.data.registerConsumer.consumer.registeredBy").value("ada.admin"))
                .andExpect(jsonPath("$.data.registerConsumer.consumer.secretIssuedAt").value("2026-12-07T10:00:00Z"));

        RegisterConsumerCommand command = (RegisterConsumerCommand) payload(sent.getValue());
        assertThat(command.settings()).isEqualTo(SETTINGS);
        assertThat(command.actor()).isEqualTo(Actor.user("ada.admin"));
        assertThat(command.consumerId()).startsWith("consumer-");
    }

    @Test
    void only_admins_register_or_list_consumers() throws Exception {
        for (var caller : List.of(user("sam.supplier", "supplier-steward", "auditor"), sourceClient("erp", "ERP"))) {
            graphql("registerConsumer", Map.of("input", INPUT), caller)
                    .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"));
            graphql("consumers", Map.of(), caller)
                    .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"));
        }
        verify(commandGateway, never()).send(any());
    }

    @Test
    @SuppressWarnings("unchecked")
    void consumers_are_listed_and_an_overlap_beyond_30_days_is_refused() throws Exception {
        when(queryGateway.query(any(ListConsumersQuery.class), any(ResponseType.class))).thenReturn(
                CompletableFuture.completedFuture(List.of(new ConsumerView("c-1", SETTINGS, T,
                        Actor.user("ada.admin"), T, Actor.user("ada.admin"), T))));
        graphql("consumers", Map.of(), user("ada.admin", "admin"))
                .andExpect(jsonPath("$.data.consumers[0].id").value("c-1"))
                .andExpect(jsonPath("$.data.consumers[0].delivery").value("BOTH"));
        graphql("rotateConsumerSecret", Map.of("id", "c-1", "overlapHours", 721), user("ada.admin", "admin"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("VALIDATION_FAILED"));
        verify(commandGateway, never()).send(any());
    }
}
