package io.mdg.query.xref;

import java.util.ArrayList;
import java.util.List;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.record.RecordMergedEvent;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.api.record.SourceRecordLinkedEvent;
import io.mdg.api.record.SourceRecordsMovedEvent;
import io.mdg.api.xref.FindRecordBySourceQuery;
import io.mdg.api.xref.RecordRef;
import io.mdg.query.GoldenRecordsProcessing;
import io.mdg.query.store.BatchedWrites;

/**
 * The cross-reference read model ({@code source_refs}): one document per source record key
 * ({@code SYSTEM|sourceId}) listing the golden records it maps to, one per entity type (normally one in all; more
 * only when a source reuses an id across types). Looked up by {@code _id} only, so it is fast on every store.
 *
 * <p>Every change is a set operation ({@code $addToSet}, {@code $pull}), so redelivery is harmless and the order
 * in which the two sides of a merge arrive does not matter: a merge ({@link RecordMergedEvent} on the loser,
 * {@link SourceRecordsMovedEvent} on the survivor) adds the survivor and then removes the loser from each moved key.
 */
@Component
@Profile("query")
@ProcessingGroup(GoldenRecordsProcessing.GROUP)
public class CrossReferenceProjection {

    public static final String COLLECTION = "source_refs";

    private static final Logger log = LoggerFactory.getLogger(CrossReferenceProjection.class);

    private final MongoCollection<Document> sourceRefs;

    public CrossReferenceProjection(MongoDatabase readStoreDatabase) {
        this.sourceRefs = readStoreDatabase.getCollection(COLLECTION);
        ensureIndexes();
    }

    @EventHandler
    public void on(RecordRegisteredEvent event) {
        link(event.source(), event.type(), event.recordId());
    }

    @EventHandler
    public void on(SourceRecordLinkedEvent event) {
        link(event.source(), event.type(), event.recordId());
    }

    @EventHandler
    public void on(RecordMergedEvent event) {
        for (SourceRef source : event.sources()) {
            move(source, event.type(), event.recordId(), event.survivorId());
        }
    }

    @EventHandler
    public void on(SourceRecordsMovedEvent event) {
        for (SourceRef source : event.sources()) {
            move(source, event.type(), event.mergedId(), event.recordId());
        }
    }

    @ResetHandler
    public void reset() {
        sourceRefs.drop();
        ensureIndexes();
    }

    @QueryHandler
    public List<RecordRef> handle(FindRecordBySourceQuery query) {
        Document doc = sourceRefs.find(Filters.eq("_id", key(query.system().name(), query.sourceId()))).first();
        List<RecordRef> result = new ArrayList<>();
        if (doc != null) {
            for (Document ref : doc.getList("refs", Document.class, List.of())) {
                EntityType type = EntityType.valueOf(ref.getString("type"));
                if (query.type() == null || query.type() == type) {
                    result.add(new RecordRef(type, ref.getString("goldenId")));
                }
            }
        }
        return result;
    }

    private void link(SourceRef source, EntityType type, String goldenId) {
        BatchedWrites.update(sourceRefs, key(source.system().name(), source.sourceId()),
                Updates.combine(
                        Updates.set("system", source.system().name()),
                        Updates.set("sourceId", source.sourceId()),
                        Updates.addToSet("refs", ref(type, goldenId))),
                new UpdateOptions().upsert(true));
    }

    private void move(SourceRef source, EntityType type, String from, String to) {
        link(source, type, to);
        BatchedWrites.update(sourceRefs, key(source.system().name(), source.sourceId()),
                Updates.pull("refs", ref(type, from)), new UpdateOptions());
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

    static String key(String system, String sourceId) {
        return system + "|" + sourceId;
    }
}
