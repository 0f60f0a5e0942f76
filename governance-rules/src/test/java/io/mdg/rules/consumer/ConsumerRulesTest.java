package io.mdg.rules.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.mdg.api.EntityType;
import io.mdg.api.consumer.ConsumerDelivery;
import io.mdg.api.consumer.ConsumerSettings;
import io.mdg.api.consumer.ConsumerSubscription;
import io.mdg.api.model.ItemClass;
import io.mdg.rules.Violation;
import io.mdg.rules.file.RulesFile;
import io.mdg.rules.policy.GovernancePolicy;

class ConsumerRulesTest {

    private static final GovernancePolicy POLICY = RulesFile.loadDefault().policy();
    /** Names of example.org resolve to a public address, others not at all; IP literals are themselves. */
    private static final EndpointPolicy.Resolver RESOLVER = host -> {
        if (host.endsWith(".example")) {
            return new java.net.InetAddress[] {java.net.InetAddress.getByName("93.184.215.14")};
        }
        if (host.matches("[0-9.]+|.*:.*")) {
            return new java.net.InetAddress[] {java.net.InetAddress.getByName(host)};
        }
        throw new java.net.UnknownHostException(host);
    };
    private static final EndpointPolicy PRODUCTION = EndpointPolicy.production(RESOLVER);

    private static ConsumerSubscription items() {
        return new ConsumerSubscription(Set.of(EntityType.ITEM), Map.of(), null, Set.of(ItemClass.IMPLANT));
    }

    private static List<Violation> check(ConsumerSettings settings) {
        return ConsumerRules.check(settings, POLICY, PRODUCTION);
    }

    private static List<String> fields(List<Violation> violations) {
        return violations.stream().map(v -> v.field() + " " + v.code()).toList();
    }

    @Test
    void a_pull_consumer_and_a_push_consumer_over_https_are_accepted() {
        assertThat(check(new ConsumerSettings("Analytics", "analytics", items(), ConsumerDelivery.PULL, null,
                Duration.ofMinutes(5)))).isEmpty();
        ConsumerSubscription suppliers = new ConsumerSubscription(Set.of(EntityType.SUPPLIER),
                Map.of(EntityType.SUPPLIER, Set.of("legal-identity", "ordering")), null, Set.of());
        assertThat(check(new ConsumerSettings("ERP purchasing", "erp", suppliers, ConsumerDelivery.BOTH,
                "https://erp.hospital.example/mdg/hooks", null))).isEmpty();
    }

    @Test
    void a_consumer_without_name_client_types_or_delivery_is_refused_naming_each() {
        assertThat(fields(check(new ConsumerSettings(" ", null, null, null, null, null)))).containsExactly(
                "name REQUIRED", "clientId REQUIRED", "subscription.types REQUIRED", "delivery REQUIRED");
        assertThat(fields(check(new ConsumerSettings("x".repeat(101), "erp client", items(), ConsumerDelivery.PULL,
                null, Duration.ZERO)))).containsExactly("name INVALID_VALUE", "clientId INVALID_VALUE",
                "lagSla INVALID_VALUE");
    }

    @Test
    void a_consumer_of_steward_notifications_only_is_accepted_for_the_rules_approval_and_escalation_roles_only() {
        ConsumerSubscription known = new ConsumerSubscription(Set.of(), Map.of(), null, Set.of(),
                Set.of("supplier-steward", "finance-controller"));
        assertThat(check(new ConsumerSettings("Teams", "teams", known, ConsumerDelivery.PUSH,
                "https://teams.hospital.example/hooks", null))).isEmpty();
        ConsumerSubscription unknown = new ConsumerSubscription(Set.of(), Map.of(), null, Set.of(),
                Set.of("supplier-steward", "janitor"));
        List<Violation> problems = check(new ConsumerSettings("Teams", "teams", unknown, ConsumerDelivery.PULL, null,
                null));
        assertThat(fields(problems)).containsExactly("subscription.notificationRoles INVALID_VALUE");
        assertThat(problems.get(0).message()).contains("'janitor'").contains("supplier-steward");
    }

    @Test
    void attribute_groups_must_be_the_rules_files_groups_of_a_received_type() {
        ConsumerSubscription subscription = new ConsumerSubscription(Set.of(EntityType.SUPPLIER),
                Map.of(EntityType.SUPPLIER, Set.of("banking", "payments"), EntityType.ITEM, Set.of("packaging")),
                null, Set.of());
        List<Violation> problems = check(new ConsumerSettings("ERP", "erp", subscription, ConsumerDelivery.PULL,
                null, null));
        assertThat(fields(problems)).containsExactlyInAnyOrder("subscription.attributeGroups.SUPPLIER UNKNOWN_GROUP",
                "subscription.attributeGroups.ITEM INVALID_VALUE");
        assertThat(problems).anySatisfy(v -> assertThat(v.message()).contains("'payments'")
                .contains("legal-identity").contains("screening"));
    }

    @Test
    void filters_apply_only_to_the_types_they_filter() {
        ConsumerSubscription subscription = new ConsumerSubscription(Set.of(EntityType.SUPPLIER), Map.of(), "l-1",
                Set.of(ItemClass.LAB));
        assertThat(fields(check(new ConsumerSettings("ERP", "erp", subscription, ConsumerDelivery.PULL, null,
                null)))).containsExactly("subscription.locationSubtree INVALID_VALUE",
                "subscription.itemClasses INVALID_VALUE");
    }

    @Test
    void an_endpoint_is_required_for_push_refused_for_pull_and_must_be_an_https_url_of_a_public_host() {
        assertThat(fields(check(new ConsumerSettings("A", "a", items(), ConsumerDelivery.PUSH, null, null))))
                .containsExactly("endpoint REQUIRED");
        assertThat(fields(check(new ConsumerSettings("A", "a", items(), ConsumerDelivery.PULL,
                "https://a.example/h", null)))).containsExactly("endpoint INVALID_VALUE");
        for (String bad : List.of("http://a.example/h", "ftp://a.example/h", "https:///h", "https://u:p@a.example/h",
                "https://a.example/h#x", "https://a example/h", "https://10.1.2.3/h", "https://169.254.169.254/h",
                "https://127.0.0.1/h")) {
            assertThat(fields(check(new ConsumerSettings("A", "a", items(), ConsumerDelivery.PUSH, bad, null))))
                    .as(bad).containsExactly("endpoint INVALID_VALUE");
        }
        List<Violation> unresolved = check(new ConsumerSettings("A", "a", items(), ConsumerDelivery.PUSH,
                "https://nowhere.invalid/h", null));
        assertThat(fields(unresolved)).containsExactly("endpoint UNRESOLVED_HOST");
        assertThat(unresolved.get(0).message()).contains("https://nowhere.invalid/h", "does not resolve");
        assertThat(ConsumerRules.check(new ConsumerSettings("A", "a", items(), ConsumerDelivery.PUSH,
                "http://127.0.0.1:8999/h", null), POLICY, EndpointPolicy.permissive(RESOLVER))).isEmpty();
    }
}
