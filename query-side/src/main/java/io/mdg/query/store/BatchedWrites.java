package io.mdg.query.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;

/**
 * The read-store writes of an event processor's batch, sent when the batch commits as one ordered
 * {@code bulkWrite} per collection instead of one round trip per write; and the reads of the batch's own documents
 * answered from it. A batch of the projections (a streaming processor's {@link BatchingUnitOfWork}, up to
 * {@code batch-size} events) thus costs a few round trips instead of several per event.
 *
 * <p><b>Order and crash safety.</b> The writes are sent when the batch's unit of work prepares its commit, before
 * the transaction that stores the processor's token commits (the processor registers the token's write first, in
 * the same transaction): a batch whose writes fail rolls back with its token, and a crash between the two loses at
 * most a token whose events are handled again (the projections are idempotent). Collections are written in the order
 * the batch first wrote to them, and within a collection in the batch's order, except the <em>marks</em>
 * ({@link #replaceMark}): the documents that tell how far their projection got (a golden record keeps the sequence
 * of the last event applied to it, and its handlers skip what it already has) and that readers find the others by.
 * They go out after every other write of the batch, so that
 * <ul>
 *   <li>a batch that fails part way never leaves a mark ahead of the documents derived from the same events (its
 *   retry would skip those events and their cross-references, duplicate blocks or versions would be lost for
 *   good), and</li>
 *   <li>a reader that finds a golden record also finds what was derived from its events (its cross-references
 *   above all).</li>
 * </ul>
 *
 * <p><b>Failures.</b> A handler that throws has its event parked or retried by the dead-letter policy, as before;
 * the writes of earlier events of the batch stay pending. A batch whose writes fail to reach the store is rolled back
 * and handled again by the processor. A write the store refuses for good (not an outage) would make every retry of
 * its batch fail: after such a failure writes go out one by one for {@value #DIRECT_SECONDS} s, so that the event
 * whose write is refused fails in its own handler and is parked there. A batch keeps the mode it began with: a batch
 * whose writes were pending never reads past them, and one whose writes went out at once never leaves any pending.
 *
 * <p>Outside a batch (queries, operator actions, tests without a processor) every write goes out at once.
 */
public final class BatchedWrites {

    static final int DIRECT_SECONDS = 30;

    private static final Logger log = LoggerFactory.getLogger(BatchedWrites.class);
    private static final String RESOURCE = BatchedWrites.class.getName();
    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);
    private static final BulkWriteOptions ORDERED = new BulkWriteOptions().ordered(true);

    /** Off with the system property {@code mdg.batched-writes=false} (to compare, or to rule it out). */
    private static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("mdg.batched-writes", "true"));

    private static volatile long directUntil = System.nanoTime();

    /** The resource of a batch that began while writes went out one by one. */
    private static final Object DIRECT = new Object();

    private BatchedWrites() {
    }

    /** Replaces (or inserts) the document with its {@code _id}. */
    public static void replace(MongoCollection<Document> collection, Document doc) {
        Batch batch = current();
        if (batch == null) {
            collection.replaceOne(Filters.eq("_id", doc.get("_id")), doc, UPSERT);
        } else {
            batch.of(collection).replace(doc);
        }
    }

    /**
     * Replaces (or inserts) a mark: a document that tells how far its projection got and that readers find the others
     * by (a golden record). Inside a batch it goes out after every other write of the batch.
     */
    public static void replaceMark(MongoCollection<Document> collection, Document doc) {
        Batch batch = current();
        if (batch == null) {
            collection.replaceOne(Filters.eq("_id", doc.get("_id")), doc, UPSERT);
        } else {
            batch.marks(collection).replace(doc);
        }
    }

    /** Updates the document with the given {@code _id}. */
    public static void update(MongoCollection<Document> collection, Object id, Bson update, UpdateOptions options) {
        Batch batch = current();
        if (batch == null) {
            collection.updateOne(Filters.eq("_id", id), update, options);
        } else {
            batch.of(collection).write(id, new UpdateOneModel<>(Filters.eq("_id", id), update, options));
        }
    }

    /**
     * The document with the given {@code _id}: as the batch left it, or from the store. {@code batchIds}, when
     * given, names the ids the batch is likely to read from this collection: the first read of the batch fetches
     * them all in one round trip. The document returned is the caller's to change.
     */
    public static Document find(MongoCollection<Document> collection, Object id, Supplier<Collection<?>> batchIds) {
        Batch batch = current();
        if (batch == null) {
            return collection.find(Filters.eq("_id", id)).first();
        }
        return batch.of(collection).find(id, batchIds);
    }

    /**
     * The changes the current unit of work (a processor's batch) makes to what a projection keeps in memory beside its
     * documents, under {@code key}: created at first use, handed to {@code apply} once the unit of work commits and
     * dropped if it rolls back (its events are then handled again, and must not count twice). Null outside a unit of
     * work: change the memory at once.
     */
    public static <T> T untilCommit(String key, Supplier<T> create, Consumer<T> apply) {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        if (unitOfWork.phase() != UnitOfWork.Phase.STARTED) {
            return null;
        }
        return unitOfWork.getOrComputeResource(key, k -> {
            T changes = create.get();
            unitOfWork.afterCommit(u -> apply.accept(changes));
            return changes;
        });
    }

    /** The aggregate ids of the current batch's domain events (empty outside a batch). */
    public static Collection<?> aggregateIdsOfBatch() {
        if (!CurrentUnitOfWork.isStarted() || !(CurrentUnitOfWork.get() instanceof BatchingUnitOfWork<?> batch)) {
            return List.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        for (Message<?> message : batch.getMessages()) {
            if (message instanceof DomainEventMessage<?> event && event.getAggregateIdentifier() != null) {
                ids.add(event.getAggregateIdentifier());
            }
        }
        return ids;
    }

    private static Batch current() {
        if (!ENABLED || !CurrentUnitOfWork.isStarted()) {
            return null;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        if (!(unitOfWork instanceof BatchingUnitOfWork<?>) || unitOfWork.phase() != UnitOfWork.Phase.STARTED) {
            return null;
        }
        // decided once per batch: switching to direct writes half way would read past the batch's pending writes
        Object mode = unitOfWork.getOrComputeResource(RESOURCE, key -> {
            if (directUntil - System.nanoTime() > 0) {
                return DIRECT;
            }
            Batch batch = new Batch();
            unitOfWork.onPrepareCommit(u -> batch.flush());
            return batch;
        });
        return mode instanceof Batch batch ? batch : null;
    }

    /** The pending writes of one batch, per collection in the order of their first write; the marks last. */
    private static final class Batch {
        private final Map<MongoNamespace, Pending> collections = new LinkedHashMap<>();
        private final Map<MongoNamespace, Pending> marks = new LinkedHashMap<>();

        Pending of(MongoCollection<Document> collection) {
            Pending mark = marks.get(collection.getNamespace());
            return mark != null ? mark
                    : collections.computeIfAbsent(collection.getNamespace(), n -> new Pending(collection));
        }

        Pending marks(MongoCollection<Document> collection) {
            Pending other = collections.remove(collection.getNamespace());
            if (other != null) {
                // written to before as an ordinary collection: from now on it goes out with the marks, and its
                // earlier writes with it (still in the batch's order)
                marks.put(collection.getNamespace(), other);
                return other;
            }
            return marks.computeIfAbsent(collection.getNamespace(), n -> new Pending(collection));
        }

        void flush() {
            try {
                for (Pending pending : collections.values()) {
                    pending.flush();
                }
                for (Pending pending : marks.values()) {
                    pending.flush();
                }
            } catch (RuntimeException e) {
                if (!ReadStoreFailures.isTransient(e)) {
                    directUntil = System.nanoTime() + DIRECT_SECONDS * 1_000_000_000L;
                    log.warn("The read store refused a batch of writes; writing one by one for {} s so that the "
                            + "event it fails on can be parked: {}", DIRECT_SECONDS, e.toString());
                }
                throw e;
            }
        }
    }

    private static final class Pending {
        private final MongoCollection<Document> collection;
        private final List<WriteModel<Document>> writes = new ArrayList<>();
        /** Positions in {@link #writes} of each id's writes. */
        private final Map<Object, List<Integer>> positions = new HashMap<>();
        /** The documents as the batch replaced them. */
        private final Map<Object, Document> replaced = new HashMap<>();
        /** The ids fetched in one round trip at the batch's first read (null: none yet). */
        private Set<Object> asked;
        /** Those of them found and not handed out yet. */
        private Map<Object, Document> fetched;
        /** Those handed out (a caller may have changed its copy without writing it back). */
        private final Set<Object> handedOut = new java.util.HashSet<>();

        Pending(MongoCollection<Document> collection) {
            this.collection = collection;
        }

        void replace(Document doc) {
            Object id = doc.get("_id");
            List<Integer> earlier = positions.get(id);
            if (earlier != null) {
                earlier.forEach(i -> writes.set(i, null)); // the whole document replaces whatever came before
                earlier.clear();
            }
            write(id, new ReplaceOneModel<>(Filters.eq("_id", id), doc, UPSERT));
            replaced.put(id, doc);
        }

        void write(Object id, WriteModel<Document> model) {
            if (!(model instanceof ReplaceOneModel<?>)) {
                replaced.remove(id);
            }
            positions.computeIfAbsent(id, k -> new ArrayList<>(2)).add(writes.size());
            writes.add(model);
        }

        Document find(Object id, Supplier<Collection<?>> batchIds) {
            Document doc = replaced.get(id);
            if (doc != null) {
                return deepCopy(doc);
            }
            if (positions.containsKey(id)) {
                // an update whose result only the store knows: send what is pending, then read
                flush();
                return collection.find(Filters.eq("_id", id)).first();
            }
            if (asked == null && batchIds != null) {
                asked = new LinkedHashSet<>(batchIds.get());
                asked.add(id);
                fetched = new HashMap<>();
                for (Document found : collection.find(Filters.in("_id", asked)).batchSize(asked.size())) {
                    fetched.put(found.get("_id"), found);
                }
            }
            if (asked != null && asked.contains(id)) {
                Document found = fetched.remove(id);
                if (found != null || !handedOut.contains(id)) {
                    handedOut.add(id);
                    return found; // null: not in the store when the batch began, nor written by it since
                }
            }
            return collection.find(Filters.eq("_id", id)).first();
        }

        void flush() {
            List<WriteModel<Document>> models = new ArrayList<>(writes.size());
            for (WriteModel<Document> write : writes) {
                if (write != null) {
                    models.add(write);
                }
            }
            if (!models.isEmpty()) {
                collection.bulkWrite(models, ORDERED);
            }
            writes.clear();
            positions.clear();
            replaced.clear();
            asked = null;
            fetched = null;
            handedOut.clear();
        }
    }

    /** A copy of a document whose nested documents and lists are copies too. */
    static Document deepCopy(Document doc) {
        Document copy = new Document();
        doc.forEach((key, value) -> copy.put(key, copyValue(value)));
        return copy;
    }

    private static Object copyValue(Object value) {
        if (value instanceof Document nested) {
            return deepCopy(nested);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(copyValue(v)));
            return copy;
        }
        if (value instanceof Date date) {
            return new Date(date.getTime());
        }
        return value;
    }
}
