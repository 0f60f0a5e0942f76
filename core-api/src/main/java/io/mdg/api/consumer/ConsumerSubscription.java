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
 */
public record ConsumerSubscription(Set<EntityType> types, Map<EntityType, Set<String>> attributeGroups,
                                   String locationSubtree, Set<ItemClass> itemClasses) {

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
    }
}
