package io.mdg.query.record;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceSystem;
import io.mdg.api.model.Attributes;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.record.AttributeLineage;
import io.mdg.api.record.PendingChangeView;
import io.mdg.api.record.RecordFilter;
import io.mdg.api.record.RecordPageView;
import io.mdg.api.record.RecordView;
import io.mdg.api.xref.SourceRefView;
import io.mdg.query.store.BatchedWrites;

/**
 * The golden-record read model: one collection per entity type ({@code suppliers}, {@code items},
 * {@code contracts}, {@code locations}), one document per golden record:
 *
 * <pre>
 * { _id, type, version (sequence number of the last event applied), status, createdAt, updatedAt,
 *   attributes:     { legalName: ..., orderingAddress: { ... }, ... }        (see {@link AttributeCodec})
 *   sourceRefs:     [ { system, sourceId, sourceVersion, lastSubmittedAt } ]
 *   lineage:        { legalName: { system, sourceId, at, changeRequestId }, ... }
 *   pendingChanges: [ { attributes: [...], system, sourceId, at, approvalsRequired, changeRequestId } ]
 *   mergedInto }
 * </pre>
 *
 * Hot paths read and write by {@code _id} only (mongo-java-server uses no other index); the {@code status, _id}
 * index serves listing and counting by status on a real MongoDB, and each filter path has its index
 * ({@link RecordFilters}). The versions of each record are kept by {@link RecordHistory}.
 */
@Component
@Profile("query")
public class RecordStore {

    /** The collection of each entity type. */
    public static final Map<EntityType, String> COLLECTIONS = Map.of(
            EntityType.SUPPLIER, "suppliers",
            EntityType.ITEM, "items",
            EntityType.CONTRACT, "contracts",
            EntityType.LOCATION, "locations");

    /** Largest page a list query answers. */
    public static final int MAX_PAGE = 500;
    /** Page size when a list query asks for none. */
    public static final int DEFAULT_PAGE = 50;

    static final String ID = "_id";
    static final String TYPE = "type";
    static final String VERSION = "version";
    static final String STATUS = "status";
    static final String CREATED_AT = "createdAt";
    static final String UPDATED_AT = "updatedAt";
    static final String ATTRIBUTES = "attributes";
    static final String SOURCE_REFS = "sourceRefs";
    static final String LINEAGE = "lineage";
    static final String PENDING_CHANGES = "pendingChanges";
    static final String MERGED_INTO = "mergedInto";

    private static final Logger log = LoggerFactory.getLogger(RecordStore.class);

    private final Map<EntityType, MongoCollection<Document>> collections = new EnumMap<>(EntityType.class);
    private final AttributeCodec codec = new AttributeCodec();

    public RecordStore(MongoDatabase readStoreDatabase) {
        for (EntityType type : EntityType.values()) {
            collections.put(type, readStoreDatabase.getCollection(COLLECTIONS.get(type)));
        }
        ensureIndexes();
    }

    public AttributeCodec codec() {
        return codec;
    }

    /** One golden record; {@code type} null looks in every collection. */
    public Optional<RecordView> find(EntityType type, String id) {
        if (id == null) {
            return Optional.empty();
        }
        for (EntityType candidate : type == null ? EntityType.values() : new EntityType[]{type}) {
            Document doc = load(candidate, id);
            if (doc != null) {
                return Optional.of(toView(doc));
            }
        }
        return Optional.empty();
    }

    /** The records of one type with the given ids that exist, by id: one {@code _id $in} round trip. */
    public Map<String, RecordView> findAll(EntityType type, Collection<String> ids) {
        Map<String, RecordView> result = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return result;
        }
        // one batch: the driver would otherwise fetch a large answer in several round trips (getMore)
        for (Document doc : collection(type).find(Filters.in(ID, ids)).batchSize(ids.size())) {
            RecordView view = toView(doc);
            result.put(view.id(), view);
        }
        return result;
    }

    /** A page of records in id order after {@code afterId}, at most {@link #MAX_PAGE}. */
    public List<RecordView> list(EntityType type, LifecycleStatus status, String afterId, int limit) {
        return page(RecordFilter.any(type).withStatus(status), afterId, limit).records();
    }

    /**
     * A page of the records that match the filter, in id order after {@code afterId}, at most {@link #MAX_PAGE}
     * (fewer than 1 asked: {@link #DEFAULT_PAGE}). One more record than asked is read, in the same round trip, to
     * tell whether there is a next page.
     */
    public RecordPageView page(RecordFilter filter, String afterId, int limit) {
        int size = limit <= 0 ? DEFAULT_PAGE : Math.min(limit, MAX_PAGE);
        List<Bson> conditions = RecordFilters.conditions(filter);
        if (afterId != null) {
            conditions.add(Filters.gt(ID, afterId));
        }
        List<RecordView> page = new ArrayList<>(size + 1);
        for (Document doc : collection(filter.type()).find(RecordFilters.toBson(conditions)).sort(Sorts.ascending(ID))
                .limit(size + 1).batchSize(size + 1)) {
            page.add(toView(doc));
        }
        boolean more = page.size() > size;
        return new RecordPageView(more ? List.copyOf(page.subList(0, size)) : page, more);
    }

    /** How many records match the filter. */
    public long count(RecordFilter filter) {
        return collection(filter.type()).countDocuments(RecordFilters.toBson(RecordFilters.conditions(filter)));
    }

    /** The locations whose parent is one of the given locations, in id order: one round trip. */
    public List<RecordView> children(Collection<String> parentIds) {
        List<RecordView> children = new ArrayList<>();
        if (parentIds.isEmpty()) {
            return children;
        }
        for (Document doc : collection(EntityType.LOCATION).find(Filters.in(RecordFilters.PARENT_ID, parentIds))
                .sort(Sorts.ascending(ID)).batchSize(MAX_PAGE)) {
            children.add(toView(doc));
        }
        return children;
    }

    /** How many records of a type (every type when null), optionally of a status. */
    public long count(EntityType type, LifecycleStatus status) {
        Bson filter = status == null ? new Document() : Filters.eq(STATUS, status.name());
        long count = 0;
        for (EntityType t : type == null ? EntityType.values() : new EntityType[]{type}) {
            count += collection(t).countDocuments(filter);
        }
        return count;
    }

    /**
     * The stored document of a record; inside a batch of the projection as the batch left it, the first read
     * fetching every record of the batch in one round trip ({@link BatchedWrites}).
     */
    Document load(EntityType type, String id) {
        return BatchedWrites.find(collection(type), id, BatchedWrites::aggregateIdsOfBatch);
    }

    void save(EntityType type, Document doc) {
        BatchedWrites.replace(collection(type), doc);
    }

    void dropAll() {
        collections.values().forEach(MongoCollection::drop);
        ensureIndexes();
    }

    private MongoCollection<Document> collection(EntityType type) {
        return collections.get(type);
    }

    /** The status index of every type and the indexes of its filters ({@link RecordFilters#INDEXES}). */
    private void ensureIndexes() {
        collections.forEach((type, collection) -> {
            List<Bson> indexes = new ArrayList<>();
            indexes.add(Indexes.ascending(STATUS, ID));
            indexes.addAll(RecordFilters.INDEXES.get(type));
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

    /** The record a stored document holds. */
    public RecordView toView(Document doc) {
        EntityType type = EntityType.valueOf(doc.getString(TYPE));
        MasterAttributes attributes = codec.fromDocument(type, doc.get(ATTRIBUTES, Document.class));
        return new RecordView(doc.getString(ID), type, ((Number) doc.get(VERSION)).longValue() + 1,
                LifecycleStatus.valueOf(doc.getString(STATUS)), instant(doc.getDate(CREATED_AT)),
                instant(doc.getDate(UPDATED_AT)), attributes, sourceRefs(doc), lineage(type, doc),
                pendingChanges(doc), doc.getString(MERGED_INTO));
    }

    private static List<SourceRefView> sourceRefs(Document doc) {
        List<SourceRefView> refs = new ArrayList<>();
        for (Document ref : doc.getList(SOURCE_REFS, Document.class, List.of())) {
            Number version = (Number) ref.get("sourceVersion");
            refs.add(new SourceRefView(SourceSystem.valueOf(ref.getString("system")), ref.getString("sourceId"),
                    version == null ? null : version.longValue(), instant(ref.getDate("lastSubmittedAt"))));
        }
        return refs;
    }

    private static List<AttributeLineage> lineage(EntityType type, Document doc) {
        Document lineage = doc.get(LINEAGE, Document.class);
        List<AttributeLineage> result = new ArrayList<>();
        if (lineage == null) {
            return result;
        }
        for (String attribute : Attributes.names(type)) {
            Document entry = lineage.get(attribute, Document.class);
            if (entry != null) {
                result.add(new AttributeLineage(attribute, SourceSystem.valueOf(entry.getString("system")),
                        entry.getString("sourceId"), instant(entry.getDate("at")), entry.getString("changeRequestId")));
            }
        }
        return result;
    }

    private static List<PendingChangeView> pendingChanges(Document doc) {
        List<PendingChangeView> result = new ArrayList<>();
        for (Document pending : doc.getList(PENDING_CHANGES, Document.class, List.of())) {
            result.add(new PendingChangeView(List.copyOf(pending.getList("attributes", String.class)),
                    SourceSystem.valueOf(pending.getString("system")), pending.getString("sourceId"),
                    instant(pending.getDate("at")), pending.getInteger("approvalsRequired", 0)));
        }
        return result;
    }

    static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
