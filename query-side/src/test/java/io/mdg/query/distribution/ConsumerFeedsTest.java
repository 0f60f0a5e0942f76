package io.mdg.query.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.rules.InForce;
import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.ApprovalStep;
import io.mdg.api.changerequest.ChangeAction;
import io.mdg.api.changerequest.ChangeRequestEscalatedEvent;
import io.mdg.api.changerequest.ChangeRequestOpenedEvent;
import io.mdg.api.consumer.ConsumerChangedEvent;
import io.mdg.api.model.Contact;
import io.mdg.api.record.ContactErasedEvent;
import io.mdg.api.consumer.ConsumerDelivery;
import io.mdg.api.consumer.ConsumerRegisteredEvent;
import io.mdg.api.consumer.ConsumerSettings;
import io.mdg.api.consumer.ConsumerSubscription;
import io.mdg.api.feed.ChangeMetaData;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.ItemClass;
import io.mdg.api.model.LocationAttributes;
import io.mdg.api.model.LocationType;
import io.mdg.api.model.Ref;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.LifecycleChangedEvent;
import io.mdg.api.record.RecordChangedEvent;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.postgres.PostgresPerClass;
import io.mdg.query.changerequest.StewardNotifications;
import io.mdg.query.consumer.ConsumerRegistry;
import io.mdg.query.history.PostgresRecordVersions;
import io.mdg.query.record.MemoryRecordReadModel;
import io.mdg.query.record.RecordHistory;
import io.mdg.query.record.RecordProjection;
import io.mdg.query.support.Events;
import io.mdg.query.support.TestCipher;
import io.mdg.query.support.TestPersonKeys;
import io.mdg.rules.consumer.ConsumerAttributes;
import io.mdg.rules.file.RulesFile;

/**
 * The consumers' change feeds cut from the outbox, on a real PostgreSQL: the golden-records projection (with the
 * record history), the outbox and the consumer registry handle the same events as in the service, and the fan-out
 * is stepped until it has nothing more to do.
 */
class ConsumerFeedsTest {

    @RegisterExtension
    static final PostgresPerClass postgres = new PostgresPerClass();

    static final Actor ADMIN = Actor.user("ada.admin");
    static final ObjectMapper JSON = new ObjectMapper();
    static final BankAccount BANK = new BankAccount("Acme", "First Bank", "021000021", "123456789", null, "USD");

    ConsumerFeeds feeds;
    TestPersonKeys people;
    List<AnnotationEventHandlerAdapter> handlers;
    Map<String, Long> sequences = new HashMap<>();
    Instant clock = Instant.parse("2026-03-01T10:00:00Z");

    @BeforeEach
    void newService() {
        postgres.dropTables(List.of(ChangeOutbox.TABLE, ConsumerFeeds.FEED, ConsumerFeeds.CURSOR, ConsumerFeeds.SCOPE,
                "record_versions", "mdg_consumer", StewardNotifications.TABLE, "mdg_steward_notification_requests"));
        MemoryRecordReadModel records = new MemoryRecordReadModel();
        people = new TestPersonKeys();
        PostgresRecordVersions versions = new PostgresRecordVersions(postgres.dataSource(), new TestCipher(people));
        ConsumerRegistry registry = new ConsumerRegistry(postgres.dataSource(), new TestCipher());
        RulesFile rules = RulesFile.load("");
        OutboxSignal signal = new OutboxSignal();
        feeds = new ConsumerFeeds(postgres.dataSource(), registry, versions, records,
                InForce.always(ConsumerAttributes.of(rules.policy())), InForce.always(rules.access()), signal,
                Duration.ofMillis(100));
        handlers = List.of(
                new AnnotationEventHandlerAdapter(new RecordProjection(records, List.of(),
                        List.of(new RecordHistory(records, versions)))),
                new AnnotationEventHandlerAdapter(new ChangeOutbox(postgres.dataSource(), signal)),
                new AnnotationEventHandlerAdapter(new StewardNotifications(postgres.dataSource())),
                new AnnotationEventHandlerAdapter(registry));
    }

    @Test
    void a_consumer_receives_the_changes_committed_after_its_registration_in_order_as_cloud_events() throws Exception {
        publish("s-0", new RecordRegisteredEvent("s-0", EntityType.SUPPLIER, Events.erp("V-0", 1),
                supplier("Before Inc", BANK), Events.ERP_CLIENT));
        register("c-1", settings("Analytics", "analytics", subscription(Set.of(EntityType.SUPPLIER))), false);
        publish("s-1", new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, Events.erp("V-1", 1),
                supplier("Acme", BANK), Events.ERP_CLIENT));
        publish("s-1", new RecordChangedEvent("s-1", EntityType.SUPPLIER, Events.erp("V-1", 2), List.of("legalName"),
                supplier("Acme Medical", null), supplier("Acme", null), Events.ERP_CLIENT));
        publish("s-1", new LifecycleChangedEvent("s-1", EntityType.SUPPLIER, LifecycleStatus.ACTIVE,
                LifecycleStatus.SUSPENDED, "audit", ADMIN));

        List<FeedItem> feed = cut("c-1");

        assertThat(feed).extracting(FeedItem::seq).containsExactly(1L, 2L, 3L);
        assertThat(feed).extracting(FeedItem::kind).containsExactly("CREATED", "CHANGED", "DEACTIVATED");
        assertThat(feed).extracting(FeedItem::recordId).containsOnly("s-1");
        assertThat(feed).extracting(FeedItem::version).containsExactly(1L, 2L, 3L);
        JsonNode changed = json(feed.get(1));
        assertThat(changed.path("specversion").asText()).isEqualTo("1.0");
        assertThat(changed.path("type").asText()).isEqualTo("io.mdg.record.changed");
        assertThat(changed.path("subject").asText()).isEqualTo("SUPPLIER/s-1");
        assertThat(changed.path("id").asText()).isEqualTo(feed.get(1).id());
        assertThat(changed.path("correlationid").asText()).isEqualTo("corr-s-1-1");
        assertThat(changed.path("rulesversion").asText()).isEqualTo("rules-7");
        // the rules the change was decided by: their declared version and the hash of their content
        assertThat(changed.path("ruleshash").asText()).isEqualTo("sha256-of-rules-7");
        assertThat(changed.path("data").path("changedAttributes").toString()).isEqualTo("[\"legalName\"]");
        assertThat(changed.path("data").path("record").path("attributes").path("legalName").asText())
                .isEqualTo("Acme Medical");
        assertThat(feed.get(0).correlationId()).isEqualTo("corr-s-1-0");
        assertThat(feeds.head("c-1")).isEqualTo(3);
        assertThat(feeds.after("c-1", 2, 10)).extracting(FeedItem::seq).containsExactly(3L);
        // a record's latest entry at or before a place (what a push consumer has, found by record)
        assertThat(feeds.latest("c-1", EntityType.SUPPLIER, Map.of("s-1", 2L, "s-0", 3L)))
                .containsOnlyKeys("s-1").extractingByKey("s-1").satisfies(item -> {
                    assertThat(item.seq()).isEqualTo(2);
                    assertThat(item.version()).isEqualTo(2);
                    assertThat(item.kind()).isEqualTo("CHANGED");
                    assertThat(item.id()).isEqualTo(feed.get(1).id());
                });
    }

    @Test
    void bank_accounts_reach_in_full_only_the_consumers_whose_client_the_access_rules_name() throws Exception {
        register("c-erp", settings("ERP", "erp", subscription(Set.of(EntityType.SUPPLIER))), false);
        register("c-bi", settings("BI", "analytics", subscription(Set.of(EntityType.SUPPLIER))), false);
        publish("s-1", new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, Events.erp("V-1", 1),
                supplier("Acme", BANK), Events.ERP_CLIENT));

        JsonNode erp = json(cut("c-erp").get(0)).path("data").path("record").path("attributes").path("bankAccount");
        JsonNode bi = json(cut("c-bi").get(0)).path("data").path("record").path("attributes").path("bankAccount");

        assertThat(erp.path("accountNumber").asText()).isEqualTo("123456789");
        assertThat(bi.path("accountNumber").asText()).doesNotContain("12345").endsWith("6789");
        assertThat(new String(cut("c-bi").get(0).cloudEvent(), StandardCharsets.UTF_8)).doesNotContain("123456789");
    }

    @Test
    void an_initial_load_sends_every_current_record_then_the_later_changes_with_no_gap_and_no_duplicate()
            throws Exception {
        publish("s-1", new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, Events.erp("V-1", 1),
                supplier("Acme", null), Events.ERP_CLIENT));
        publish("s-1", new RecordChangedEvent("s-1", EntityType.SUPPLIER, Events.erp("V-1", 2), List.of("legalName"),
                supplier("Acme Medical", null), supplier("Acme", null), Events.ERP_CLIENT));
        publish("s-2", new RecordRegisteredEvent("s-2", EntityType.SUPPLIER, Events.erp("V-2", 1),
                supplier("Beta", null), Events.ERP_CLIENT));
        register("c-1", settings("ERP", "erp", subscription(Set.of(EntityType.SUPPLIER))), true);
        // committed after the registration, before the fan-out first sees the consumer
        publish("s-1", new RecordChangedEvent("s-1", EntityType.SUPPLIER, Events.erp("V-1", 3), List.of("legalName"),
                supplier("Acme Health", null), supplier("Acme Medical", null), Events.ERP_CLIENT));

        List<FeedItem> feed = cut("c-1");
        publish("s-2", new RecordChangedEvent("s-2", EntityType.SUPPLIER, Events.erp("V-2", 2), List.of("legalName"),
                supplier("Beta Care", null), supplier("Beta", null), Events.ERP_CLIENT));
        feed = cut("c-1");

        assertThat(feed).extracting(i -> i.kind() + " " + i.recordId() + " v" + i.version()).containsExactly(
                "SNAPSHOT s-1 v2", "SNAPSHOT s-2 v1", "CHANGED s-1 v3", "CHANGED s-2 v2");
        assertThat(json(feed.get(0)).path("data").path("record").path("attributes").path("legalName").asText())
                .isEqualTo("Acme Medical");
    }

    @Test
    void a_consumer_of_a_facility_subtree_receives_only_it_and_is_told_when_locations_leave_or_enter_it()
            throws Exception {
        publish("n", location("n", "Network", LocationType.NETWORK, null));
        publish("h1", location("h1", "North Campus", LocationType.HOSPITAL_CAMPUS, "n"));
        publish("h2", location("h2", "South Campus", LocationType.HOSPITAL_CAMPUS, "n"));
        publish("w1", location("w1", "Ward 1", LocationType.FACILITY, "h1"));
        publish("w2", location("w2", "Ward 2", LocationType.FACILITY, "h2"));
        ConsumerSubscription north = new ConsumerSubscription(Set.of(EntityType.LOCATION), Map.of(), "h1", Set.of());
        register("c-inv", settings("Inventory North", "inventory", north), true);

        assertThat(cut("c-inv")).extracting(i -> i.kind() + " " + i.recordId()).containsExactly(
                "SNAPSHOT h1", "SNAPSHOT w1");

        publish("w1", move("w1", "Ward 1", LocationType.FACILITY, "h2", "h1"));
        assertThat(cut("c-inv")).extracting(i -> i.kind() + " " + i.recordId() + " v" + i.version())
                .containsExactly("SNAPSHOT h1 v1", "SNAPSHOT w1 v1", "REMOVED w1 v0");

        // the whole south campus moves under the north one: it and its wards (w1, w2) enter the subtree
        publish("h2", move("h2", "South Campus", LocationType.HOSPITAL_CAMPUS, "h1", "n"));
        assertThat(cut("c-inv")).extracting(i -> i.kind() + " " + i.recordId()).containsExactly(
                "SNAPSHOT h1", "SNAPSHOT w1", "REMOVED w1", "SNAPSHOT h2", "SNAPSHOT w1", "SNAPSHOT w2");
        JsonNode removal = json(cut("c-inv").get(2));
        assertThat(removal.path("type").asText()).isEqualTo("io.mdg.record.removed");
        assertThat(removal.path("data").has("record")).isFalse();
    }

    @Test
    void a_narrowed_subscription_removes_what_leaves_it_and_a_widened_one_sends_what_enters_it() throws Exception {
        publish("i-1", new RecordRegisteredEvent("i-1", EntityType.ITEM, Events.erp("M-1", 1),
                item("Gauze", ItemClass.MED_SURG), Events.ERP_CLIENT));
        publish("i-2", new RecordRegisteredEvent("i-2", EntityType.ITEM, Events.erp("M-2", 1),
                item("Saline", ItemClass.PHARMACY), Events.ERP_CLIENT));
        ConsumerSettings medSurg = settings("Inventory", "inventory",
                new ConsumerSubscription(Set.of(EntityType.ITEM), Map.of(), null, Set.of(ItemClass.MED_SURG)));
        register("c-1", medSurg, true);
        assertThat(cut("c-1")).extracting(i -> i.kind() + " " + i.recordId()).containsExactly("SNAPSHOT i-1");

        ConsumerSettings pharmacy = settings("Inventory", "inventory",
                new ConsumerSubscription(Set.of(EntityType.ITEM), Map.of(), null, Set.of(ItemClass.PHARMACY)));
        publish("c-1", new ConsumerChangedEvent("c-1", medSurg, pharmacy, null, ADMIN));
        assertThat(cut("c-1")).extracting(i -> i.kind() + " " + i.recordId()).containsExactly(
                "SNAPSHOT i-1", "REMOVED i-1", "SNAPSHOT i-2");

        // an item whose class changes into the filter enters it; one changing out of it leaves it
        publish("i-1", new RecordChangedEvent("i-1", EntityType.ITEM, Events.erp("M-1", 2), List.of("itemClass"),
                item("Gauze", ItemClass.PHARMACY), item("Gauze", ItemClass.MED_SURG), Events.ERP_CLIENT));
        publish("i-2", new RecordChangedEvent("i-2", EntityType.ITEM, Events.erp("M-2", 2), List.of("itemClass"),
                item("Saline", ItemClass.LAB), item("Saline", ItemClass.PHARMACY), Events.ERP_CLIENT));
        assertThat(cut("c-1")).extracting(i -> i.kind() + " " + i.recordId()).containsExactly(
                "SNAPSHOT i-1", "REMOVED i-1", "SNAPSHOT i-2", "SNAPSHOT i-1", "REMOVED i-2");
    }

    @Test
    void new_records_a_consumer_receives_cost_no_scope_row_and_a_type_that_leaves_and_comes_back_is_removed_and_sent_again()
            throws Exception {
        publish("s-0", new RecordRegisteredEvent("s-0", EntityType.SUPPLIER, Events.erp("V-0", 1),
                supplier("Before Inc", null), Events.ERP_CLIENT));
        ConsumerSettings both = settings("Analytics", "analytics",
                subscription(Set.of(EntityType.SUPPLIER, EntityType.ITEM)));
        register("c-1", both, false);
        publish("s-1", new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, Events.erp("V-1", 1),
                supplier("Acme", null), Events.ERP_CLIENT));
        publish("i-1", new RecordRegisteredEvent("i-1", EntityType.ITEM, Events.erp("M-1", 1),
                item("Gauze", ItemClass.MED_SURG), Events.ERP_CLIENT));
        publish("s-1", new RecordChangedEvent("s-1", EntityType.SUPPLIER, Events.erp("V-1", 2), List.of("legalName"),
                supplier("Acme Medical", null), supplier("Acme", null), Events.ERP_CLIENT));
        // a record created before the registration (no initial load) enters with its first change
        publish("s-0", new RecordChangedEvent("s-0", EntityType.SUPPLIER, Events.erp("V-0", 2), List.of("legalName"),
                supplier("Before Medical", null), supplier("Before Inc", null), Events.ERP_CLIENT));

        assertThat(cut("c-1")).extracting(i -> i.kind() + " " + i.recordId()).containsExactly(
                "CREATED s-1", "CREATED i-1", "CHANGED s-1", "SNAPSHOT s-0");
        assertThat(scopeRows("c-1")).containsExactly("SUPPLIER/s-0 true");

        // suppliers leave the subscription: every supplier it received leaves the feed, then suppliers are not news
        ConsumerSettings items = settings("Analytics", "analytics", subscription(Set.of(EntityType.ITEM)));
        publish("c-1", new ConsumerChangedEvent("c-1", both, items, null, ADMIN));
        assertThat(cut("c-1")).extracting(i -> i.kind() + " " + i.recordId()).endsWith("REMOVED s-0", "REMOVED s-1");
        assertThat(feeds.latest("c-1", EntityType.SUPPLIER, Map.of("s-0", 100L)).get("s-0"))
                .extracting(FeedItem::kind, FeedItem::version, FeedItem::seq).containsExactly("REMOVED", 0L, 5L);
        publish("s-2", new RecordRegisteredEvent("s-2", EntityType.SUPPLIER, Events.erp("V-2", 1),
                supplier("Later Ltd", null), Events.ERP_CLIENT));
        publish("s-1", new RecordChangedEvent("s-1", EntityType.SUPPLIER, Events.erp("V-1", 3), List.of("legalName"),
                supplier("Acme Health", null), supplier("Acme Medical", null), Events.ERP_CLIENT));
        assertThat(cut("c-1")).hasSize(6);

        // and come back: the suppliers as they stand now enter again, then their changes follow
        publish("c-1", new ConsumerChangedEvent("c-1", items, both, null, ADMIN));
        assertThat(cut("c-1")).extracting(i -> i.kind() + " " + i.recordId()).endsWith(
                "SNAPSHOT s-0", "SNAPSHOT s-1", "SNAPSHOT s-2");
        publish("s-2", new RecordChangedEvent("s-2", EntityType.SUPPLIER, Events.erp("V-2", 2), List.of("legalName"),
                supplier("Later Limited", null), supplier("Later Ltd", null), Events.ERP_CLIENT));
        publish("s-3", new RecordRegisteredEvent("s-3", EntityType.SUPPLIER, Events.erp("V-3", 1),
                supplier("Newest SA", null), Events.ERP_CLIENT));
        publish("i-1", new RecordChangedEvent("i-1", EntityType.ITEM, Events.erp("M-1", 2), List.of("description"),
                item("Gauze 10x10", ItemClass.MED_SURG), item("Gauze", ItemClass.MED_SURG), Events.ERP_CLIENT));
        assertThat(cut("c-1")).extracting(i -> i.kind() + " " + i.recordId()).endsWith(
                "CHANGED s-2", "CREATED s-3", "CHANGED i-1");
        assertThat(cut("c-1")).hasSize(12);
    }

    @Test
    void a_feed_cut_by_the_previous_release_goes_on_without_a_duplicate_or_a_gap() throws Exception {
        register("c-1", settings("Analytics", "analytics", subscription(Set.of(EntityType.SUPPLIER))), false);
        publish("s-1", new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, Events.erp("V-1", 1),
                supplier("Acme", null), Events.ERP_CLIENT));
        FeedItem created = cut("c-1").get(0);
        // as the previous release left it: a scope row for every record it saw, no implicit receptions, and entries
        // with their own copy of the change
        new JdbcTemplate(postgres.dataSource()).update("UPDATE " + ConsumerFeeds.FEED + " SET record_type = "
                + "'SUPPLIER', record_id = 's-1', version = 1, changed = '{legalName}', event_id = ?, "
                + "correlation_id = 'corr-kept-by-the-entry', rules_version = 'rules-7', at = now(), outbox_position = NULL",
                created.id());
        new JdbcTemplate(postgres.dataSource()).update("UPDATE " + ConsumerFeeds.CURSOR + " SET implicit = NULL");
        new JdbcTemplate(postgres.dataSource()).update("INSERT INTO " + ConsumerFeeds.SCOPE
                + " (consumer_id, record_type, record_id, version, received) VALUES ('c-1', 'SUPPLIER', 's-1', 1, true)");

        publish("s-1", new RecordChangedEvent("s-1", EntityType.SUPPLIER, Events.erp("V-1", 2), List.of("legalName"),
                supplier("Acme Medical", null), supplier("Acme", null), Events.ERP_CLIENT));
        publish("s-2", new RecordRegisteredEvent("s-2", EntityType.SUPPLIER, Events.erp("V-2", 1),
                supplier("Later Ltd", null), Events.ERP_CLIENT));
        publish("s-2", new RecordChangedEvent("s-2", EntityType.SUPPLIER, Events.erp("V-2", 2), List.of("legalName"),
                supplier("Later Limited", null), supplier("Later Ltd", null), Events.ERP_CLIENT));

        List<FeedItem> feed = cut("c-1");
        assertThat(feed).extracting(i -> i.kind() + " " + i.recordId()).containsExactly(
                "CREATED s-1", "CHANGED s-1", "CREATED s-2", "CHANGED s-2");
        assertThat(feed.get(0).id()).isEqualTo(created.id());
        assertThat(feed.get(0).correlationId()).isEqualTo("corr-kept-by-the-entry");
        assertThat(feed.get(1).correlationId()).isEqualTo("corr-s-1-1");
        assertThat(json(feed.get(0)).path("data").path("changedAttributes").toString()).isEqualTo("[\"legalName\"]");
    }

    @Test
    void a_change_of_attributes_the_consumer_does_not_receive_is_not_its_news() throws Exception {
        ConsumerSettings naming = settings("Directory", "analytics", new ConsumerSubscription(
                Set.of(EntityType.SUPPLIER), Map.of(EntityType.SUPPLIER, Set.of("legal-identity")), null, Set.of()));
        register("c-1", naming, false);
        publish("s-1", new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, Events.erp("V-1", 1),
                supplier("Acme", BANK), Events.ERP_CLIENT));
        publish("s-1", new RecordChangedEvent("s-1", EntityType.SUPPLIER, Events.erp("V-1", 2),
                List.of("bankAccount"), supplier("Acme", new BankAccount("Acme", "Other Bank", "011000015", "99887766",
                        null, "USD")), supplier("Acme", BANK), Events.ERP_CLIENT));

        List<FeedItem> feed = cut("c-1");

        assertThat(feed).extracting(FeedItem::kind).containsExactly("CREATED");
        JsonNode attributes = json(feed.get(0)).path("data").path("record").path("attributes");
        assertThat(attributes.path("legalName").asText()).isEqualTo("Acme");
        assertThat(attributes.has("bankAccount")).isFalse();
    }

    // ------------------------------------------------------------------------------------------------- helpers

    /** The consumer's scope rows, as {@code TYPE/id received}. */
    private List<String> scopeRows(String consumerId) {
        return new JdbcTemplate(postgres.dataSource()).queryForList("SELECT record_type || '/' || record_id || ' ' "
                + "|| received FROM " + ConsumerFeeds.SCOPE + " WHERE consumer_id = ? ORDER BY 1", String.class,
                consumerId);
    }

    /** Steps the fan-out until it has nothing more to do, then reads the whole feed. */
    @Test
    void a_consumer_of_a_roles_steward_notifications_receives_them_in_its_feed_as_cloud_events_and_resumes_after_them()
            throws Exception {
        publish("cr-0", opened("cr-0", "s-9")); // before the registration: not its news
        register("c-teams", new ConsumerSettings("Teams", "teams", new ConsumerSubscription(Set.of(), Map.of(), null,
                Set.of(), Set.of("data-governance-lead")), ConsumerDelivery.PULL, null, null), false);
        cut("c-teams");
        publish("cr-1", opened("cr-1", "s-1"));
        publish("cr-1", new ChangeRequestEscalatedEvent("cr-1", EntityType.SUPPLIER, "s-1", "data-governance-lead",
                clock, 1, "supplier-steward", 0, clock.plusSeconds(86_400)));
        publish("s-1", new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, Events.erp("V-1", 1),
                supplier("Acme", BANK), Events.ERP_CLIENT)); // a type it does not receive

        List<FeedItem> feed = cut("c-teams");

        assertThat(feed).extracting(FeedItem::kind).containsExactly("STEWARD_NOTIFICATION");
        FeedItem escalated = feed.get(0);
        assertThat(escalated.seq()).isEqualTo(1);
        assertThat(escalated.recordType()).isEqualTo(EntityType.SUPPLIER);
        assertThat(escalated.recordId()).isEqualTo("s-1");
        JsonNode envelope = json(escalated);
        assertThat(envelope.path("specversion").asText()).isEqualTo("1.0");
        assertThat(envelope.path("type").asText()).isEqualTo("io.mdg.steward.escalated");
        assertThat(envelope.path("source").asText()).isEqualTo("urn:mdg:steward-notifications");
        assertThat(envelope.path("subject").asText()).isEqualTo("change-request/cr-1");
        assertThat(envelope.path("id").asText()).isEqualTo(escalated.id());
        assertThat(envelope.path("correlationid").asText()).isEqualTo("corr-cr-1-1");
        assertThat(envelope.path("rulesversion").asText()).isEqualTo("rules-7");
        assertThat(envelope.path("ruleshash").asText()).isEqualTo("sha256-of-rules-7");
        JsonNode data = envelope.path("data");
        assertThat(data.path("kind").asText()).isEqualTo("ESCALATED");
        assertThat(data.path("changeRequestId").asText()).isEqualTo("cr-1");
        assertThat(data.path("role").asText()).isEqualTo("data-governance-lead");
        assertThat(data.path("step").asInt()).isEqualTo(1);
        assertThat(data.path("stepRole").asText()).isEqualTo("supplier-steward");
        assertThat(data.path("deadline").asText()).isNotEmpty();
        assertThat(data.has("record")).as("no record values").isFalse();

        // the same entry again, with the same id; then what follows it, after its place
        assertThat(feeds.after("c-teams", 0, 10)).extracting(FeedItem::id).containsExactly(escalated.id());
        publish("cr-2", opened("cr-2", "s-2"));
        publish("cr-2", new ChangeRequestEscalatedEvent("cr-2", EntityType.SUPPLIER, "s-2", "data-governance-lead",
                clock, 1, "supplier-steward", 0, clock.plusSeconds(86_400)));
        cut("c-teams");
        assertThat(feeds.after("c-teams", escalated.seq(), 10)).extracting(FeedItem::recordId).containsExactly("s-2");
        assertThat(feeds.head("c-teams")).isEqualTo(2);
    }

    private static ChangeRequestOpenedEvent opened(String id, String recordId) {
        return new ChangeRequestOpenedEvent(id, EntityType.SUPPLIER, recordId, List.of("legalName"), List.of("identity"),
                null, null, Events.erp("V-" + id, 1), Events.ERP_CLIENT, "rename", 1, false, "supplier-steward",
                Instant.parse("2026-04-01T00:00:00Z"), ChangeAction.ATTRIBUTES, null, null,
                List.of(new ApprovalStep("supplier-steward", 1)), null, null);
    }

    @Test
    void an_erased_contact_reads_as_erased_in_every_entry_of_a_feed_even_those_cut_before_the_erasure()
            throws Exception {
        register("c-1", settings("ERP", "erp", subscription(Set.of(EntityType.SUPPLIER))), false);
        Contact dana = new Contact("Dana Recall", "recalls", "dana@acme.example", "+1 555 0100", "p-dana", null);
        publish("s-1", new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, Events.erp("V-1", 1),
                new SupplierAttributes("Acme", null, null, null, null, null, null, null, List.of(dana), null),
                Events.ERP_CLIENT));
        List<FeedItem> before = cut("c-1");
        assertThat(json(before.get(0)).path("data").path("record").path("attributes").path("contacts").path(0)
                .path("email").asText()).isEqualTo("dana@acme.example");

        people.erase("p-dana");
        publish("s-1", new ContactErasedEvent("s-1", EntityType.SUPPLIER, "p-dana", "request of the person", ADMIN,
                false));
        List<FeedItem> feed = cut("c-1");

        assertThat(feed).extracting(FeedItem::kind).containsExactly("CREATED", "CHANGED");
        for (FeedItem item : feed) {
            JsonNode contact = json(item).path("data").path("record").path("attributes").path("contacts").path(0);
            assertThat(contact.path("personId").asText()).isEqualTo("p-dana");
            assertThat(contact.path("name").asText()).isEqualTo(Contact.ERASED_NAME);
            assertThat(new String(item.cloudEvent(), StandardCharsets.UTF_8)).doesNotContain("dana@acme.example")
                    .doesNotContain("Dana Recall");
        }
        // the outbox and the feed hold references only: nothing of the person in their rows
        JdbcTemplate jdbc = new JdbcTemplate(postgres.dataSource());
        assertThat(jdbc.queryForList("SELECT o::text FROM " + ChangeOutbox.TABLE + " o", String.class))
                .isNotEmpty().noneMatch(row -> row.contains("Dana") || row.contains("dana@"));
        assertThat(jdbc.queryForList("SELECT f::text FROM " + ConsumerFeeds.FEED + " f", String.class))
                .isNotEmpty().noneMatch(row -> row.contains("Dana") || row.contains("dana@"));
    }

    private List<FeedItem> cut(String consumerId) {
        int steps = 0;
        while (feeds.step()) {
            assertThat(++steps).as("the fan-out comes to rest").isLessThan(1_000);
        }
        return feeds.after(consumerId, 0, 1_000);
    }

    private void register(String id, ConsumerSettings settings, boolean initialLoad) throws Exception {
        publish(id, new ConsumerRegisteredEvent(id, settings, null, initialLoad, ADMIN));
    }

    /** Publishes an event of an aggregate (its next sequence number), a second after the previous one. */
    private void publish(String aggregateId, Object payload) throws Exception {
        long sequence = sequences.merge(aggregateId, 1L, Long::sum) - 1;
        clock = clock.plusSeconds(1);
        GenericDomainEventMessage<Object> message = new GenericDomainEventMessage<>("Aggregate", aggregateId, sequence,
                payload, MetaData.with(ChangeMetaData.CORRELATION_ID, "corr-" + aggregateId + "-" + sequence)
                .and(ChangeMetaData.RULES_VERSION, "rules-7").and(ChangeMetaData.RULES_HASH, "sha256-of-rules-7"),
                UUID.randomUUID().toString(), clock);
        for (AnnotationEventHandlerAdapter handler : handlers) {
            if (handler.canHandle(message)) {
                handler.handle(message);
            }
        }
    }

    private static JsonNode json(FeedItem item) throws Exception {
        return JSON.readTree(item.cloudEvent());
    }

    private static ConsumerSettings settings(String name, String client, ConsumerSubscription subscription) {
        return new ConsumerSettings(name, client, subscription, ConsumerDelivery.PULL, null, null);
    }

    private static ConsumerSubscription subscription(Set<EntityType> types) {
        return new ConsumerSubscription(types, Map.of(), null, Set.of());
    }

    private static SupplierAttributes supplier(String legalName, BankAccount bank) {
        return new SupplierAttributes(legalName, null, null, null, null, null, null, bank, null, null);
    }

    private static ItemAttributes item(String description, ItemClass itemClass) {
        return new ItemAttributes(description, null, null, null, null, null, null, itemClass, null, null, null, null,
                null);
    }

    private static RecordRegisteredEvent location(String id, String name, LocationType type, String parent) {
        return new RecordRegisteredEvent(id, EntityType.LOCATION, Events.erp("L-" + id, 1),
                locationAttributes(name, type, parent), Events.ERP_CLIENT);
    }

    private static RecordChangedEvent move(String id, String name, LocationType type, String to, String from) {
        return new RecordChangedEvent(id, EntityType.LOCATION, Events.erp("L-" + id, 2), List.of("parent"),
                locationAttributes(name, type, to), locationAttributes(name, type, from), Events.ERP_CLIENT);
    }

    private static LocationAttributes locationAttributes(String name, LocationType type, String parent) {
        return new LocationAttributes(name, type, parent == null ? null : Ref.to(parent), null, null, null, null,
                null, null);
    }
}
