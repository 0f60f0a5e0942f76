package io.mdg.query.distribution.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.mdg.rules.InForce;
import io.mdg.api.Actor;
import io.mdg.api.ApprovalStep;
import io.mdg.api.EntityType;
import io.mdg.api.changerequest.ChangeAction;
import io.mdg.api.changerequest.ChangeRequestExpiredEvent;
import io.mdg.api.changerequest.ChangeRequestOpenedEvent;
import io.mdg.api.consumer.ConsumerDelivery;
import io.mdg.api.consumer.ConsumerRegisteredEvent;
import io.mdg.api.consumer.ConsumerSettings;
import io.mdg.api.consumer.ConsumerSubscription;
import io.mdg.api.consumer.WebhookSecret;
import io.mdg.api.feed.ChangeMetaData;
import io.mdg.postgres.PostgresPerClass;
import io.mdg.query.changerequest.StewardNotifications;
import io.mdg.query.consumer.ConsumerRegistry;
import io.mdg.query.distribution.ConsumerFeeds;
import io.mdg.query.distribution.OutboxSignal;
import io.mdg.query.distribution.push.PushReceiver.Answer;
import io.mdg.query.history.PostgresRecordVersions;
import io.mdg.query.record.MemoryRecordReadModel;
import io.mdg.query.support.Events;
import io.mdg.query.support.TestCipher;
import io.mdg.rules.consumer.ConsumerAttributes;
import io.mdg.rules.consumer.EndpointPolicy;
import io.mdg.rules.file.RulesFile;

/**
 * Steward notifications pushed to a consumer's webhook (e.g. a team channel's) through the same machinery as
 * golden-record changes: the real notification feed and consumer feeds on a real PostgreSQL, the real push delivery,
 * and a real endpoint (a JDK HTTP server verifying every POST's Standard Webhooks signature).
 */
class NotificationPushTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TEAMS = "consumer-teams";

    @RegisterExtension
    static final PostgresPerClass postgres = new PostgresPerClass();

    private final TestCipher cipher = new TestCipher();
    private final String secret = WebhookSecret.generate().value();
    private final List<AutoCloseable> running = new ArrayList<>();
    private ConsumerRegistry registry;
    private ConsumerFeeds feeds;
    private AnnotationEventHandlerAdapter notifications;
    private Instant clock = Instant.now().minusSeconds(60);

    @BeforeEach
    void newService() {
        List<String> tables = new ArrayList<>(PushState.TABLES);
        tables.addAll(List.of("mdg_change_outbox", "mdg_consumer_feed", "mdg_consumer_cursor", "mdg_consumer_scope",
                "record_versions", "mdg_consumer", StewardNotifications.TABLE, "mdg_steward_notification_requests"));
        postgres.dropTables(tables);
        registry = new ConsumerRegistry(postgres.dataSource(), cipher);
        notifications = new AnnotationEventHandlerAdapter(new StewardNotifications(postgres.dataSource()));
        RulesFile rules = RulesFile.load("");
        new io.mdg.query.distribution.ChangeOutbox(postgres.dataSource(), new OutboxSignal()); // its table
        feeds = new ConsumerFeeds(postgres.dataSource(), registry,
                new PostgresRecordVersions(postgres.dataSource(), cipher), new MemoryRecordReadModel(),
                InForce.always(ConsumerAttributes.of(rules.policy())), InForce.always(rules.access()), new OutboxSignal(),
                Duration.ofMillis(50));
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable closeable : running) {
            closeable.close();
        }
    }

    @Test
    void a_push_consumer_of_a_roles_notifications_receives_them_signed_and_retried_until_acknowledged()
            throws Exception {
        PushReceiver receiver = PushReceiver.start(secret, call -> call == 1 ? Answer.of(503) : Answer.of(204));
        running.add(receiver::stop);
        new AnnotationEventHandlerAdapter(registry).handle(new GenericDomainEventMessage<>("Consumer", TEAMS, 0,
                new ConsumerRegisteredEvent(TEAMS, new ConsumerSettings("Teams", "teams", new ConsumerSubscription(
                        Set.of(), Map.of(), null, Set.of(), Set.of("supplier-steward")), ConsumerDelivery.PUSH,
                        receiver.url(), null), new WebhookSecret(secret), Actor.user("ada.admin")), MetaData.emptyInstance(),
                UUID.randomUUID().toString(), clock));
        feeds.start();
        running.add(feeds::stop);
        PushDeliveries deliveries = new PushDeliveries(registry, feeds, postgres.dataSource(), cipher,
                new SimpleMeterRegistry(), new PushSettings(10, 2, Duration.ofMillis(20), Duration.ofMillis(50),
                Duration.ofMillis(10), Duration.ofMillis(50), 5, 3, Duration.ofMillis(200), Duration.ofSeconds(1),
                Duration.ofSeconds(2)), EndpointPolicy.permissive(EndpointPolicy.Resolver.SYSTEM), Clock.systemUTC());
        deliveries.start();
        running.add(deliveries::stop);

        publish(new ChangeRequestOpenedEvent("cr-1", EntityType.SUPPLIER, "s-1", List.of("legalName"),
                List.of("identity"), null, null, Events.erp("V-1", 1), Events.ERP_CLIENT, "rename", 1, false,
                "supplier-steward", clock.plusSeconds(3_600), ChangeAction.ATTRIBUTES, null, null,
                List.of(new ApprovalStep("supplier-steward", 1)), null, null));
        publish(new ChangeRequestExpiredEvent("cr-1", EntityType.SUPPLIER, "s-1", clock, 0, null));

        await().atMost(WAIT).untilAsserted(() -> assertThat(receiver.acceptedEvents()).extracting(
                event -> event.path("type").asText()).containsExactly("io.mdg.steward.step_reached",
                "io.mdg.steward.expired"));
        assertThat(receiver.posts()).allSatisfy(post -> assertThat(post.verified()).isTrue());
        assertThat(receiver.posts().get(0).status()).as("the first POST failed and was retried").isEqualTo(503);
        JsonNode expired = receiver.acceptedEvents().get(1);
        assertThat(expired.path("data").path("changeRequestId").asText()).isEqualTo("cr-1");
        assertThat(expired.path("data").path("role").asText()).isEqualTo("supplier-steward");
        assertThat(expired.path("correlationid").asText()).isEqualTo("corr-2");
        assertThat(expired.path("rulesversion").asText()).isEqualTo("rules-7");
        assertThat(receiver.acceptedIds()).containsSubsequence(feeds.after(TEAMS, 0, 10).stream()
                .map(io.mdg.query.distribution.FeedItem::id).toList());
    }

    private int published;

    private void publish(Object payload) throws Exception {
        clock = clock.plusSeconds(1);
        published++;
        notifications.handle(new GenericEventMessage<>(UUID.randomUUID().toString(), payload,
                MetaData.with(ChangeMetaData.CORRELATION_ID, "corr-" + published)
                        .and(ChangeMetaData.RULES_VERSION, "rules-7"), clock));
    }

}
