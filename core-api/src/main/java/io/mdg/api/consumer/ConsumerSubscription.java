package io.mdg.api.consumer;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.mdg.api.EntityType;
import io.mdg.api.model.ItemClass;

/**
 * What a consumer receives: golden records of these types, of each type only the attributes of the named attribute
 * groups of the rules file (none named: every group), optionally only the locations under one location (a facility
 * subtree, the location itself included) and only the items of some item classes.
 *
 * @param types           the record types received (at least one)
 * @param attributeGroups per type, the rules file's attribute groups received; a type not named: all of them
 * @param locationSubtree golden id of a location: only it and the locations under it; null: every location
 * @param itemClasses     only items of these classes; empty: every item
 * @param notificationRoles the roles whose steward notifications it receives as well (a request reached a step of
 *                        the role, escalated to it, expired: e.g. for a team channel's webhook); empty: none (null in
 *                        events stored before consumers could receive them)
 */
public record ConsumerSubscription(Set<EntityType> types, Map<EntityType, Set<String>> attributeGroups,
                                   String locationSubtree, Set<ItemClass> itemClasses,
                                   Set<String> notificationRoles) {

    /** A subscription to golden records only (no steward notifications). */
    public ConsumerSubscription(Set<EntityType> types, Map<EntityType, Set<String>> attributeGroups,
                                String locationSubtree, Set<ItemClass> itemClasses) {
        this(types, attributeGroups, locationSubtree, itemClasses, null);
    }

    public ConsumerSubscription {
        types = types == null ? Set.of() : Set.copyOf(types);
        Map<EntityType, Set<String>> groups = new HashMap<>();
        if (attributeGroups != null) {
            attributeGroups.forEach((type, names) -> {
                if (type != null && names != null && !names.isEmpty()) {
                    groups.put(type, Set.copyOf(names));
                }
            });
        }
        attributeGroups = Map.copyOf(groups);
        locationSubtree = locationSubtree == null || locationSubtree.isBlank() ? null : locationSubtree.strip();
        itemClasses = itemClasses == null ? Set.of() : Set.copyOf(itemClasses);
        notificationRoles = notificationRoles == null ? Set.of() : notificationRoles.stream()
                .filter(java.util.Objects::nonNull).map(String::strip)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
