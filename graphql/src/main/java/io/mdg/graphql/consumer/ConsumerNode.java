package io.mdg.graphql.consumer;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.mdg.api.EntityType;
import io.mdg.api.consumer.ConsumerDelivery;
import io.mdg.api.consumer.ConsumerSettings;
import io.mdg.api.consumer.ConsumerView;
import io.mdg.api.model.ItemClass;

/** A consumer as the GraphQL type {@code Consumer} shows it. */
public record ConsumerNode(String id, String name, String clientId, List<EntityType> types,
                           List<Groups> attributeGroups, String locationSubtree, List<ItemClass> itemClasses,
                           ConsumerDelivery delivery, String endpoint, Long lagSlaSeconds, Instant registeredAt,
                           String registeredBy, Instant changedAt, String changedBy, Instant secretIssuedAt,
                           List<String> notificationRoles) {

    /** {@code ConsumerAttributeGroups}. */
    public record Groups(EntityType type, List<String> groups) {
    }

    static ConsumerNode of(ConsumerView view) {
        ConsumerSettings s = view.settings();
        List<Groups> groups = s.subscription().attributeGroups().entrySet().stream().sorted(java.util.Map.Entry
                .comparingByKey()).map(e -> new Groups(e.getKey(), List.copyOf(new TreeSet<>(e.getValue())))).toList();
        return new ConsumerNode(view.consumerId(), s.name(), s.clientId(), sorted(s.subscription().types()), groups,
                s.subscription().locationSubtree(), sorted(s.subscription().itemClasses()), s.delivery(),
                s.endpoint(), s.lagSla() == null ? null : s.lagSla().toSeconds(), view.registeredAt(),
                view.registeredBy().name(), view.changedAt(), view.changedBy().name(), view.secretIssuedAt(),
                List.copyOf(new TreeSet<>(s.subscription().notificationRoles())));
    }

    private static <E extends Enum<E>> List<E> sorted(Set<E> values) {
        return values.stream().sorted().toList();
    }
}
