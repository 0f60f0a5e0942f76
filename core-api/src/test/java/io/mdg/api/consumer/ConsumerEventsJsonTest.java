package io.mdg.api.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;

/**
 * Events are kept forever: a registration stored before a consumer could ask for an initial load loads (as Axon's
 * Jackson serializer reads it) as one without, and the new shape round-trips.
 */
class ConsumerEventsJsonTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final ConsumerSettings PULL = new ConsumerSettings("BI", "analytics",
            new ConsumerSubscription(Set.of(EntityType.SUPPLIER), Map.of(), null, Set.of()), ConsumerDelivery.PULL,
            null, null);

    @Test
    void a_registration_stored_before_initial_loads_existed_loads_as_one_without() throws Exception {
        ConsumerRegisteredEvent old = json.readValue("""
                {"consumerId":"c-1","settings":{"name":"BI","clientId":"analytics",
                  "subscription":{"types":["SUPPLIER"],"attributeGroups":{},"locationSubtree":null,"itemClasses":[]},
                  "delivery":"PULL","endpoint":null,"lagSla":null},
                 "webhookSecret":null,"actor":{"type":"USER","name":"ada.admin"}}""", ConsumerRegisteredEvent.class);

        assertThat(old).isEqualTo(new ConsumerRegisteredEvent("c-1", PULL, null, Actor.user("ada.admin")));
        assertThat(old.initialLoad()).isFalse();
    }

    @Test
    void a_registration_with_an_initial_load_round_trips() throws Exception {
        ConsumerRegisteredEvent event = new ConsumerRegisteredEvent("c-1", PULL, null, true, Actor.user("ada.admin"));

        assertThat(json.readValue(json.writeValueAsString(event), ConsumerRegisteredEvent.class)).isEqualTo(event);
    }

    @Test
    void a_registration_with_steward_notification_roles_round_trips() throws Exception {
        ConsumerSettings teams = new ConsumerSettings("Teams", "teams", new ConsumerSubscription(Set.of(), Map.of(),
                null, Set.of(), Set.of("supplier-steward")), ConsumerDelivery.PUSH, "https://teams.example/hook", null);
        ConsumerRegisteredEvent event = new ConsumerRegisteredEvent("c-2", teams, null, false, Actor.user("ada.admin"));

        ConsumerRegisteredEvent read = json.readValue(json.writeValueAsString(event), ConsumerRegisteredEvent.class);

        assertThat(read).isEqualTo(event);
        assertThat(read.settings().subscription().notificationRoles()).containsExactly("supplier-steward");
    }
}
