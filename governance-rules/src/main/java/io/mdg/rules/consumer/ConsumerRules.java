package io.mdg.rules.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.mdg.api.EntityType;
import io.mdg.api.consumer.ConsumerDelivery;
import io.mdg.api.consumer.ConsumerSettings;
import io.mdg.api.consumer.ConsumerSubscription;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.LocationAttributes;
import io.mdg.api.model.MasterAttributes;
import io.mdg.rules.Violation;
import io.mdg.rules.policy.AttributeGroup;
import io.mdg.rules.policy.GovernancePolicy;

/**
 * What a consumer's settings must say to be registered: a name and a client, at least one record type, attribute
 * groups that the rules file has for those types, filters only for the types they filter (a location subtree for
 * locations, item classes for items), an endpoint exactly when the consumer is pushed to, one the
 * {@link EndpointPolicy} allows (in production: https, no user info, public addresses only), and a positive lag
 * target of at most a week. Every problem is reported at once, with the field it concerns.
 */
public final class ConsumerRules {

    static final int MAX_NAME = 100;
    static final Duration MAX_LAG_SLA = Duration.ofDays(7);
    private static final String CLIENT_ID = "[A-Za-z0-9._-]{1,64}";

    private ConsumerRules() {
    }

    /**
     * Whether the subscription filters records of this type by their values (item classes for items, a subtree for
     * locations): only then does whether a record is received depend on more than its type.
     */
    public static boolean filters(ConsumerSubscription subscription, EntityType type) {
        return type == EntityType.ITEM && !subscription.itemClasses().isEmpty()
                || type == EntityType.LOCATION && subscription.locationSubtree() != null;
    }

    /** Deepest location hierarchy followed up from a location to its subtree (a cycle in bad data ends there). */
    static final int MAX_LOCATION_DEPTH = 32;

    /**
     * Whether a consumer receives a golden record as it stands: a type it subscribes to, and for an item one of its
     * item classes (none named: every item), for a location the subtree's root or one of the locations under it
     * (none named: every location). Other types are not filtered.
     *
     * @param attributes the record's golden values (at the version in question)
     * @param parentOf   a location's parent's golden id as it stands now (empty: none or not known); the record's
     *                   own parent comes from {@code attributes}
     */
    public static boolean receives(ConsumerSubscription subscription, EntityType type, String recordId,
                                   MasterAttributes attributes, Function<String, Optional<String>> parentOf) {
        if (!subscription.types().contains(type)) {
            return false;
        }
        if (!filters(subscription, type)) {
            return true;
        }
        if (attributes instanceof ItemAttributes item && !subscription.itemClasses().isEmpty()) {
            return item.itemClass() != null && subscription.itemClasses().contains(item.itemClass());
        }
        if (attributes instanceof LocationAttributes location && subscription.locationSubtree() != null) {
            String root = subscription.locationSubtree();
            if (root.equals(recordId)) {
                return true;
            }
            Optional<String> above = location.parent() == null || location.parent().id() == null ? Optional.empty()
                    : Optional.of(location.parent().id());
            for (int depth = 0; above.isPresent() && depth < MAX_LOCATION_DEPTH; depth++) {
                if (above.get().equals(root)) {
                    return true;
                }
                above = parentOf.apply(above.get());
            }
            return false;
        }
        return true;
    }

    /**
     * The violations of the settings under the rules file's groups; empty when they may be registered.
     *
     * @param endpoints where a push consumer's endpoint may point (it resolves the endpoint's host)
     */
    public static List<Violation> check(ConsumerSettings settings, GovernancePolicy policy,
                                        EndpointPolicy endpoints) {
        List<Violation> problems = new ArrayList<>();
        if (settings.name() == null || settings.name().isEmpty()) {
            problems.add(new Violation("name", "REQUIRED", "a consumer needs a name"));
        } else if (settings.name().length() > MAX_NAME || settings.name().chars().anyMatch(Character::isISOControl)) {
            problems.add(new Violation("name", "INVALID_VALUE",
                    "a name has at most " + MAX_NAME + " characters and no control characters"));
        }
        if (settings.clientId() == null || settings.clientId().isEmpty()) {
            problems.add(new Violation("clientId", "REQUIRED",
                    "a consumer needs the identity provider's client its system authenticates as"));
        } else if (!settings.clientId().matches(CLIENT_ID)) {
            problems.add(new Violation("clientId", "INVALID_VALUE",
                    "a client id is 1 to 64 letters, digits, '.', '_' or '-'"));
        }
        subscription(settings.subscription(), policy, problems);
        delivery(settings, endpoints, problems);
        if (settings.lagSla() != null
                && (settings.lagSla().isNegative() || settings.lagSla().isZero()
                || settings.lagSla().compareTo(MAX_LAG_SLA) > 0)) {
            problems.add(new Violation("lagSla", "INVALID_VALUE", "a lag target is positive and at most 7 days"));
        }
        return problems;
    }

    private static void subscription(ConsumerSubscription subscription, GovernancePolicy policy,
                                     List<Violation> problems) {
        if (subscription == null || subscription.types().isEmpty() && subscription.notificationRoles().isEmpty()) {
            problems.add(new Violation("subscription.types", "REQUIRED",
                    "a consumer receives at least one record type, or the steward notifications of a role"));
            return;
        }
        notificationRoles(subscription, policy, problems);
        subscription.attributeGroups().forEach((type, groups) -> {
            String field = "subscription.attributeGroups." + type;
            if (!subscription.types().contains(type)) {
                problems.add(new Violation(field, "INVALID_VALUE",
                        "attribute groups of " + type + ", which the consumer does not receive"));
                return;
            }
            Set<String> known = policy.groups(type).stream().map(AttributeGroup::name)
                    .collect(Collectors.toCollection(TreeSet::new));
            for (String group : new TreeSet<>(groups)) {
                if (!known.contains(group)) {
                    problems.add(new Violation(field, "UNKNOWN_GROUP", "the rules file has no attribute group '"
                            + group + "' for " + type + " (its groups: " + String.join(", ", known) + ")"));
                }
            }
        });
        if (subscription.locationSubtree() != null && !subscription.types().contains(EntityType.LOCATION)) {
            problems.add(new Violation("subscription.locationSubtree", "INVALID_VALUE",
                    "a location subtree filters locations, which the consumer does not receive"));
        }
        if (!subscription.itemClasses().isEmpty() && !subscription.types().contains(EntityType.ITEM)) {
            problems.add(new Violation("subscription.itemClasses", "INVALID_VALUE",
                    "item classes filter items, which the consumer does not receive"));
        }
    }

    /** The roles of steward notifications: roles the rules give approval steps or escalations to. */
    private static void notificationRoles(ConsumerSubscription subscription, GovernancePolicy policy,
                                          List<Violation> problems) {
        if (subscription.notificationRoles().isEmpty()) {
            return;
        }
        Set<String> known = new TreeSet<>();
        for (EntityType type : EntityType.values()) {
            known.addAll(policy.deciderRoles(type));
            policy.escalationRole(type).ifPresent(known::add);
        }
        for (String role : new TreeSet<>(subscription.notificationRoles())) {
            if (!known.contains(role)) {
                problems.add(new Violation("subscription.notificationRoles", "INVALID_VALUE", "the rules give '"
                        + role + "' no approval step nor escalation (their roles: " + String.join(", ", known) + ")"));
            }
        }
    }

    private static void delivery(ConsumerSettings settings, EndpointPolicy endpoints, List<Violation> problems) {
        ConsumerDelivery delivery = settings.delivery();
        if (delivery == null) {
            problems.add(new Violation("delivery", "REQUIRED", "a consumer is pulled from, pushed to or both"));
            return;
        }
        String endpoint = settings.endpoint();
        if (!delivery.pushes()) {
            if (endpoint != null) {
                problems.add(new Violation("endpoint", "INVALID_VALUE",
                        "a pull consumer has no endpoint (deliver PUSH or BOTH to post changes to it)"));
            }
            return;
        }
        if (endpoint == null) {
            problems.add(new Violation("endpoint", "REQUIRED", "a push consumer needs the URL changes are posted to"));
            return;
        }
        if (endpoints.check(endpoint) instanceof EndpointPolicy.Refused refused) {
            problems.add(new Violation("endpoint", refused.unresolved() ? "UNRESOLVED_HOST" : "INVALID_VALUE",
                    refused.message()));
        }
    }
}
