package io.mdg.query.audit;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;

import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.audit.AuditCursor;
import io.mdg.api.audit.AuditEntry;
import io.mdg.api.audit.AuditFilter;
import io.mdg.api.audit.AuditPage;
import io.mdg.api.audit.AuditTrailQuery;
import io.mdg.query.crypto.ReadModelCipher;
import io.mdg.query.crypto.SealedJson;
import io.mdg.query.store.BatchedWrites;

/**
 * The audit trail in the MongoDB read store ({@code mdg.read-store=mongodb}). Collection {@value #COLLECTION}, one
 * document per entry:
 *
 * <pre>
 * { _id (event id + "#" + index within the event), at (event time), position (the event's tracking position in
 *   the event store, 0 when unknown), order (its order of publication, 0 when unknown), action, recordType, recordId,
 *   actor { name }, source { system }, changeRequestId, correlationId,
 *   sealed: the whole entry, encrypted ({@link SealedJson}) }
 * </pre>
 *
 * Every field a filter or the order uses is a field of its own; what the entry shows is read from {@code sealed}
 * only. Entries written by earlier releases (without {@code sealed}: their values in clear) are refused with a
 * message asking for a replay of the trail, which writes them again encrypted. Writes go out with the batch
 * ({@link BatchedWrites}); a redelivered event replaces its document with the same entry. Collection
 * {@value #REQUESTS} is the projection's own lookup from a change request to its record, source and approvers.
 * Indexes are declared for every filter path (real MongoDB uses them; mongo-java-server only indexes {@code _id}).
 */
public class MongoAuditStore implements AuditStore {

    /** The collection of audit entries. */
    public static final String COLLECTION = "audit_trail";
    /** The projection's lookup of change requests. */
    public static final String REQUESTS = "audit_change_requests";

    static final String ID = "_id";
    static final String AT = "at";
    static final String POSITION = "position";
    static final String ORDER = "order";
    static final String ACTION = "action";
    static final String RECORD_TYPE = "recordType";
    static final String RECORD_ID = "recordId";
    static final String ACTOR = "actor";
    static final String SOURCE = "source";
    static final String CHANGE_REQUEST_ID = "changeRequestId";
    static final String CORRELATION_ID = "correlationId";
    static final String SEALED = "sealed";

    private static final Logger log = LoggerFactory.getLogger(MongoAuditStore.class);

    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> requests;
    private final SealedJson<AuditEntry> codec;

    public MongoAuditStore(MongoDatabase readStoreDatabase, ReadModelCipher cipher) {
        this.entries = readStoreDatabase.getCollection(COLLECTION);
        this.requests = readStoreDatabase.getCollection(REQUESTS);
        this.codec = new SealedJson<>(AuditEntry.class, cipher);
        ensureIndexes();
    }

    @Override
    public void save(AuditEntry entry, long position, long order) {
        AuditEntry stored = AuditEntries.stored(entry);
        Document doc = new Document(ID, stored.id())
                .append(AT, Date.from(stored.at()))
                .append(POSITION, position)
                .append(ORDER, order)
                .append(ACTION, stored.action().name())
                .append(RECORD_TYPE, stored.recordType() == null ? null : stored.recordType().name())
                .append(RECORD_ID, stored.recordId())
                .append(ACTOR, stored.actor() == null ? null : new Document("name", stored.actor().name()))
                .append(SOURCE, stored.source() == null ? null
                        : new Document("system", stored.source().system().name()))
                .append(CHANGE_REQUEST_ID, stored.changeRequestId())
                .append(CORRELATION_ID, stored.correlationId())
                .append(SEALED, new Binary(codec.seal(stored)));
        BatchedWrites.replace(entries, doc);
    }

    @Override
    public AuditPage page(AuditTrailQuery query) {
        List<Bson> filters = filters(query.filter());
        if (query.after() != null) {
            AuditCursor after = AuditCursor.decode(query.after());
            Date at = Date.from(after.at());
            filters.add(Filters.or(Filters.gt(AT, at),
                    Filters.and(Filters.eq(AT, at), Filters.gt(POSITION, after.position())),
                    Filters.and(Filters.eq(AT, at), Filters.eq(POSITION, after.position()),
                            Filters.gt(ORDER, after.order())),
                    Filters.and(Filters.eq(AT, at), Filters.eq(POSITION, after.position()),
                            Filters.eq(ORDER, after.order()), Filters.gt(ID, after.entryId()))));
        }
        Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
        List<AuditPage.Edge> edges = new ArrayList<>(query.first());
        boolean more = false;
        for (Document doc : entries.find(filter).sort(Sorts.ascending(AT, POSITION, ORDER, ID))
                .limit(query.first() + 1).batchSize(query.first() + 1)) {
            if (edges.size() == query.first()) {
                more = true;
                break;
            }
            AuditEntry entry = open(doc);
            edges.add(new AuditPage.Edge(new AuditCursor(entry.at(), ((Number) doc.get(POSITION)).longValue(),
                    ((Number) doc.get(ORDER)).longValue(), entry.id()).encode(), entry));
        }
        return new AuditPage(edges, more);
    }

    private AuditEntry open(Document doc) {
        Binary sealed = doc.get(SEALED, Binary.class);
        if (sealed == null) {
            throw new IllegalStateException("audit entry " + doc.get(ID) + " was stored by an earlier release, "
                    + "without encryption: replay the audit trail (replayProjection(processingGroup: \""
                    + AuditTrailProcessing.GROUP + "\")) to store it again encrypted");
        }
        return codec.open(sealed.getData());
    }

    @Override
    public void drop() {
        entries.drop();
        requests.drop();
        ensureIndexes();
    }

    // ------------------------------------------------------------------------- change request lookup

    @Override
    public RequestInfo request(String id) {
        Document doc = id == null ? null : BatchedWrites.find(requests, id, null);
        if (doc == null) {
            return null;
        }
        Document source = doc.get(SOURCE, Document.class);
        Number version = source == null ? null : (Number) source.get("sourceVersion");
        return new RequestInfo(id, EntityType.valueOf(doc.getString(RECORD_TYPE)), doc.getString(RECORD_ID),
                source == null ? null : new SourceRef(SourceSystem.valueOf(source.getString("system")),
                        source.getString("sourceId"), version == null ? null : version.longValue()),
                doc.getInteger("required", 1), doc.getList("approvers", String.class, List.of()));
    }

    @Override
    public void saveRequest(RequestInfo request) {
        SourceRef source = request.source();
        Document doc = new Document(ID, request.id())
                .append(RECORD_TYPE, request.type().name())
                .append(RECORD_ID, request.recordId())
                .append(SOURCE, source == null ? null : new Document("system", source.system().name())
                        .append("sourceId", source.sourceId())
                        .append("sourceVersion", source.sourceVersion()))
                .append("required", request.required())
                .append("approvers", request.approvers());
        BatchedWrites.replace(requests, doc);
    }

    // ------------------------------------------------------------------------------------ mapping

    private static List<Bson> filters(AuditFilter filter) {
        List<Bson> filters = new ArrayList<>();
        if (filter.recordId() != null) {
            filters.add(Filters.eq(RECORD_ID, filter.recordId()));
        }
        if (filter.actor() != null) {
            filters.add(Filters.eq(ACTOR + ".name", filter.actor()));
        }
        if (filter.sourceSystem() != null) {
            filters.add(Filters.eq(SOURCE + ".system", filter.sourceSystem().name()));
        }
        if (filter.changeRequestId() != null) {
            filters.add(Filters.eq(CHANGE_REQUEST_ID, filter.changeRequestId()));
        }
        if (filter.correlationId() != null) {
            filters.add(Filters.eq(CORRELATION_ID, filter.correlationId()));
        }
        if (filter.from() != null) {
            filters.add(Filters.gte(AT, Date.from(filter.from())));
        }
        if (filter.to() != null) {
            filters.add(Filters.lt(AT, Date.from(filter.to())));
        }
        if (filter.recordType() != null) {
            filters.add(Filters.eq(RECORD_TYPE, filter.recordType().name()));
        }
        if (!filter.actions().isEmpty()) {
            filters.add(Filters.in(ACTION, filter.actions().stream().map(Enum::name).toList()));
        }
        return filters;
    }

    private void ensureIndexes() {
        Bson order = Indexes.ascending(AT, POSITION, ORDER, ID);
        List<Bson> indexes = List.of(
                order,
                Indexes.compoundIndex(Indexes.ascending(RECORD_ID), order),
                Indexes.compoundIndex(Indexes.ascending(ACTOR + ".name"), order),
                Indexes.compoundIndex(Indexes.ascending(SOURCE + ".system"), order),
                Indexes.compoundIndex(Indexes.ascending(CHANGE_REQUEST_ID), order),
                Indexes.compoundIndex(Indexes.ascending(CORRELATION_ID), order));
        for (Bson index : indexes) {
            try {
                entries.createIndex(index);
            } catch (MongoException e) {
                log.warn("Could not create an index of {}: {}", COLLECTION, e.getMessage());
            }
        }
    }
}
