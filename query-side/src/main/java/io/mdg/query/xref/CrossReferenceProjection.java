package io.mdg.query.xref;

import java.util.ArrayList;
import java.util.List;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.supplier.SupplierRegisteredEvent;
import io.mdg.api.xref.FindRecordBySourceQuery;
import io.mdg.api.xref.RecordRef;
import io.mdg.query.GoldenRecordsProcessing;

/**
 * The cross-reference read model: one document per source record key ({@code SYSTEM|sourceId}) listing the golden
 * records it maps to (normally one; one per entity type when a source reuses ids across types). Looked up by
 * {@code _id} only, so it is fast on every store. {@code $addToSet} makes redelivery harmless.
 */
@Component
@Profile("query")
@ProcessingGroup(GoldenRecordsProcessing.GROUP)
public class CrossReferenceProjection {

    public static final String COLLECTION = "source_refs";

    private final MongoCollection<Document> sourceRefs;

    public CrossReferenceProjection(MongoDatabase readStoreDatabase) {
        this.sourceRefs = readStoreDatabase.getCollection(COLLECTION);
    }

    @EventHandler
    public void on(SupplierRegisteredEvent event) {
        link(event.source(), EntityType.SUPPLIER, event.supplierId());
    }

    private void link(SourceRef source, EntityType type, String goldenId) {
        sourceRefs.updateOne(Filters.eq("_id", key(source.system().name(), source.sourceId())),
                Updates.combine(
                        Updates.set("system", source.system().name()),
                        Updates.set("sourceId", source.sourceId()),
                        Updates.addToSet("refs", new Document("type", type.name()).append("goldenId", goldenId))),
                new UpdateOptions().upsert(true));
    }

    @ResetHandler
    public void reset() {
        sourceRefs.drop();
    }

    @QueryHandler
    public List<RecordRef> handle(FindRecordBySourceQuery query) {
        Document doc = sourceRefs.find(Filters.eq("_id", key(query.system().name(), query.sourceId()))).first();
        List<RecordRef> result = new ArrayList<>();
        if (doc != null) {
            for (Document ref : doc.getList("refs", Document.class)) {
                EntityType type = EntityType.valueOf(ref.getString("type"));
                if (query.type() == null || query.type() == type) {
                    result.add(new RecordRef(type, ref.getString("goldenId")));
                }
            }
        }
        return result;
    }

    static String key(String system, String sourceId) {
        return system + "|" + sourceId;
    }
}
