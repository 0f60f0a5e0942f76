package io.mdg.query.record;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bson.Document;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceSystem;
import io.mdg.api.model.Attributes;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.record.AttributeLineage;
import io.mdg.api.record.PendingChangeView;
import io.mdg.api.record.RecordView;
import io.mdg.api.xref.SourceRefView;

/**
 * A golden record as a MongoDB document, and back. One document per golden record, in the collection of its type
 * ({@link MongoRecordReadModel#COLLECTIONS}):
 *
 * <pre>
 * { _id, type, version (sequence number of the last event applied), status, createdAt, updatedAt,
 *   attributes:     { legalName: ..., orderingAddress: { ... }, ... }        (see {@link AttributeCodec})
 *   sourceRefs:     [ { system, sourceId, sourceVersion, lastSubmittedAt } ]
 *   lineage:        { legalName: { system, sourceId, at, changeRequestId, rulesVersion, rulesHash }, ... }
 *   pendingChanges: [ { attributes: [...], system, sourceId, at, approvalsRequired, changeRequestId } ]
 *   mergedInto }
 * </pre>
 */
public final class MongoRecordDocuments {

    static final String ID = "_id";
    static final String TYPE = "type";
    static final String VERSION = "version";
    static final String STATUS = "status";
    static final String CREATED_AT = "createdAt";
    static final String UPDATED_AT = "updatedAt";
    static final String ATTRIBUTES = "attributes";
    static final String SOURCE_REFS = "sourceRefs";
    static final String LINEAGE = "lineage";
    /** A lineage entry's rules (absent in documents written before they were recorded). */
    static final String RULES_VERSION = "rulesVersion";
    static final String RULES_HASH = "rulesHash";
    static final String PENDING_CHANGES = "pendingChanges";
    static final String MERGED_INTO = "mergedInto";
    static final String CHANGE_REQUEST_ID = "changeRequestId";

    private static final AttributeCodec CODEC = new AttributeCodec();

    private MongoRecordDocuments() {
    }

    /** The attribute codec of the documents. */
    public static AttributeCodec codec() {
        return CODEC;
    }

    /** The document of a record. */
    public static Document toDocument(GoldenRecord record) {
        return toDocument(record.view(), record.pendingRequests());
    }

    /** The document of a record as readers see it (its pending changes without their change requests). */
    public static Document toDocument(RecordView view) {
        return toDocument(view, null);
    }

    private static Document toDocument(RecordView view, List<String> pendingRequests) {
        Document lineage = new Document();
        for (AttributeLineage entry : view.lineage()) {
            Document origin = new Document("system", entry.system().name())
                    .append("sourceId", entry.sourceId())
                    .append("at", date(entry.at()));
            if (entry.changeRequestId() != null) {
                origin.append(CHANGE_REQUEST_ID, entry.changeRequestId());
            }
            if (entry.rulesVersion() != null) {
                origin.append(RULES_VERSION, entry.rulesVersion()).append(RULES_HASH, entry.rulesHash());
            }
            lineage.put(entry.attribute(), origin);
        }
        List<Document> refs = new ArrayList<>(view.sourceRefs().size());
        for (SourceRefView ref : view.sourceRefs()) {
            refs.add(new Document("system", ref.system().name())
                    .append("sourceId", ref.sourceId())
                    .append("sourceVersion", ref.sourceVersion())
                    .append("lastSubmittedAt", date(ref.lastSubmittedAt())));
        }
        List<Document> pending = new ArrayList<>(view.pendingChanges().size());
        for (int i = 0; i < view.pendingChanges().size(); i++) {
            PendingChangeView change = view.pendingChanges().get(i);
            pending.add(new Document("attributes", change.attributes())
                    .append("system", change.system().name())
                    .append("sourceId", change.sourceId())
                    .append("at", date(change.at()))
                    .append("approvalsRequired", change.approvalsRequired())
                    .append(CHANGE_REQUEST_ID, pendingRequests == null ? null : pendingRequests.get(i)));
        }
        return new Document(ID, view.id())
                .append(TYPE, view.type().name())
                .append(VERSION, view.version() - 1)
                .append(STATUS, view.status().name())
                .append(CREATED_AT, date(view.createdAt()))
                .append(UPDATED_AT, date(view.updatedAt()))
                .append(ATTRIBUTES, CODEC.toDocument(view.attributes()))
                .append(SOURCE_REFS, refs)
                .append(LINEAGE, lineage)
                .append(PENDING_CHANGES, pending)
                .append(MERGED_INTO, view.mergedInto());
    }

    /** The record a stored document holds. */
    public static GoldenRecord toRecord(Document doc) {
        List<String> requests = new ArrayList<>();
        for (Document pending : doc.getList(PENDING_CHANGES, Document.class, List.of())) {
            requests.add(pending.getString(CHANGE_REQUEST_ID));
        }
        return new GoldenRecord(toView(doc), requests);
    }

    /** The record a stored document holds, as readers see it. */
    public static RecordView toView(Document doc) {
        EntityType type = EntityType.valueOf(doc.getString(TYPE));
        MasterAttributes attributes = CODEC.fromDocument(type, doc.get(ATTRIBUTES, Document.class));
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
                        entry.getString("sourceId"), instant(entry.getDate("at")), entry.getString(CHANGE_REQUEST_ID),
                        entry.getString(RULES_VERSION), entry.getString(RULES_HASH)));
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

    static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    public static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
