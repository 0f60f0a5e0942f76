package io.mdg.query.distribution.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.common.Registration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.jdbc.core.JdbcTemplate;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.consumer.DeliveredVersionView;
import io.mdg.api.consumer.DeliveryStatusView;
import io.mdg.api.consumer.ParkedDeliveriesReplayedEvent;
import io.mdg.api.consumer.ParkedDeliveryView;
import io.mdg.api.consumer.ParkedReplayResult;
import io.mdg.api.consumer.ReplayParkedDeliveriesCommand;
import io.mdg.api.consumer.WebhookSecret;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.error.MdgErrorDetails;
import io.mdg.postgres.PostgresPerClass;
import io.mdg.query.consumer.ConsumerRegistry;
import io.mdg.query.consumer.RegisteredConsumers;
import io.mdg.query.crypto.ReadModelCipher;
import io.mdg.query.distribution.FeedItem;
import io.mdg.query.distribution.push.PushReceiver.Answer;
import io.mdg.query.support.TestCipher;
import io.mdg.query.support.TestPersonKeys;
import com.fasterxml.jackson.databind.JsonNode;
import io.mdg.rules.consumer.EndpointPolicy;

/**
 * Push delivery end to end on a real PostgreSQL (its state), real consumer registry, and real webhook endpoints (JDK
 * HTTP servers on free ports verifying every POST's Standard Webhooks signature); the feeds are in memory.
 */
class PushDeliveriesTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String ERP = "consumer-erp";
    private static final String WMS = "consumer-wms";

    @RegisterExtension
    static final PostgresPerClass postgres = new PostgresPerClass();

    private final ReadModelCipher cipher = new TestCipher();
    private final MemoryFeeds feeds = new MemoryFeeds();
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final List<PushReceiver> receivers = new ArrayList<>();
    private final List<PushDeliveries> running = new ArrayList<>();
    private final String secret = WebhookSecret.generate().value();
    private ConsumerRegistry registry;
    private RegisteredConsumers consumers;

    @BeforeEach
    void emptyTables() {
        List<String> tables = new ArrayList<>(PushState.TABLES);
        tables.add(PushState.LEGACY_DELIVERED);
        tables.add("mdg_consumer");
        postgres.dropTables(tables);
        registry = new ConsumerRegistry(postgres.dataSource(), cipher);
        consumers = new RegisteredConsumers(registry);
    }

    @AfterEach
    void stopEverything() {
        running.forEach(PushDeliveries::stop);
        receivers.forEach(PushReceiver::stop);
    }

    /** Short waits, so that retries, parking and pauses happen within a test. */
    private static PushSettings settings(int maxBatch, int maxAttempts, int pauseAfter) {
        return new PushSettings(maxBatch, 2, Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(10),
                Duration.ofMillis(50), maxAttempts, pauseAfter, Duration.ofMillis(200), Duration.ofSeconds(1),
                Duration.ofSeconds(2));
    }

    // --------------------------------------------------------------------------------------------- delivery

    @Test
    void every_entry_is_delivered_once_in_feed_order_in_signed_batches_of_at_most_max_batch() throws IOException {
        PushReceiver receiver = receiver(secret, call -> Answer.of(204));
        consumers.push(ERP, receiver.url(), new WebhookSecret(secret), null);
        for (int i = 1; i <= 25; i++) {
            feeds.append(ERP, EntityType.SUPPLIER, "S-" + (i % 4), i, "CHANGED");
        }

        PushDeliveries deliveries = start(settings(10, 3, 3));

        await().atMost(WAIT).untilAsserted(() -> assertThat(receiver.acceptedIds()).isEqualTo(feeds.ids(ERP)));
        assertThat(receiver.posts()).allSatisfy(post -> {
            assertThat(post.verified()).isTrue();
            assertThat(post.contentType()).isEqualTo("application/cloudevents-batch+json");
            assertThat(post.eventIds()).hasSizeBetween(1, 10);
            assertThat(post.webhookId()).matches(ERP + "\\.\\d+-\\d+");
        });
        assertThat(receiver.posts()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(feeds.largestPage()).isEqualTo(10);
        await().atMost(WAIT).untilAsserted(() -> assertThat(meter("mdg.push.delivered", ERP)).isEqualTo(25));
        assertThat(meters.get("mdg.push.backlog").tag("consumer", ERP).gauge().value()).isZero();
        assertThat(meters.get("mdg.push.lag").tag("consumer", ERP).timer().count()).isEqualTo(25);
        assertThat(deliveries.status(List.of(ERP))).singleElement().satisfies(status -> {
            assertThat(status.state()).isEqualTo(DeliveryStatusView.State.ACTIVE);
            assertThat(status.ackedSeq()).isEqualTo(25);
            assertThat(status.backlog()).isZero();
            assertThat(status.lag()).isZero();
        });
    }

    @Test
    void a_feed_that_gets_entries_while_a_step_is_under_way_never_starts_a_second_step_so_nothing_is_posted_twice()
            throws Exception {
        PushReceiver receiver = receiver(secret, call -> Answer.of(204));
        consumers.push(ERP, receiver.url(), new WebhookSecret(secret), null);
        feeds.slowReads(15); // each step is under way for a while, as on a busy database
        PushDeliveries deliveries = start(settings(5, 3, 3));

        // the fan-out tells the worker after every commit, also while its step (started by its poll interval or by
        // the previous wake) is reading or posting
        for (int i = 1; i <= 60; i++) {
            feeds.append(ERP, EntityType.ITEM, "I-" + i, 1, "CREATED");
            feeds.appended(ERP);
            Thread.sleep(20 + i * 7 % 45); // the worker is idle between entries: polling, or waiting to be woken
        }

        // every entry acknowledged: a second chain of steps would have posted its copies before the place moved past
        await().atMost(WAIT).until(() -> deliveries.status(List.of(ERP)).stream().anyMatch(s -> s.ackedSeq() == 60));
        assertThat(receiver.acceptedIds()).isEqualTo(feeds.ids(ERP));
        assertThat(feeds.mostReadingAtOnce()).isEqualTo(1);
    }

    @Test
    void with_a_max_batch_of_one_each_entry_is_posted_alone_as_a_cloud_event() throws IOException {
        PushReceiver receiver = receiver(secret, call -> Answer.of(200));
        consumers.push(ERP, receiver.url(), new WebhookSecret(secret), null);
        for (int i = 1; i <= 3; i++) {
            feeds.append(ERP, EntityType.ITEM, "I-" + i, 1, "CREATED");
        }

        start(settings(1, 3, 3));

        await().atMost(WAIT).untilAsserted(() -> assertThat(receiver.acceptedIds()).isEqualTo(feeds.ids(ERP)));
        assertThat(receiver.posts()).hasSize(3).allSatisfy(post -> {
            assertThat(post.contentType()).isEqualTo("application/cloudevents+json");
            assertThat(post.verified()).isTrue();
        });
        assertThat(receiver.posts()).extracting(PushReceiver.Post::webhookId)
                .containsExactly(ERP + ".1-1", ERP + ".2-2", ERP + ".3-3");
    }

    @Test
    void during_a_secret_rotation_a_receiver_knowing_only_the_previous_secret_still_verifies_every_post()
            throws IOException {
        PushReceiver receiver = receiver(secret, call -> Answer.of(200));
        consumers.push(ERP, receiver.url(), new WebhookSecret(secret), null);
        consumers.rotate(ERP, WebhookSecret.generate(), Instant.now().plus(Duration.ofHours(24)));
        feeds.append(ERP, EntityType.SUPPLIER, "S-1", 1, "CREATED");

        start(settings(10, 3, 3));

        await().atMost(WAIT).untilAsserted(() -> assertThat(receiver.acceptedIds()).isEqualTo(feeds.ids(ERP)));
    }

    @Test
    void after_the_overlap_the_previous_secret_no_longer_signs_and_its_receiver_refuses_the_post() throws IOException {
        PushReceiver receiver = receiver(secret, call -> Answer.of(200));
        consumers.push(ERP, receiver.url(), new WebhookSecret(secret), null);
        consumers.rotate(ERP, WebhookSecret.generate(), Instant.now().minusSeconds(1));
        feeds.append(ERP, EntityType.SUPPLIER, "S-1", 1, "CREATED");

        PushDeliveries deliveries = start(settings(10, 3, 3));

        await().atMost(WAIT).untilAsserted(() -> assertThat(deliveries.parked(ERP, 10)).singleElement()
                .satisfies(parked -> assertThat(parked.lastError()).startsWith("HTTP 401")));
        assertThat(receiver.posts()).extracting(PushReceiver.Post::verified).containsOnly(false);
    }

    // ------------------------------------------------------------------------------------ retries and parking

    @Test
    void answers_500_429_with_retry_after_and_503_are_retried_with_the_same_ids_until_everything_arrives_in_order()
            throws IOException {
        PushReceiver receiver = receiver(secret, call -> switch (call) {
            case 1 -> Answer.of(500);
            case 2 -> new Answer(429, Map.of("Retry-After", "1"));
            case 3 -> Answer.of(503);
            default -> Answer.of(200);
        });
        consumers.push(ERP, receiver.url(), new WebhookSecret(secret), null);
        for (int i = 1; i <= 5; i++) {
            feeds.append(ERP, EntityType.CONTRACT, "C-" + i, 1, "CREATED");
        }

        PushDeliveries deliveries = start(settings(10, 5, 3));

        await().atMost(WAIT).untilAsserted(() -> assertThat(receiver.acceptedIds()).isEqualTo(feeds.ids(ERP)));
        assertThat(receiver.posts()).hasSize(4).allSatisfy(post -> {
            assertThat(post.webhookId()).isEqualTo(ERP + ".1-5");
            assertThat(post.eventIds()).isEqualTo(feeds.ids(ERP));
        });
        assertThat(receiver.posts()).extracting(PushReceiver.Post::status).containsExactly(500, 429, 503, 200);
        assertThat(meter("mdg.push.failed", ERP)).isEqualTo(15);
        assertThat(deliveries.parked(ERP, 10)).isEmpty();
        assertThat(deliveries.status(List.of(ERP))).singleElement()
                .satisfies(status -> assertThat(status.lastError()).startsWith("HTTP 503"));
    }

    @Test
    void a_parked_entry_keeps_its_contacts_sealed_under_their_persons_keys_and_an_erased_one_is_sent_erased()
            throws Exception {
        TestPersonKeys people = new TestPersonKeys();
        TestCipher ring = new TestCipher(people);
        PushReceiver receiver = receiver(secret, call -> Answer.of(400));
        consumers.push(ERP, receiver.url(), new WebhookSecret(secret), null);
        PushDeliveries deliveries = new PushDeliveries(registry, feeds, postgres.dataSource(), ring, meters,
                settings(10, 2, 10), EndpointPolicy.permissive(EndpointPolicy.Resolver.SYSTEM), Clock.systemUTC());
        running.add(deliveries);
        deliveries.start();
        FeedItem parkedItem = feeds.appendWithData(ERP, EntityType.SUPPLIER, "S-1", 2, "CHANGED", """
                {"recordId":"S-1","record":{"attributes":{"legalName":"Acme","price":12.50,"contacts":[
                  {"name":"Dana Recall","role":"recalls","email":"dana@acme.example","phone":"+1 555 0100",
                   "personId":"p-dana","erased":null},
                  {"name":"Eli Sales","role":"sales","email":"eli@acme.example","phone":null,
                   "personId":"p-eli","erased":null}]}}}""");
        await().atMost(WAIT).until(() -> deliveries.parked(ERP, 10).size() == 1);

        // stored: neither in clear nor under the key ring alone (the read models' key opens the row, not them)
        byte[] stored = new JdbcTemplate(postgres.dataSource()).queryForObject("SELECT cloud_event FROM "
                + PushState.PARKED + " WHERE consumer_id = ?", byte[].class, ERP);
        String underTheRing = new String(ring.decrypt(stored), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("Dana");
        assertThat(underTheRing).contains("p-dana").contains("pii:v1:p-dana:").contains("12.50")
                .doesNotContain("Dana").doesNotContain("dana@acme.example").doesNotContain("recalls")
                .doesNotContain("Eli").doesNotContain("eli@acme.example");

        people.erase("p-dana");
        receiver.answer(call -> Answer.of(204));
        deliveries.replay(ERP, null);

        await().atMost(WAIT).until(() -> receiver.acceptedIds().contains(parkedItem.id()));
        JsonNode sent = receiver.acceptedEvents().get(0);
        JsonNode contacts = sent.path("data").path("record").path("attributes").path("contacts");
        assertThat(contacts.get(0).path("personId").asText()).isEqualTo("p-dana");
        assertThat(contacts.get(0).path("name").asText()).isEqualTo("[erased]");
        assertThat(contacts.get(0).path("erased").asBoolean()).isTrue();
        assertThat(contacts.get(0).path("email").isNull()).isTrue();
        assertThat(contacts.get(0).toString()).doesNotContain("dana@acme.example").doesNotContain("recalls");
        // the person not erased is sent as the feed made it; the rest of the envelope too
        assertThat(contacts.get(1).path("name").asText()).isEqualTo("Eli Sales");
        assertThat(contacts.get(1).path("email").asText()).isEqualTo("eli@acme.example");
        assertThat(sent.path("data").path("record").path("attributes").path("price").decimalValue())
                .isEqualByComparingTo("12.50");
        assertThat(sent.path("id").asText()).isEqualTo(parkedItem.id());
    }

    @Test
    void a_batch_failing_beyond_the_attempt_limit_is_parked_with_its_last_error_and_holds_back_later_changes_of_its_records_only()
            throws IOException {
        ListAppender<ILoggingEvent> logs = logsOf(PushWorker.class);
        PushReceiver receiver = receiver(secret, call -> Answer.of(500));
        consumers.push(ERP, receiver.url(), new WebhookSecret(secret), null);
        PushDeliveries deliveries = start(settings(10, 2, 10));

        FeedItem a1 = feeds.append(ERP, EntityType.SUPPLIER, "A", 1, "CREATED", Instant.now(), "corr-a1");
        FeedItem b1 = feeds.append(ERP, EntityType.SUPPLIER, "B", 1, "CREATED");
        await().atMost(WAIT).until(() -> deliveries.parked(ERP, 10).size() == 2);
        receiver.answer(call -> Answer.of(200));
        FeedItem a2 = feeds.append(ERP, EntityType.SUPPLIER, "A", 2, "CHANGED");
        FeedItem c1 = feeds.append(ERP, EntityType.SUPPLIER, "C", 1, "CREATED");

        await().atMost(WAIT).until(() -> deliveries.parked(ERP, 10).size() == 3);
        assertThat(receiver.acceptedIds()).containsExactly(c1.id());
        List<ParkedDeliveryView> parked = deliveries.parked(ERP, 10);
        assertThat(parked).extracting(ParkedDeliveryView::eventId).containsExactly(a1.id(), b1.id(), a2.id());
        assertThat(parked.subList(0, 2)).allSatisfy(entry -> {
            assertThat(entry.attempts()).isEqualTo(2);
            assertThat(entry.lastError()).isEqualTo("HTTP 500");
            assertThat(entry.heldBehind()).isNull();
        });
        assertThat(parked.get(2)).satisfies(entry -> {
            assertThat(entry.attempts()).isZero();
            assertThat(entry.heldBehind()).isEqualTo(a1.seq());
            assertThat(entry.lastError()).contains("held back behind the parked entry " + a1.seq());
            assertThat(entry.recordId()).isEqualTo("A");
            assertThat(entry.version()).isEqualTo(2);
        });
        // the gauge follows the parked list when the worker saves its state: polled, not read once
        await().atMost(WAIT).until(() -> meters.get("mdg.push.parked").tag("consumer", ERP).gauge().value() == 3);
        assertThat(deliveries.status(List.of(ERP))).singleElement().satisfies(status -> {
            assertThat(status.ackedSeq()).isEqualTo(4);
            assertThat(status.parked()).isEqualTo(3);
            assertThat(status.state()).isEqualTo(DeliveryStatusView.State.ACTIVE);
        });
        assertThat(logs.list).anySatisfy(event -> {
            assertThat(event.getFormattedMessage()).contains("parked after 2 attempt(s)").contains(a1.id());
            assertThat(event.getMDCPropertyMap()).containsEntry("correlationId", "corr-a1");
        });
    }

    @Test
    void replaying_one_entry_delivers_its_records_parked_entries_in_order_and_replaying_all_delivers_the_rest()
            throws IOException {
        PushReceiver receiver = receiver(secret, call -> Answer.of(500));
        consumers.push(ERP, receiver.url(), new WebhookSecret(secret), null);
        PushDeliveries deliveries = start(settings(10, 2, 10));
        FeedItem a1 = feeds.append(ERP, EntityType.SUPPLIER, "A", 1, "CREATED");
        FeedItem b1 = feeds.append(ERP, EntityType.SUPPLIER, "B", 1, "CREATED");
        await().atMost(WAIT).until(() -> deliveries.parked(ERP, 10).size() == 2);
        receiver.answer(call -> Answer.of(200));
        FeedItem a2 = feeds.append(ERP, EntityType.SUPPLIER, "A", 2, "CHANGED");
        await().atMost(WAIT).until(() -> deliveries.parked(ERP, 10).size() == 3);
        assertThat(deliveries.delivered(ERP, EntityType.SUPPLIER, List.of("A", "B"))).isEmpty();
        List<Object> audit = new CopyOnWriteArrayList<>();
        PushOperations operations = new PushOperations(deliveries, recording(audit));
        Actor admin = Actor.user("ada.admin");

        ParkedReplayResult one = operations.handle(new ReplayParkedDeliveriesCommand(ERP, a1.seq(), admin));

        assertThat(one).isEqualTo(new ParkedReplayResult(ERP, 2, 3));
        await().atMost(WAIT).untilAsserted(() -> assertThat(receiver.acceptedIds()).containsExactly(a1.id(), a2.id()));
        await().atMost(WAIT).untilAsserted(() -> assertThat(deliveries.parked(ERP, 10))
                .extracting(ParkedDeliveryView::eventId).containsExactly(b1.id()));
        FeedItem a3 = feeds.append(ERP, EntityType.SUPPLIER, "A", 3, "CHANGED");
        await().atMost(WAIT).untilAsserted(() -> assertThat(receiver.acceptedIds()).endsWith(a3.id()));
        await().atMost(WAIT).untilAsserted(() -> assertThat(deliveries.delivered(ERP, EntityType.SUPPLIER,
                List.of("A", "B"))).singleElement().satisfies(v -> {
                    assertThat(v.eventId()).isEqualTo(a3.id());
                    assertThat(v.deliveredAt()).isNotNull();
                }));

        operations.handle(new ReplayParkedDeliveriesCommand(ERP, null, admin));

        await().atMost(WAIT).untilAsserted(() -> assertThat(receiver.acceptedIds())
                .containsExactly(a1.id(), a2.id(), a3.id(), b1.id()));
        await().atMost(WAIT).until(() -> deliveries.parked(ERP, 10).isEmpty());
        assertThat(deliveries.delivered(ERP, EntityType.SUPPLIER, List.of("A", "B")))
                .extracting(v -> v.recordId() + " v" + v.version() + " " + (v.deliveredAt() != null))
                .containsExactly("A v3 true", "B v1 true");
        assertThat(receiver.posts()).filteredOn(PushReceiver.Post::accepted).extracting(PushReceiver.Post::webhookId)
                .contains(ERP + ".replay.1-3", ERP + ".replay.2-2");
        assertThat(audit).containsExactly(new ParkedDeliveriesReplayedEvent(ERP, a1.seq(), admin, 2, 3),
                new ParkedDeliveriesReplayedEvent(ERP, null, admin, 1, 1));
        assertThatThrownBy(() -> operations.handle(new ReplayParkedDeliveriesCommand(ERP, 99L, admin)))
                .isInstanceOfSatisfying(CommandExecutionException.class, e -> assertThat(e.getDetails())
                        .hasValueSatisfying(details -> assertThat(((MdgErrorDetails) details).code())
                                .isEqualTo(ErrorCode.NOT_FOUND)));
    }

    // ------------------------------------------------------------------------------------------ isolation

    @Test
    void a_consumer_whose_endpoint_stays_down_is_paused_probed_and_resumed_without_holding_up_another()
            throws IOException {
        PushReceiver down = receiver(secret, call -> Answer.of(503));
        PushReceiver up = receiver(secret, call -> Answer.of(200));
        consumers.push(ERP, down.url(), new WebhookSecret(secret), null);
        consumers.push(WMS, up.url(), new WebhookSecret(secret), null);
        for (int i = 1; i <= 5; i++) {
            feeds.append(ERP, EntityType.ITEM, "I-" + i, 1, "CREATED");
            feeds.append(WMS, EntityType.ITEM, "I-" + i, 1, "CREATED");
        }

        PushDeliveries deliveries = start(settings(1, 1, 2));

        await().atMost(WAIT).untilAsserted(() -> assertThat(deliveries.status(List.of(ERP))).singleElement()
                .satisfies(status -> {
                    assertThat(status.state()).isEqualTo(DeliveryStatusView.State.PAUSED);
                    assertThat(status.lastError()).startsWith("HTTP 503");
                }));
        await().atMost(WAIT).untilAsserted(() -> assertThat(up.acceptedIds()).isEqualTo(feeds.ids(WMS)));
        await().atMost(WAIT).until(() -> down.posts().size() >= 4); // two parked, then probes of the third
        assertThat(deliveries.parked(ERP, 10)).extracting(ParkedDeliveryView::seq).containsExactly(1L, 2L);
        assertThat(down.posts().subList(2, 4)).extracting(PushReceiver.Post::webhookId)
                .containsOnly(ERP + ".3-3");

        down.answer(call -> Answer.of(200));

        await().atMost(WAIT).untilAsserted(() -> assertThat(down.acceptedIds())
                .isEqualTo(feeds.ids(ERP).subList(2, 5)));
        assertThat(deliveries.status(List.of(ERP))).singleElement().extracting(DeliveryStatusView::state)
                .isEqualTo(DeliveryStatusView.State.ACTIVE);
        assertThat(deliveries.parked(ERP, 10)).hasSize(2);
    }

    @Test
    void a_consumer_waiting_out_its_back_off_holds_no_thread_so_another_is_delivered_even_on_one_thread()
            throws IOException {
        PushReceiver down = receiver(secret, call -> Answer.of(503));
        PushReceiver up = receiver(secret, call -> Answer.of(200));
        consumers.push(ERP, down.url(), new WebhookSecret(secret), null);
        feeds.append(ERP, EntityType.ITEM, "I-1", 1, "CREATED");
        PushSettings oneThreadLongWaits = new PushSettings(10, 1, Duration.ofMillis(20), Duration.ofMillis(50),
                Duration.ofMinutes(1), Duration.ofMinutes(1), 10, 3, Duration.ofMinutes(1), Duration.ofSeconds(1),
                Duration.ofSeconds(2));
        PushDeliveries deliveries = start(oneThreadLongWaits);
        await().atMost(WAIT).until(() -> !down.posts().isEmpty());

        consumers.push(WMS, up.url(), new WebhookSecret(secret), null);
        for (int i = 1; i <= 20; i++) {
            feeds.append(WMS, EntityType.ITEM, "I-" + i, 1, "CREATED");
        }

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(up.acceptedIds())
                .isEqualTo(feeds.ids(WMS)));
        assertThat(deliveries.status(List.of(ERP))).singleElement().satisfies(status -> {
            assertThat(status.ackedSeq()).isZero();
            assertThat(status.lastError()).startsWith("HTTP 503");
        });
    }

    @Test
    void a_consumer_no_longer_pushed_to_is_not_posted_to_any_more() throws IOException {
        PushReceiver receiver = receiver(secret, call -> Answer.of(200));
        consumers.push(ERP, receiver.url(), new WebhookSecret(secret), null);
        feeds.append(ERP, EntityType.ITEM, "I-1", 1, "CREATED");
        PushDeliveries deliveries = start(settings(10, 3, 3));
        await().atMost(WAIT).until(() -> receiver.acceptedIds().size() == 1);

        consumers.pullOnly(ERP);

        await().atMost(WAIT).until(() -> deliveries.status(List.of(ERP)).isEmpty());
        feeds.append(ERP, EntityType.ITEM, "I-2", 1, "CREATED");
        assertThat(meters.find("mdg.push.delivered").tag("consumer", ERP).counter()).isNull();
        assertThat(receiver.acceptedIds()).hasSize(1);
    }

    // ----------------------------------------------------------------------------- several nodes, one database

    @Test
    void two_nodes_sharing_the_database_post_each_batch_once_and_the_other_takes_over_when_the_first_stops()
            throws IOException {
        PushReceiver receiver = receiver(secret, call -> Answer.of(200));
        consumers.push(ERP, receiver.url(), new WebhookSecret(secret), null);
        for (int i = 1; i <= 20; i++) {
            feeds.append(ERP, EntityType.SUPPLIER, "S-" + i, 1, "CREATED");
        }

        PushDeliveries first = start(settings(5, 3, 3));
        PushDeliveries second = start(settings(5, 3, 3));

        await().atMost(WAIT).untilAsserted(() -> assertThat(receiver.acceptedIds()).isEqualTo(feeds.ids(ERP)));
        assertThat(first.running().size() + second.running().size()).as("nodes delivering the consumer").isOne();
        PushDeliveries owner = first.running().isEmpty() ? second : first;
        PushDeliveries other = owner == first ? second : first;
        // the owner saves each acknowledgement just after its POST was answered
        await().atMost(WAIT).untilAsserted(() -> assertThat(other.status(List.of(ERP)))
                .as("the other node shows the state the owner saved")
                .singleElement().satisfies(status -> assertThat(status.ackedSeq()).isEqualTo(20)));

        owner.stop();
        for (int i = 21; i <= 30; i++) {
            feeds.append(ERP, EntityType.SUPPLIER, "S-" + i, 1, "CREATED");
        }

        await().atMost(WAIT).untilAsserted(() -> assertThat(receiver.acceptedIds()).isEqualTo(feeds.ids(ERP)));
        assertThat(other.running()).singleElement().satisfies(r -> assertThat(r.consumer().view().consumerId())
                .isEqualTo(ERP));
        assertThat(receiver.posts()).extracting(PushReceiver.Post::webhookId).doesNotHaveDuplicates();
    }

    @Test
    void a_node_that_loses_its_database_session_stops_delivering_and_another_node_delivers_everything()
            throws IOException {
        PushReceiver receiver = receiver(secret, call -> Answer.of(200));
        consumers.push(ERP, receiver.url(), new WebhookSecret(secret), null);
        consumers.push(WMS, receiver.url(), new WebhookSecret(secret), null);
        feeds.append(ERP, EntityType.ITEM, "I-1", 1, "CREATED");
        PushDeliveries first = start(settings(5, 3, 3));
        await().atMost(WAIT).until(() -> first.running().size() == 2);
        PushDeliveries second = start(settings(5, 3, 3));

        // as when the first node's machine vanishes and the server ends its session: its locks end with it
        postgres.jdbc().queryForList("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' "
                + "AND classid = ?", 0x6d647075);

        await().atMost(WAIT).until(() -> second.running().size() == 2 && first.running().isEmpty());
        for (int i = 2; i <= 12; i++) {
            feeds.append(ERP, EntityType.ITEM, "I-" + i, 1, "CREATED");
            feeds.append(WMS, EntityType.ITEM, "I-" + i, 1, "CREATED");
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(receiver.acceptedIds()).containsExactlyInAnyOrderElementsOf(
                java.util.stream.Stream.concat(feeds.ids(ERP).stream(), feeds.ids(WMS).stream()).toList()));
    }

    // ------------------------------------------------------------------------------------------- restarts

    @Test
    void after_a_restart_nothing_acknowledged_is_sent_again_and_the_batch_in_flight_is_resent_with_the_same_ids()
            throws IOException {
        PushReceiver receiver = receiver(secret, call -> call == 2 ? Answer.HANG : Answer.of(200));
        consumers.push(ERP, receiver.url(), new WebhookSecret(secret), null);
        for (int i = 1; i <= 10; i++) {
            feeds.append(ERP, EntityType.LOCATION, "L-" + i, 1, "CREATED");
        }
        PushDeliveries first = start(settings(5, 3, 3));
        await().atMost(WAIT).until(() -> receiver.posts().size() == 2); // the second batch hangs: in flight
        first.stop(); // ends the POST in flight unanswered, as a kill would
        for (int i = 11; i <= 12; i++) {
            feeds.append(ERP, EntityType.LOCATION, "L-" + i, 1, "CREATED");
        }

        start(settings(5, 3, 3));

        await().atMost(WAIT).untilAsserted(() -> assertThat(receiver.acceptedIds()).isEqualTo(feeds.ids(ERP)));
        assertThat(receiver.posts()).extracting(PushReceiver.Post::webhookId)
                .containsExactly(ERP + ".1-5", ERP + ".6-10", ERP + ".6-10", ERP + ".11-12");
        assertThat(receiver.posts().get(1).eventIds()).isEqualTo(receiver.posts().get(2).eventIds());
    }

    @Test
    void parked_entries_and_a_pause_survive_a_restart() throws IOException {
        PushReceiver receiver = receiver(secret, call -> Answer.of(503));
        consumers.push(ERP, receiver.url(), new WebhookSecret(secret), null);
        feeds.append(ERP, EntityType.SUPPLIER, "A", 1, "CREATED");
        PushDeliveries first = start(settings(10, 1, 1));
        await().atMost(WAIT).until(() -> first.status(List.of(ERP)).get(0).state() == DeliveryStatusView.State.PAUSED);
        first.stop();

        PushDeliveries second = start(settings(10, 1, 1));

        await().atMost(WAIT).until(() -> !second.status(List.of(ERP)).isEmpty());
        assertThat(second.status(List.of(ERP))).singleElement().satisfies(status -> {
            assertThat(status.state()).isEqualTo(DeliveryStatusView.State.PAUSED);
            assertThat(status.ackedSeq()).isEqualTo(1);
            assertThat(status.parked()).isEqualTo(1);
            assertThat(status.lastError()).startsWith("HTTP 503");
        });
        assertThat(second.parked(ERP, 10)).singleElement().extracting(ParkedDeliveryView::recordId).isEqualTo("A");
    }

    // ------------------------------------------------------------------------------ what the consumer has

    @Test
    void the_delivered_versions_show_per_record_the_last_version_acknowledged_and_removals() throws IOException {
        PushReceiver receiver = receiver(secret, call -> Answer.of(200));
        consumers.push(ERP, receiver.url(), new WebhookSecret(secret), null);
        feeds.append(ERP, EntityType.SUPPLIER, "S-1", 1, "CREATED");
        feeds.append(ERP, EntityType.SUPPLIER, "S-2", 1, "CREATED");
        FeedItem changed = feeds.append(ERP, EntityType.SUPPLIER, "S-1", 2, "CHANGED");
        FeedItem removed = feeds.append(ERP, EntityType.SUPPLIER, "S-2", 0, "REMOVED");
        PushDeliveries deliveries = start(settings(10, 3, 3));
        await().atMost(WAIT).until(() -> deliveries.status(List.of(ERP)).stream().anyMatch(s -> s.ackedSeq() == 4));

        List<DeliveredVersionView> delivered = deliveries.delivered(ERP, EntityType.SUPPLIER,
                List.of("S-1", "S-2", "S-3"));

        assertThat(delivered).hasSize(2);
        assertThat(delivered.get(0)).satisfies(v -> {
            assertThat(v.recordId()).isEqualTo("S-1");
            assertThat(v.version()).isEqualTo(2);
            assertThat(v.seq()).isEqualTo(changed.seq());
            assertThat(v.eventId()).isEqualTo(changed.id());
            assertThat(v.removed()).isFalse();
            assertThat(v.deliveredAt()).isAfterOrEqualTo(v.committedAt());
        });
        assertThat(delivered.get(1)).satisfies(v -> {
            assertThat(v.recordId()).isEqualTo("S-2");
            assertThat(v.version()).isZero();
            assertThat(v.eventId()).isEqualTo(removed.id());
            assertThat(v.removed()).isTrue();
        });
        assertThat(deliveries.delivered(ERP, EntityType.ITEM, List.of("S-1"))).isEmpty();
        assertThat(deliveries.delivered(WMS, EntityType.SUPPLIER, List.of("S-1"))).isEmpty();
    }

    @Test
    void delivery_times_the_previous_release_kept_per_record_are_kept_per_entry() throws IOException {
        PushReceiver receiver = receiver(secret, call -> Answer.of(200));
        consumers.push(ERP, receiver.url(), new WebhookSecret(secret), null);
        FeedItem created = feeds.append(ERP, EntityType.SUPPLIER, "S-1", 1, "CREATED");
        JdbcTemplate jdbc = new JdbcTemplate(postgres.dataSource());
        jdbc.execute("CREATE TABLE " + PushState.LEGACY_DELIVERED + " (consumer_id text NOT NULL, record_type text "
                + "NOT NULL, record_id text NOT NULL, version bigint NOT NULL, kind text NOT NULL, seq bigint NOT NULL, "
                + "event_id text NOT NULL, committed_at timestamptz NOT NULL, delivered_at timestamptz NOT NULL, "
                + "PRIMARY KEY (consumer_id, record_type, record_id))");
        jdbc.update("INSERT INTO " + PushState.LEGACY_DELIVERED + " VALUES (?, 'SUPPLIER', 'S-1', 1, 'CREATED', 1, ?, "
                + "now(), '2026-12-01T08:00:00Z')", ERP, created.id());
        jdbc.execute("CREATE TABLE " + PushState.POSITION + " (consumer_id text PRIMARY KEY, acked_seq bigint NOT NULL, "
                + "state text NOT NULL, parked_batches int NOT NULL, last_error text, last_error_at timestamptz, "
                + "last_delivered_at timestamptz)");
        jdbc.update("INSERT INTO " + PushState.POSITION + " VALUES (?, 1, 'ACTIVE', 0, NULL, NULL, NULL)", ERP);

        PushDeliveries deliveries = start(settings(10, 3, 3));

        assertThat(deliveries.delivered(ERP, EntityType.SUPPLIER, List.of("S-1"))).singleElement()
                .satisfies(v -> assertThat(v.deliveredAt()).isEqualTo(Instant.parse("2026-12-01T08:00:00Z")));
        assertThat(jdbc.queryForObject("SELECT to_regclass(?) IS NULL", Boolean.class, PushState.LEGACY_DELIVERED))
                .isTrue();
        assertThat(receiver.posts()).isEmpty();
    }

    // --------------------------------------------------------------------------------------------- health

    @Test
    void health_is_degraded_while_a_consumer_lags_behind_its_sla_and_up_while_every_one_keeps_up() throws IOException {
        PushReceiver up = receiver(secret, call -> Answer.of(200));
        PushReceiver down = receiver(secret, call -> Answer.of(503));
        consumers.push(WMS, up.url(), new WebhookSecret(secret), Duration.ofSeconds(30));
        Instant fiveMinutesAgo = Instant.now().minus(Duration.ofMinutes(5));
        feeds.append(WMS, EntityType.ITEM, "I-1", 1, "CREATED", fiveMinutesAgo, null);
        PushDeliveries deliveries = start(new PushSettings(10, 2, Duration.ofMillis(20), Duration.ofMillis(50),
                Duration.ofMinutes(1), Duration.ofMinutes(1), 10, 3, Duration.ofMinutes(1), Duration.ofSeconds(1),
                Duration.ofSeconds(2)));
        PushHealthIndicator health = new PushHealthIndicator(deliveries);
        await().atMost(WAIT).until(() -> up.acceptedIds().size() == 1);
        await().atMost(WAIT).until(() -> health.health().getStatus().equals(Status.UP));

        consumers.push(ERP, down.url(), new WebhookSecret(secret), Duration.ofSeconds(30));
        feeds.append(ERP, EntityType.ITEM, "I-1", 1, "CREATED", fiveMinutesAgo, null);

        await().atMost(WAIT).until(() -> health.health().getStatus().equals(PushHealthIndicator.DEGRADED));
        Health degraded = health.health();
        assertThat(degraded.getDetails().get(ERP)).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("withinSla", false).containsEntry("state", "ACTIVE").containsEntry("backlog", 1L)
                .containsEntry("lagSlaMillis", 30_000L).containsKey("lastError");
        assertThat(degraded.getDetails().get(WMS)).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("withinSla", true).containsEntry("lagMillis", 0L);
    }

    // -------------------------------------------------------------------------------------------- helpers

    private PushDeliveries start(PushSettings settings) {
        PushDeliveries deliveries = new PushDeliveries(registry, feeds, postgres.dataSource(), cipher, meters, settings,
                EndpointPolicy.permissive(EndpointPolicy.Resolver.SYSTEM), Clock.systemUTC());
        running.add(deliveries);
        deliveries.start();
        return deliveries;
    }

    private PushReceiver receiver(String knownSecret, PushReceiver.Script script) throws IOException {
        PushReceiver receiver = PushReceiver.start(knownSecret, script);
        receivers.add(receiver);
        return receiver;
    }

    private double meter(String name, String consumerId) {
        return meters.get(name).tag("consumer", consumerId).counter().count();
    }

    private static ListAppender<ILoggingEvent> logsOf(Class<?> type) {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(type)).addAppender(appender);
        return appender;
    }

    /** An event gateway that keeps what is published (the audit events). */
    private static EventGateway recording(List<Object> published) {
        return new EventGateway() {
            @Override
            public void publish(List<?> events) {
                published.addAll(events);
            }

            @Override
            public Registration registerDispatchInterceptor(
                    MessageDispatchInterceptor<? super EventMessage<?>> interceptor) {
                return () -> true;
            }
        };
    }
}
