package io.mdg.query.record;

import static io.mdg.query.support.Events.ERP_CLIENT;
import static io.mdg.query.support.Events.T1;
import static io.mdg.query.support.Events.T2;
import static io.mdg.query.support.Events.erp;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoCollection;

import io.mdg.api.EntityType;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.RecordView;
import io.mdg.api.record.RecordChangedEvent;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.query.history.MongoRecordVersions;
import io.mdg.query.store.BatchedWrites;
import io.mdg.query.support.TestCipher;

/**
 * The projection's writes inside a processor batch: the batch reads its records in one round trip, writes each
 * collection once when it commits, reads its own writes meanwhile, and leaves nothing behind when it rolls back.
 */
class BatchedWritesTest {

    private CountingReadStore readStore;
    private MongoRecordReadModel store;
    private RecordProjection projection;

    @BeforeEach
    void start() {
        readStore = new CountingReadStore();
        store = new MongoRecordReadModel(readStore.database());
        projection = new RecordProjection(store, List.of(),
                List.of(new RecordHistory(store, new MongoRecordVersions(readStore.database(), new TestCipher()))));
    }

    @AfterEach
    void stop() {
        readStore.close();
    }

    private static SupplierAttributes supplier(String name) {
        return new SupplierAttributes(name, List.of(), null, null, null, null, null, null, List.of(), null);
    }

    /** Twenty suppliers, each registered and renamed, in one batch (events of one record in order). */
    private static List<DomainEventMessage<?>> registeredAndRenamed() {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = "s-" + i;
            events.add(new GenericDomainEventMessage<>("Supplier", id, 0,
                    new RecordRegisteredEvent(id, EntityType.SUPPLIER, erp("V-" + i, 1), supplier("Name " + i),
                            ERP_CLIENT)));
            events.add(new GenericDomainEventMessage<>("Supplier", id, 1,
                    new RecordChangedEvent(id, EntityType.SUPPLIER, erp("V-" + i, 2), List.of("legalName"),
                            supplier("Renamed " + i), supplier("Name " + i), ERP_CLIENT)));
        }
        return events;
    }

    private void handle(DomainEventMessage<?> message) {
        if (message.getPayload() instanceof RecordRegisteredEvent registered) {
            projection.on(registered, message.getSequenceNumber(), T1);
        } else if (message.getPayload() instanceof RecordChangedEvent changed) {
            projection.on(changed, message.getSequenceNumber(), T2);
        }
    }

    /** Handles the events in one batch; the batch's failure, if any. */
    private Throwable inBatch(List<DomainEventMessage<?>> events, Runnable beforeLast) {
        BatchingUnitOfWork<DomainEventMessage<?>> batch = new BatchingUnitOfWork<>(events);
        return batch.executeWithResult(() -> {
            DomainEventMessage<?> message = (DomainEventMessage<?>) CurrentUnitOfWork.get().getMessage();
            if (message == events.get(events.size() - 1)) {
                beforeLast.run();
            }
            handle(message);
            return null;
        }).optionalExceptionResult().orElse(null);
    }

    @Test
    void a_batch_reads_its_records_in_one_round_trip_and_writes_each_collection_once() {
        List<DomainEventMessage<?>> events = registeredAndRenamed();
        readStore.resetCount();

        assertThat(inBatch(events, () -> { })).isNull();

        // one find for the batch's suppliers (none there yet), one bulk write each for suppliers and versions
        assertThat(readStore.commands()).containsExactly("find", "update", "update");
        for (int i = 0; i < 20; i++) {
            RecordView view = store.find(EntityType.SUPPLIER, "s-" + i).orElseThrow();
            assertThat(((SupplierAttributes) view.attributes()).legalName()).isEqualTo("Renamed " + i);
            assertThat(view.version()).isEqualTo(2);
        }
        assertThat(readStore.database().getCollection(MongoRecordVersions.COLLECTION).countDocuments()).isEqualTo(40);
    }

    @Test
    void the_same_events_one_by_one_give_the_same_documents() {
        List<DomainEventMessage<?>> events = registeredAndRenamed();
        inBatch(events, () -> { });
        List<Document> batched = all("suppliers");

        readStore.database().getCollection("suppliers").drop();
        events.forEach(this::handle); // no unit of work: every write at once
        assertThat(all("suppliers")).isEqualTo(batched);
    }

    @Test
    void nothing_is_written_before_the_batch_commits_and_nothing_when_it_rolls_back() {
        List<DomainEventMessage<?>> events = registeredAndRenamed();
        List<Long> storedBeforeCommit = new ArrayList<>();
        Throwable failure = inBatch(events, () -> {
            storedBeforeCommit.add(readStore.database().getCollection("suppliers").countDocuments());
            throw new IllegalStateException("the batch fails");
        });

        assertThat(failure).hasMessageContaining("the batch fails");
        assertThat(storedBeforeCommit).containsExactly(0L);
        assertThat(readStore.database().getCollection("suppliers").countDocuments()).isZero();
        assertThat(readStore.database().getCollection(MongoRecordVersions.COLLECTION).countDocuments()).isZero();
    }

    @Test
    void a_document_read_and_changed_but_not_written_back_is_read_again_as_stored() {
        MongoCollection<Document> collection = readStore.database().getCollection("things");
        collection.insertOne(new Document("_id", "a").append("n", 1));
        List<DomainEventMessage<?>> events = List.of(new GenericDomainEventMessage<>("Thing", "a", 0, "x"));
        List<Object> seen = Collections.synchronizedList(new ArrayList<>());

        Throwable failure = new BatchingUnitOfWork<>(events).executeWithResult(() -> {
            Document first = BatchedWrites.find(collection, "a", BatchedWrites::aggregateIdsOfBatch);
            first.put("n", 99); // changed by a handler that then failed
            seen.add(BatchedWrites.find(collection, "a", BatchedWrites::aggregateIdsOfBatch).get("n"));
            BatchedWrites.replace(collection, new Document("_id", "a").append("n", 2));
            Document written = BatchedWrites.find(collection, "a", null);
            written.put("n", 77); // a copy: the pending write keeps 2
            seen.add(BatchedWrites.find(collection, "a", null).get("n"));
            BatchedWrites.update(collection, "a", new Document("$inc", new Document("n", 1)),
                    new com.mongodb.client.model.UpdateOptions());
            // an update's result is the store's: the pending writes go out first
            seen.add(BatchedWrites.find(collection, "a", null).get("n"));
            return null;
        }).optionalExceptionResult().orElse(null);

        assertThat(failure).isNull();
        assertThat(seen).containsExactly(1, 2, 3);
        assertThat(collection.find().first().get("n")).isEqualTo(3);
    }

    private List<Document> all(String collection) {
        return readStore.database().getCollection(collection).find().sort(new Document("_id", 1))
                .into(new ArrayList<>());
    }
}
