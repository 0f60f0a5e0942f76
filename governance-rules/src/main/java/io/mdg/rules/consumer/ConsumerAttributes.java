package io.mdg.rules.consumer;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.mdg.api.EntityType;
import io.mdg.api.consumer.ConsumerSubscription;
import io.mdg.rules.policy.AttributeGroup;
import io.mdg.rules.policy.GovernancePolicy;

/**
 * Which attributes of a record a consumer receives in its change feed: those of the rules file's attribute groups
 * its subscription names for the record's type (none named: every group's); none of a type it does not subscribe to.
 * Made once from the rules file's groups, so that those who serve consumers (the query side) need the groups'
 * names and attributes only, never the governance policy itself (owners, risk, approvals). Whether a bank account
 * among the received attributes arrives in full or masked is the access rules' business
 * ({@code AccessRules.deliversBankAccounts}).
 */
public final class ConsumerAttributes {

    private final Map<EntityType, Map<String, List<String>>> groups;

    private ConsumerAttributes(Map<EntityType, Map<String, List<String>>> groups) {
        this.groups = groups;
    }

    /** The attribute groups of the rules file's policy. */
    public static ConsumerAttributes of(GovernancePolicy policy) {
        Map<EntityType, Map<String, List<String>>> groups = new EnumMap<>(EntityType.class);
        for (EntityType type : EntityType.values()) {
            Map<String, List<String>> named = new LinkedHashMap<>();
            for (AttributeGroup group : policy.groups(type)) {
                named.put(group.name(), List.copyOf(group.attributes()));
            }
            groups.put(type, Collections.unmodifiableMap(named));
        }
        return new ConsumerAttributes(Collections.unmodifiableMap(groups));
    }

    /** The attributes of {@code type} that a consumer with this subscription receives. */
    public Set<String> received(ConsumerSubscription subscription, EntityType type) {
        if (!subscription.types().contains(type)) {
            return Set.of();
        }
        Set<String> named = subscription.attributeGroups().get(type);
        Set<String> attributes = new LinkedHashSet<>();
        groups.getOrDefault(type, Map.of()).forEach((group, members) -> {
            if (named == null || named.contains(group)) {
                attributes.addAll(members);
            }
        });
        return Collections.unmodifiableSet(attributes);
    }
}
