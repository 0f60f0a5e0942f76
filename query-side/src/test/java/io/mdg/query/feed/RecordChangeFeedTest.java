package io.mdg.query.feed;

import static io.mdg.query.support.Events.ERP_CLIENT;
import static io.mdg.query.support.Events.STEWARD;
import static io.mdg.query.support.Events.T1;
import static io.mdg.query.support.Events.T2;
import static io.mdg.query.support.Events.T3;
import static io.mdg.query.support.Events.erp;
import static io.mdg.query.support.Events.portal;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.queryhandling.GenericSubscriptionQueryMessage;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.axonframework.queryhandling.UpdateHandlerRegistration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.feed.RecordChange;
import io.mdg.api.feed.RecordChangeKind;
import io.mdg.api.feed.RecordChangesQuery;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.ChangeHeldForApprovalEvent;
import io.mdg.api.record.HeldAttribute;
import io.mdg.api.record.LifecycleChangedEvent;
import io.mdg.api.record.RecordChangedEvent;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.api.record.SourceRecordLinkedEvent;
import io.mdg.query.record.RecordProjection;
import io.mdg.query.record.MemoryRecordReadModel;

class RecordChangeFeedTest {

    private SimpleQueryUpdateEmitter emitter;
    private RecordProjection projection;
    /** When the process of this test "started": events stored before it are history. */
    private static final Instant STARTED = T1.minusSeconds(3600);

    @BeforeEach
    void start() {
        MemoryRecordReadModel store = new MemoryRecordReadModel();
        emitter = SimpleQueryUpdateEmitter.builder().build();
        RecordChangeFeed feed = new RecordChangeFeed(emitter, store, new LiveEvents(STARTED));
        projection = new RecordProjection(store, List.of(), List.of(feed));
    }

    private List<RecordChange> subscribe(EntityType... types) {
        var query = new GenericSubscriptionQueryMessage<>(new RecordChangesQuery(Set.of(types)),
                ResponseTypes.multipleInstancesOf(RecordChange.class), ResponseTypes.instanceOf(RecordChange.class));
        UpdateHandlerRegistration<Object> registration = emitter.registerUpdateHandler(query, 256);
        List<RecordChange> received = new CopyOnWriteArrayList<>();
        registration.getUpdates().subscribe(update -> received.add((RecordChange) update.getPayload()));
        return received;
    }

    private static SupplierAttributes acme() {
        return new SupplierAttributes("Acme Medical Inc.", null, "12-3456789", null, null, null, null,
                new BankAccount("Acme", "First Bank", "021000021", "123456789", null, "USD"), null, null);
    }

    @Test
    void approved_changes_of_followed_types_reach_subscribers_with_the_record_at_that_version() {
        List<RecordChange> suppliers = subscribe(EntityType.SUPPLIER);
        List<RecordChange> items = subscribe(EntityType.ITEM);
        List<RecordChange> everything = subscribe();

        projection.on(new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, erp("V-1", 1), acme(), ERP_CLIENT), 0, T1);
        projection.on(new RecordChangedEvent("s-1", EntityType.SUPPLIER, erp("V-1", 2), List.of("legalName"),
                SupplierAttributes.named("Acme Medical Holdings Inc."), SupplierAttributes.named("Acme Medical Inc."),
                ERP_CLIENT), 1, T2);
        projection.on(new LifecycleChangedEvent("s-1", EntityType.SUPPLIER, LifecycleStatus.ACTIVE,
                LifecycleStatus.SUSPENDED, "screening hit", STEWARD), 2, T3);

        assertThat(items).isEmpty();
        assertThat(everything).hasSize(3);
        assertThat(suppliers).extracting(RecordChange::kind).containsExactly(RecordChangeKind.CREATED,
                RecordChangeKind.ATTRIBUTES_CHANGED, RecordChangeKind.STATUS_CHANGED);
        RecordChange created = suppliers.get(0);
        assertThat(created.recordId()).isEqualTo("s-1");
        assertThat(created.version()).isEqualTo(1);
        assertThat(created.at()).isEqualTo(T1);
        assertThat(created.attributes()).containsExactly("legalName", "taxId", "bankAccount");
        assertThat(((SupplierAttributes) created.record().attributes()).legalName()).isEqualTo("Acme Medical Inc.");
        RecordChange renamed = suppliers.get(1);
        assertThat(renamed.version()).isEqualTo(2);
        assertThat(renamed.attributes()).containsExactly("legalName");
        assertThat(((SupplierAttributes) renamed.record().attributes()).legalName())
                .isEqualTo("Acme Medical Holdings Inc.");
        RecordChange suspended = suppliers.get(2);
        assertThat(suspended.version()).isEqualTo(3);
        assertThat(suspended.record().status()).isEqualTo(LifecycleStatus.SUSPENDED);
    }

    @Test
    void held_changes_and_new_cross_references_are_not_golden_changes() {
        List<RecordChange> received = subscribe(EntityType.SUPPLIER);
        projection.on(new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, erp("V-1", 1), acme(), ERP_CLIENT), 0, T1);
        projection.on(new ChangeHeldForApprovalEvent("s-1", EntityType.SUPPLIER, erp("V-1", 2),
                List.of(new HeldAttribute("bankAccount", "BANKING", 2, true)), acme(), acme(), ERP_CLIENT, "cr-1"), 1, T2);
        projection.on(new SourceRecordLinkedEvent("s-1", EntityType.SUPPLIER, portal("P-1", 1), "TAX_ID", ERP_CLIENT), 2, T3);

        assertThat(received).extracting(RecordChange::kind).containsExactly(RecordChangeKind.CREATED);
    }

    @Test
    void a_replayed_event_reaches_nobody_and_a_live_one_is_sent_after_its_unit_of_work_commits() {
        List<RecordChange> received = subscribe(EntityType.ITEM);
        TrackingToken position = new GlobalSequenceTrackingToken(10);
        TrackingToken replay = ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(20), position);
        var registered = new RecordRegisteredEvent("i-1", EntityType.ITEM, erp("I-1", 1),
                ItemAttributes.described("Glove"), ERP_CLIENT);

        DefaultUnitOfWork.startAndGet(tracked(registered, replay)).execute(() -> projection.on(registered, 0, T1));
        assertThat(received).isEmpty();

        var changed = new RecordChangedEvent("i-1", EntityType.ITEM, erp("I-1", 2), List.of("description"),
                ItemAttributes.described("Glove, nitrile"), ItemAttributes.described("Glove"), ERP_CLIENT);
        DefaultUnitOfWork<?> live = DefaultUnitOfWork.startAndGet(tracked(changed, new GlobalSequenceTrackingToken(21)));
        live.onPrepareCommit(u -> assertThat(received).as("nothing before the commit").isEmpty());
        live.execute(() -> projection.on(changed, 1, T2));
        assertThat(received).extracting(RecordChange::kind).containsExactly(RecordChangeKind.ATTRIBUTES_CHANGED);
    }

    @Test
    void events_stored_before_the_process_started_are_history_and_those_stored_since_are_news() {
        List<RecordChange> received = subscribe(EntityType.SUPPLIER);
        var registered = new RecordRegisteredEvent("s-1", EntityType.SUPPLIER, erp("V-1", 1), acme(), ERP_CLIENT);
        Instant before = STARTED.minusSeconds(1);
        DefaultUnitOfWork.startAndGet(stored(registered, 0, before)).execute(() -> projection.on(registered, 0, before));
        assertThat(received).as("caught up from the store, not news").isEmpty();

        // stored after the start: news, even while the processor still works through older events
        var suspended = new LifecycleChangedEvent("s-1", EntityType.SUPPLIER, LifecycleStatus.ACTIVE,
                LifecycleStatus.SUSPENDED, "screening hit", STEWARD);
        Instant after = STARTED.plusSeconds(1);
        DefaultUnitOfWork.startAndGet(stored(suspended, 1, after)).execute(() -> projection.on(suspended, 1, after));
        assertThat(received).extracting(RecordChange::kind).containsExactly(RecordChangeKind.STATUS_CHANGED);
    }

    private static GenericTrackedEventMessage<Object> stored(Object payload, long sequence, Instant at) {
        return new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(sequence),
                new GenericDomainEventMessage<>("Supplier", "s-1", sequence, payload, MetaData.emptyInstance(),
                        java.util.UUID.randomUUID().toString(), at));
    }

    private static GenericTrackedEventMessage<Object> tracked(Object payload, TrackingToken token) {
        return new GenericTrackedEventMessage<>(token, GenericEventMessage.asEventMessage(payload));
    }
}
