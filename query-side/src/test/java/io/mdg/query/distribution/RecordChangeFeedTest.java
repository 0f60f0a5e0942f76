package io.mdg.query.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.GenericSubscriptionQueryMessage;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.axonframework.queryhandling.UpdateHandlerRegistration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.mdg.rules.InForce;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.feed.ChangeMetaData;
import io.mdg.api.feed.RecordChange;
import io.mdg.api.feed.RecordChangeKind;
import io.mdg.api.feed.RecordChangesQuery;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.ChangeHeldForApprovalEvent;
import io.mdg.api.record.HeldAttribute;
import io.mdg.api.record.LifecycleChangedEvent;
import io.mdg.api.record.RecordChangedEvent;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.api.record.SourceRecordLinkedEvent;
import io.mdg.postgres.PostgresPerClass;
import io.mdg.query.consumer.ConsumerRegistry;
import io.mdg.query.history.PostgresRecordVersions;
import io.mdg.query.record.MemoryRecordReadModel;
import io.mdg.query.record.RecordHistory;
import io.mdg.query.record.RecordProjection;
import io.mdg.query.support.Events;
import io.mdg.query.support.TestCipher;
import io.mdg.rules.consumer.ConsumerAttributes;
import io.mdg.rules.file.RulesFile;

/**
 * The GraphQL change feed served from the outbox, on a real PostgreSQL: the events are handled once (by one node's
 * processors), and the subscribers of two nodes, each with its own feed and update emitter, get the same changes.
 */
class RecordChangeFeedTest {

    @RegisterExtension
    static final PostgresPerClass postgres = new PostgresPerClass();

    private static final BankAccount BANK = new BankAccount("Acme", "First Bank", "021000021", "123456789", null,
            "USD");

    private List<AnnotationEventHandlerAdapter> handlers;
    private final Map<String, Long> sequences = new HashMap<>();
    private Instant clock = Instant.parse("2026-03-01T10:00:00Z");
    private Node first;
    private Node second;

    /** One service node's subscribers and feed. */
    private record Node(SimpleQueryUpdateEmitter emitter, RecordChangeFeed feed) {

        List<RecordChange> subscribe(EntityType... types) {
            var query = new GenericSubscriptionQueryMessage<>(new RecordChangesQuery(Set.of(types)),
                    ResponseTypes.multipleInstancesOf(RecordChange.class),
                    ResponseTypes.instanceOf(RecordChange.class));
            UpdateHandlerRegistration<Object> registration = emitter.registerUpdateHandler(query, 256);
            List<RecordChange> received = new CopyOnWriteArrayList<>();
            registration.getUpdates().subscribe(update -> received.add((RecordChange) update.getPayload()));
            feed.step(); // as the node's feed does every interval: it begins at the outbox's end
            return received;
        }
    }

    @BeforeEach
    void newService() {
        postgres.dropTables(List.of(ChangeOutbox.TABLE, ConsumerFeeds.FEED, ConsumerFeeds.CURSOR, ConsumerFeeds.SCOPE,
                "record_versions", "mdg_consumer"));
        MemoryRecordReadModel records = new MemoryRecordReadModel();
        PostgresRecordVersions versions = new PostgresRecordVersions(postgres.dataSource(), new TestCipher());
        ConsumerRegistry registry = new ConsumerRegistry(postgres.dataSource(), new TestCipher());
        RulesFile rules = RulesFile.load("");
        OutboxSignal signal = new OutboxSignal();
        ConsumerFeeds feeds = new ConsumerFeeds(postgres.dataSource(), registry, versions, records,
                InForce.always(ConsumerAttributes.of(rules.policy())), InForce.always(rules.access()), signal,
                Duration.ofMillis(100));
        handlers = List.of(
                new AnnotationEventHandlerAdapter(new RecordProjection(records, List.of(),
                        List.of(new RecordHistory(records, versions)))),
                new AnnotationEventHandlerAdapter(new ChangeOutbox(postgres.dataSource(), signal)));
        first = node(feeds);
        // the second node reads the same outbox; its memory read model is empty (it reads the history instead)
        second = node(new ConsumerFeeds(postgres.dataSource(), registry, versions, new MemoryRecordReadModel(),
                InForce.always(ConsumerAttributes.of(rules.policy())), InForce.always(rules.access()), signal,
                Duration.ofMillis(100)));
    }

    private static Node node(ConsumerFeeds feeds) {
        SimpleQueryUpdateEmitter emitter = SimpleQueryUpdateEmitter.builder().build();
        return new Node(emitter, new RecordChangeFeed(emitter, postgres.dataSource(), feeds));
    }

    @Test
    void approved_changes_reach_the_subscribers_of_every_node_in_order_with_the_record_at_that_version()
            throws Exception {
        publish("s-0", new RecordRegisteredEvent("s-0", EntityType.SUPPLIER, Events.erp("V-0", 1),
                supplier("Before Inc"), Events.ERP_CLIENT));
        List<RecordChange> suppliers = first.subscribe(EntityType.SUPPLIER);
        List<RecordChange> items = first.subscribe(EntityType.ITEM);
        List<RecordChange> elsewhere = second.subscribe();

        publish("s-1", new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, Events.erp("V-1", 1),
                supplier("Acme Medical Inc."), Events.ERP_CLIENT));
        publish("s-1", new RecordChangedEvent("s-1", EntityType.SUPPLIER, Events.erp("V-1", 2), List.of("legalName"),
                supplier("Acme Medical Holdings Inc."), supplier("Acme Medical Inc."), Events.ERP_CLIENT));
        publish("s-1", new LifecycleChangedEvent("s-1", EntityType.SUPPLIER, LifecycleStatus.ACTIVE,
                LifecycleStatus.SUSPENDED, "screening hit", Events.ERP_CLIENT));
        first.feed().step();
        second.feed().step();

        assertThat(items).isEmpty();
        assertThat(suppliers).as("what was committed before the subscription is not sent")
                .extracting(RecordChange::recordId).containsOnly("s-1");
        assertThat(suppliers).extracting(RecordChange::kind).containsExactly(RecordChangeKind.CREATED,
                RecordChangeKind.ATTRIBUTES_CHANGED, RecordChangeKind.STATUS_CHANGED);
        assertThat(suppliers).extracting(RecordChange::version).containsExactly(1L, 2L, 3L);
        assertThat(suppliers.get(0).attributes()).containsExactly("legalName", "bankAccount");
        assertThat(((SupplierAttributes) suppliers.get(1).record().attributes()).legalName())
                .isEqualTo("Acme Medical Holdings Inc.");
        assertThat(suppliers.get(1).attributes()).containsExactly("legalName");
        assertThat(suppliers.get(2).record().status()).isEqualTo(LifecycleStatus.SUSPENDED);
        assertThat(elsewhere).as("the other node's subscriber").isEqualTo(suppliers);
    }

    @Test
    void held_changes_and_new_cross_references_are_not_golden_changes() throws Exception {
        List<RecordChange> received = first.subscribe(EntityType.SUPPLIER);
        publish("s-1", new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, Events.erp("V-1", 1),
                supplier("Acme Medical Inc."), Events.ERP_CLIENT));
        publish("s-1", new ChangeHeldForApprovalEvent("s-1", EntityType.SUPPLIER, Events.erp("V-1", 2),
                List.of(new HeldAttribute("bankAccount", "BANKING", 2, true)), supplier("Acme Medical Inc."),
                supplier("Acme Medical Inc."), Events.ERP_CLIENT, "cr-1"));
        publish("s-1", new SourceRecordLinkedEvent("s-1", EntityType.SUPPLIER, Events.portal("P-1", 1), "TAX_ID",
                Events.ERP_CLIENT));
        publish("s-1", new RecordChangedEvent("s-1", EntityType.SUPPLIER, Events.erp("V-1", 3), List.of("legalName"),
                supplier("Acme Renamed"), supplier("Acme Medical Inc."), Events.ERP_CLIENT));
        first.feed().step();

        assertThat(received).extracting(RecordChange::kind).containsExactly(RecordChangeKind.CREATED,
                RecordChangeKind.ATTRIBUTES_CHANGED);
        assertThat(received).extracting(RecordChange::version).containsExactly(1L, 4L);
    }

    /** Publishes an event of an aggregate (its next sequence number), a second after the previous one. */
    private void publish(String aggregateId, Object payload) throws Exception {
        long sequence = sequences.merge(aggregateId, 1L, Long::sum) - 1;
        clock = clock.plusSeconds(1);
        GenericDomainEventMessage<Object> message = new GenericDomainEventMessage<>("Aggregate", aggregateId, sequence,
                payload, MetaData.with(ChangeMetaData.CORRELATION_ID, "corr-" + aggregateId + "-" + sequence),
                UUID.randomUUID().toString(), clock);
        for (AnnotationEventHandlerAdapter handler : handlers) {
            if (handler.canHandle(message)) {
                handler.handle(message);
            }
        }
    }

    private static SupplierAttributes supplier(String legalName) {
        return new SupplierAttributes(legalName, null, null, null, null, null, null, BANK, null, null);
    }
}
