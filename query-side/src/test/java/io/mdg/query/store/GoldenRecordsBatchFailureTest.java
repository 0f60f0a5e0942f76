package io.mdg.query.store;

import static io.mdg.query.support.Events.ERP_CLIENT;
import static io.mdg.query.support.Events.T1;
import static io.mdg.query.support.Events.T2;
import static io.mdg.query.support.Events.erp;
import static io.mdg.query.support.Events.portal;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.mongodb.MongoSocketWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;

import io.mdg.api.EntityType;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.RecordChangedEvent;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.api.record.SourceRecordLinkedEvent;
import io.mdg.query.duplicates.MongoSupplierBlocks;
import io.mdg.query.duplicates.SupplierBlocking;
import io.mdg.query.history.MongoRecordVersions;
import io.mdg.query.record.MongoRecordReadModel;
import io.mdg.query.record.RecordHistory;
import io.mdg.query.record.RecordProjection;
import io.mdg.query.support.TestCipher;
import io.mdg.query.support.TestReadStore;
import io.mdg.query.xref.CrossReferenceProjection;
import io.mdg.query.xref.MongoCrossReferenceReadModel;

/**
 * The golden-records projections (records, their cross-references, duplicate blocks and versions) writing a
 * processor batch to MongoDB ({@link BatchedWrites}) while the store fails part way through the batch's writes.
 * The processor stores its token in the batch's transaction, so a failed batch is handled again from its first
 * event; what matters is what the failed attempt left behind and what the second attempt makes of it.
 */
class GoldenRecordsBatchFailureTest {

    private static final int SUPPLIERS = 20;

    private final List<Projections> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(Projections::close);
    }

    @Test
    void a_golden_record_is_written_only_after_the_cross_references_and_duplicate_blocks_of_its_events() {
        Projections store = open();
        // the cross-references stored, and the suppliers in duplicate blocks, when the records are written
        Map<String, Long> derivedWhenRecordsWritten = new LinkedHashMap<>();
        store.faults.beforeBulkWrite(collection -> {
            if (collection.equals("suppliers")) {
                derivedWhenRecordsWritten.put(MongoCrossReferenceReadModel.COLLECTION,
                        store.count(MongoCrossReferenceReadModel.COLLECTION));
                derivedWhenRecordsWritten.put(MongoSupplierBlocks.COLLECTION, store.documents(
                        MongoSupplierBlocks.COLLECTION).stream().mapToLong(b -> b.getList("ids", String.class).size())
                        .sum());
            }
        });

        assertThat(store.inBatch(registered())).isNull();

        // a reader that finds a golden record (recordCounts, record) finds it by its source id too
        assertThat(derivedWhenRecordsWritten).containsEntry(MongoCrossReferenceReadModel.COLLECTION, (long) SUPPLIERS)
                .containsEntry(MongoSupplierBlocks.COLLECTION, (long) SUPPLIERS);
    }

    @Test
    void a_batch_whose_writes_fail_part_way_is_handled_again_to_the_same_documents_as_without_the_failure() {
        Projections reference = open();
        Projections failing = open();
        for (Projections store : List.of(reference, failing)) {
            assertThat(store.inBatch(registered())).isNull();
        }
        // the batch's first event changes no attribute: the duplicate blocks are first written after the records
        List<DomainEventMessage<?>> linkedAndRenamed = linkedAndRenamed();
        assertThat(reference.inBatch(linkedAndRenamed)).isNull();

        failing.faults.beforeBulkWrite(collection -> {
            if (collection.equals(MongoSupplierBlocks.COLLECTION)) {
                failing.faults.beforeBulkWrite(c -> { });
                throw new MongoSocketWriteException("the read store went away", new ServerAddress(),
                        new IOException("connection reset"));
            }
        });
        Throwable failure = failing.inBatch(linkedAndRenamed);
        assertThat(failure).isNotNull();
        assertThat(ReadStoreFailures.isTransient(failure)).isTrue();
        // the processor rolls the batch back with its token and hands it the same events again
        assertThat(failing.inBatch(linkedAndRenamed)).isNull();

        for (String collection : List.of("suppliers", MongoCrossReferenceReadModel.COLLECTION,
                MongoSupplierBlocks.COLLECTION)) {
            assertThat(failing.documents(collection)).as(collection).isEqualTo(reference.documents(collection));
        }
        // versions are sealed with a random nonce: the same versions, compared by their keys
        assertThat(failing.ids(MongoRecordVersions.COLLECTION)).isEqualTo(reference.ids(MongoRecordVersions.COLLECTION))
                .hasSize(3 * SUPPLIERS);
    }

    private Projections open() {
        Projections projections = new Projections();
        opened.add(projections);
        return projections;
    }

    private static SupplierAttributes supplier(String name) {
        return new SupplierAttributes(name, List.of(), null, null, null, null, null, null, List.of(), null);
    }

    private static List<DomainEventMessage<?>> registered() {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < SUPPLIERS; i++) {
            events.add(new GenericDomainEventMessage<>("Supplier", "s-" + i, 0, new RecordRegisteredEvent("s-" + i,
                    EntityType.SUPPLIER, erp("V-" + i, 1), supplier("Name " + i), ERP_CLIENT)));
        }
        return events;
    }

    /** Each supplier linked to a portal record, then renamed (new blocking keys). */
    private static List<DomainEventMessage<?>> linkedAndRenamed() {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < SUPPLIERS; i++) {
            String id = "s-" + i;
            events.add(new GenericDomainEventMessage<>("Supplier", id, 1, new SourceRecordLinkedEvent(id,
                    EntityType.SUPPLIER, portal("P-" + i, 1), "TAX_ID", ERP_CLIENT)));
            events.add(new GenericDomainEventMessage<>("Supplier", id, 2, new RecordChangedEvent(id,
                    EntityType.SUPPLIER, erp("V-" + i, 2), List.of("legalName"), supplier("Other " + i),
                    supplier("Name " + i), ERP_CLIENT)));
        }
        return events;
    }

    /** The projections of the golden-records group on a read store whose bulk writes can be made to fail. */
    private static final class Projections implements AutoCloseable {

        private final TestReadStore server = TestReadStore.start();
        private final MongoDatabase database = server.database();
        private final FaultyDatabase faults = new FaultyDatabase(database);
        private final RecordProjection records;
        private final CrossReferenceProjection crossReferences;

        Projections() {
            MongoDatabase faulty = faults.database();
            MongoRecordReadModel store = new MongoRecordReadModel(faulty);
            records = new RecordProjection(store, List.of(new SupplierBlocking(new MongoSupplierBlocks(faulty))),
                    List.of(new RecordHistory(store, new MongoRecordVersions(faulty, new TestCipher()))));
            crossReferences = new CrossReferenceProjection(new MongoCrossReferenceReadModel(faulty));
        }

        /** Handles the events in one processor batch, as the group's handlers do; the batch's failure, if any. */
        Throwable inBatch(List<DomainEventMessage<?>> events) {
            return new BatchingUnitOfWork<>(events).executeWithResult(() -> {
                DomainEventMessage<?> message = (DomainEventMessage<?>) CurrentUnitOfWork.get().getMessage();
                long sequence = message.getSequenceNumber();
                if (message.getPayload() instanceof RecordRegisteredEvent registered) {
                    records.on(registered, sequence, T1);
                    crossReferences.on(registered);
                } else if (message.getPayload() instanceof SourceRecordLinkedEvent linked) {
                    records.on(linked, sequence, T2);
                    crossReferences.on(linked);
                } else if (message.getPayload() instanceof RecordChangedEvent changed) {
                    records.on(changed, sequence, T2);
                }
                return null;
            }).optionalExceptionResult().orElse(null);
        }

        long count(String collection) {
            return database.getCollection(collection).countDocuments();
        }

        List<Document> documents(String collection) {
            return database.getCollection(collection).find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
        }

        List<Object> ids(String collection) {
            return documents(collection).stream().map(d -> d.get("_id")).toList();
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
