package io.mdg.graphql.consumer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.mdg.api.EntityType;
import io.mdg.api.consumer.ConsumerDelivery;
import io.mdg.api.consumer.ConsumerSettings;
import io.mdg.api.consumer.ConsumerSubscription;
import io.mdg.api.model.ItemClass;

/** The GraphQL input {@code ConsumerInput}, as the command's settings (checked on the command side). */
public record ConsumerInput(String name, String clientId, List<EntityType> types, List<GroupsInput> attributeGroups,
                            String locationSubtree, List<ItemClass> itemClasses, ConsumerDelivery delivery,
                            String endpoint, Long lagSlaSeconds, List<String> notificationRoles) {

    /** {@code ConsumerAttributeGroupsInput}. */
    public record GroupsInput(EntityType type, List<String> groups) {
    }

    ConsumerSettings settings() {
        Map<EntityType, Set<String>> groups = new EnumMap<>(EntityType.class);
        if (attributeGroups != null) {
            for (GroupsInput entry : attributeGroups) {
                groups.computeIfAbsent(entry.type(), t -> new LinkedHashSet<>()).addAll(entry.groups());
            }
        }
        Set<ItemClass> classes = itemClasses == null || itemClasses.isEmpty() ? Set.of() : EnumSet.copyOf(itemClasses);
        Set<EntityType> received = types == null || types.isEmpty() ? Set.of() : EnumSet.copyOf(types);
        Set<String> roles = notificationRoles == null ? Set.of() : new LinkedHashSet<>(notificationRoles);
        return new ConsumerSettings(name, clientId, new ConsumerSubscription(received, groups, locationSubtree,
                classes, roles), delivery, endpoint, lagSlaSeconds == null ? null : Duration.ofSeconds(lagSlaSeconds));
    }
}
