package io.mdg.query.record;

import static io.mdg.query.record.MongoRecordDocuments.ATTRIBUTES;
import static io.mdg.query.record.MongoRecordDocuments.ID;
import static io.mdg.query.record.MongoRecordDocuments.STATUS;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.model.RecordType;
import io.mdg.api.record.RecordFilter;
import io.mdg.api.record.RecordPageView;
import io.mdg.api.record.RecordView;
import io.mdg.query.store.BatchedWrites;

/**
 * The golden records in MongoDB (production, {@code mdg.mongodb.uri}): one collection per entity type, one document
 * per record ({@link MongoRecordDocuments}). Lookups by {@code _id}; the {@code status, _id} index serves listing and
 * counting by status, and each filter path has its index ({@link #INDEXES}; equality paths that page in id order a
 * compound one ending in {@code _id}). A "contains" condition cannot use a B-tree index as a seek, so names are
 * scanned (bounded by the other conditions when given). The projection's writes of a batch go out together
 * ({@link BatchedWrites}).
 */
public class MongoRecordReadModel implements RecordReadModel {

    /** How many documents a cursor that reads them all fetches per round trip. */
    private static final int CURSOR_BATCH = 500;


    /** The collection of each entity type. */
    public static final Map<EntityType, String> COLLECTIONS = RecordType.all().stream()
            .collect(java.util.stream.Collectors.toUnmodifiableMap(RecordType::type, RecordType::plural));

    static final String PARENT_ID = ATTRIBUTES + ".parent.id";

    /** The indexes of each type's collection beyond {@code _id} and {@code status, _id}. */
    static final Map<EntityType, List<Bson>> INDEXES = Map.of(
            EntityType.SUPPLIER, List.of(
                    Indexes.ascending(ATTRIBUTES + ".taxId"),
                    Indexes.ascending(ATTRIBUTES + ".duns"),
                    Indexes.ascending(ATTRIBUTES + ".gln")),
            EntityType.ITEM, List.of(
                    Indexes.ascending(ATTRIBUTES + ".packaging.gtin"),
                    Indexes.ascending(ATTRIBUTES + ".udiDi"),
                    Indexes.ascending(ATTRIBUTES + ".hibcCode"),
                    Indexes.ascending(ATTRIBUTES + ".manufacturerPartNumber"),
                    Indexes.ascending(ATTRIBUTES + ".itemClass", ID),
                    Indexes.ascending(ATTRIBUTES + ".manufacturer.id", ID)),
            EntityType.CONTRACT, List.of(
                    Indexes.ascending(ATTRIBUTES + ".contractNumber"),
                    Indexes.ascending(ATTRIBUTES + ".supplier.id", ID),
                    Indexes.ascending(ATTRIBUTES + ".lines.item.id"),
                    Indexes.ascending(ATTRIBUTES + ".contractType", ID)),
            EntityType.LOCATION, List.of(
                    Indexes.ascending(ATTRIBUTES + ".gln"),
                    Indexes.ascending(ATTRIBUTES + ".hin"),
                    Indexes.ascending(ATTRIBUTES + ".locationType", ID),
                    Indexes.ascending(PARENT_ID, ID)));

    private static final Logger log = LoggerFactory.getLogger(MongoRecordReadModel.class);

    private final Map<EntityType, MongoCollection<Document>> collections = new EnumMap<>(EntityType.class);

    public MongoRecordReadModel(MongoDatabase readStoreDatabase) {
        for (EntityType type : EntityType.values()) {
            collections.put(type, readStoreDatabase.getCollection(COLLECTIONS.get(type)));
        }
        ensureIndexes();
    }

    @Override
    public Optional<RecordView> find(EntityType type, String id) {
        if (id == null) {
            return Optional.empty();
        }
        for (EntityType candidate : type == null ? EntityType.values() : new EntityType[]{type}) {
            Document doc = collection(candidate).find(Filters.eq(ID, id)).first();
            if (doc != null) {
                return Optional.of(MongoRecordDocuments.toView(doc));
            }
        }
        return Optional.empty();
    }

    /** One {@code _id $in} round trip. */
    @Override
    public Map<String, RecordView> findAll(EntityType type, Collection<String> ids) {
        Map<String, RecordView> result = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return result;
        }
        // one batch: the driver would otherwise fetch a large answer in several round trips (getMore)
        for (Document doc : collection(type).find(Filters.in(ID, ids)).batchSize(ids.size())) {
            RecordView view = MongoRecordDocuments.toView(doc);
            result.put(view.id(), view);
        }
        return result;
    }

    /** One round trip: one more record than asked is read to tell whether there is a next page. */
    @Override
    public RecordPageView page(RecordFilter filter, String afterId, int limit) {
        int size = RecordReadModel.pageSize(limit);
        List<Bson> conditions = conditions(filter);
        if (afterId != null) {
            conditions.add(Filters.gt(ID, afterId));
        }
        List<RecordView> page = new ArrayList<>(size + 1);
        for (Document doc : collection(filter.type()).find(and(conditions)).sort(Sorts.ascending(ID))
                .limit(size + 1).batchSize(size + 1)) {
            page.add(MongoRecordDocuments.toView(doc));
        }
        boolean more = page.size() > size;
        return new RecordPageView(more ? List.copyOf(page.subList(0, size)) : page, more);
    }

    @Override
    public long count(RecordFilter filter) {
        return collection(filter.type()).countDocuments(and(conditions(filter)));
    }

    @Override
    public long count(EntityType type, LifecycleStatus status) {
        Bson filter = status == null ? new Document() : Filters.eq(STATUS, status.name());
        long count = 0;
        for (EntityType t : type == null ? EntityType.values() : new EntityType[]{type}) {
            count += collection(t).countDocuments(filter);
        }
        return count;
    }

    /** One round trip. */
    @Override
    public List<RecordView> children(Collection<String> parentIds) {
        List<RecordView> children = new ArrayList<>();
        if (parentIds.isEmpty()) {
            return children;
        }
        for (Document doc : collection(EntityType.LOCATION).find(Filters.in(PARENT_ID, parentIds))
                .sort(Sorts.ascending(ID)).batchSize(CURSOR_BATCH)) {
            children.add(MongoRecordDocuments.toView(doc));
        }
        return children;
    }

    @Override
    public void forEach(EntityType type, Consumer<RecordView> action) {
        for (Document doc : collection(type).find().sort(Sorts.ascending(ID))) {
            action.accept(MongoRecordDocuments.toView(doc));
        }
    }

    /**
     * Inside a batch of the projection as the batch left it, the first read fetching every record of the batch in
     * one round trip ({@link BatchedWrites}).
     */
    @Override
    public Optional<GoldenRecord> load(EntityType type, String id) {
        Document doc = BatchedWrites.find(collection(type), id, BatchedWrites::aggregateIdsOfBatch);
        return Optional.ofNullable(doc).map(MongoRecordDocuments::toRecord);
    }

    @Override
    public void save(GoldenRecord record) {
        BatchedWrites.replaceMark(collection(record.type()), MongoRecordDocuments.toDocument(record));
    }

    @Override
    public void dropAll() {
        collections.values().forEach(MongoCollection::drop);
        ensureIndexes();
    }

    /** The filter's conditions as MongoDB filters on the documents (an attribute path under {@code attributes}). */
    static List<Bson> conditions(RecordFilter filter) {
        List<Bson> conditions = new ArrayList<>();
        if (filter.status() != null) {
            conditions.add(Filters.eq(STATUS, filter.status().name()));
        }
        for (RecordFilters.Condition condition : RecordFilters.conditions(filter)) {
            List<Bson> any = new ArrayList<>();
            for (String path : condition.paths()) {
                String field = ATTRIBUTES + "." + path;
                if (condition.pattern() != null) {
                    any.add(Filters.regex(field, condition.pattern()));
                } else if (condition.values().size() == 1) {
                    any.add(Filters.eq(field, condition.values().iterator().next()));
                } else {
                    any.add(Filters.in(field, condition.values()));
                }
            }
            conditions.add(any.size() == 1 ? any.get(0) : Filters.or(any));
        }
        return conditions;
    }

    private static Bson and(List<Bson> conditions) {
        if (conditions.isEmpty()) {
            return new Document();
        }
        return conditions.size() == 1 ? conditions.get(0) : Filters.and(conditions);
    }

    private MongoCollection<Document> collection(EntityType type) {
        return collections.get(type);
    }

    /** The status index of every type and the indexes of its filters. */
    private void ensureIndexes() {
        collections.forEach((type, collection) -> {
            List<Bson> indexes = new ArrayList<>();
            indexes.add(Indexes.ascending(STATUS, ID));
            indexes.addAll(INDEXES.get(type));
            for (Bson index : indexes) {
                try {
                    collection.createIndex(index);
                } catch (MongoException e) {
                    log.warn("Could not create the index {} of {}: {}", index, collection.getNamespace(),
                            e.getMessage());
                }
            }
        });
    }
}
