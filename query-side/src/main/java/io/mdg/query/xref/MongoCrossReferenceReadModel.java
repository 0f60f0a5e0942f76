package io.mdg.query.xref;

import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.mdg.api.EntityType;
import io.mdg.api.SourceSystem;
import io.mdg.api.xref.RecordRef;
import io.mdg.query.store.BatchedWrites;

/**
 * The cross-references in MongoDB, collection {@code source_refs}: one document per source record key
 * ({@code SYSTEM|sourceId}) with {@code system}, {@code sourceId} and {@code refs: [ { type, goldenId } ]}, changed
 * only by {@code $addToSet} and {@code $pull} and looked up by {@code _id}.
 */
public class MongoCrossReferenceReadModel implements CrossReferenceReadModel {

    public static final String COLLECTION = "source_refs";

    private static final Logger log = LoggerFactory.getLogger(MongoCrossReferenceReadModel.class);

    private final MongoCollection<Document> sourceRefs;

    public MongoCrossReferenceReadModel(MongoDatabase readStoreDatabase) {
        this.sourceRefs = readStoreDatabase.getCollection(COLLECTION);
        ensureIndexes();
    }

    @Override
    public void link(SourceSystem system, String sourceId, EntityType type, String goldenId) {
        BatchedWrites.update(sourceRefs, key(system, sourceId),
                Updates.combine(
                        Updates.set("system", system.name()),
                        Updates.set("sourceId", sourceId),
                        Updates.addToSet("refs", ref(type, goldenId))),
                new UpdateOptions().upsert(true));
    }

    @Override
    public void unlink(SourceSystem system, String sourceId, EntityType type, String goldenId) {
        BatchedWrites.update(sourceRefs, key(system, sourceId),
                Updates.pull("refs", ref(type, goldenId)), new UpdateOptions());
    }

    @Override
    public List<RecordRef> find(SourceSystem system, String sourceId) {
        Document doc = sourceRefs.find(Filters.eq("_id", key(system, sourceId)))
                .first();
        List<RecordRef> result = new ArrayList<>();
        if (doc != null) {
            for (Document ref : doc.getList("refs", Document.class, List.of())) {
                result.add(new RecordRef(EntityType.valueOf(ref.getString("type")), ref.getString("goldenId")));
            }
        }
        return result;
    }

    @Override
    public void dropAll() {
        sourceRefs.drop();
        ensureIndexes();
    }

    private static Document ref(EntityType type, String goldenId) {
        return new Document("type", type.name()).append("goldenId", goldenId);
    }

    private void ensureIndexes() {
        try {
            // Which source records map to a golden record (audits, support); not used on hot paths.
            sourceRefs.createIndex(Indexes.ascending("refs.goldenId"));
        } catch (MongoException e) {
            log.warn("Could not create the golden id index of {}: {}", COLLECTION, e.getMessage());
        }
    }

    private static String key(SourceSystem system, String sourceId) {
        return system.name() + "|" + sourceId;
    }
}
