package io.mdg.query.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

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

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.audit.AuditAction;
import io.mdg.api.audit.AuditApprovals;
import io.mdg.api.audit.AuditChange;
import io.mdg.api.audit.AuditCursor;
import io.mdg.api.audit.AuditEntry;
import io.mdg.api.audit.AuditFilter;
import io.mdg.api.audit.AuditPage;
import io.mdg.api.audit.AuditTrailQuery;
import io.mdg.api.submission.AttributeStatus;
import io.mdg.api.submission.FieldError;
import io.mdg.query.store.BatchedWrites;
import io.mdg.query.store.Blobs;

/**
 * The audit-trail read model. Collection {@value #COLLECTION}, one document per entry:
 *
 * <pre>
 * { _id (event id + "#" + index within the event), at (event time), position (the event's tracking position in
 *   the event store, 0 when unknown), order (its order of publication, 0 when unknown), action, recordType, recordId,
 *   actor { type, name }, source { system, sourceId, sourceVersion }, changeRequestId, correlationId,
 *   detail: BSON binary of { changes: [ { attribute, before, after (compact JSON text), status, code, message } ],
 *                            approvals { approvals, required, approvers: [ names ] }, comment, verificationNote,
 *                            errors: [ { field, code, message } ] } }
 * </pre>
 *
 * Every field a filter or the order uses is a field of its own; what is only ever shown is one binary value
 * ({@link Blobs}: the store handles a byte array far more cheaply than a tree of fields). Entries written as fields
 * by earlier releases are still read.
 *
 * Order: {@code at}, then {@code position}, then {@code order}, then {@code _id}: total and fixed once stored, so
 * Relay cursors ({@link AuditCursor}) stay valid; {@code order} keeps the entries of one command in the order they
 * happened when their events share a millisecond and a position (see {@link AuditCursor}). Collection
 * {@value #REQUESTS} is the projection's own lookup from a change request to its record, source and approvers (later
 * change-request events carry only the request id). Indexes are declared for every filter path (real MongoDB uses
 * them; mongo-java-server only indexes {@code _id}).
 */
@Component
@Profile("query")
public class AuditStore {

    public static final String COLLECTION = "audit_trail";
    public static final String REQUESTS = "audit_change_requests";

    static final String ID = "_id";
    static final String AT = "at";
    static final String POSITION = "position";
    static final String ORDER = "order";
    static final String ACTION = "action";
    static final String RECORD_TYPE = "recordType";
    static final String RECORD_ID = "recordId";
    static final String CHANGES = "changes";
    static final String ACTOR = "actor";
    static final String SOURCE = "source";
    static final String CHANGE_REQUEST_ID = "changeRequestId";
    static final String APPROVALS = "approvals";
    static final String CORRELATION_ID = "correlationId";
    static final String COMMENT = "comment";
    static final String VERIFICATION_NOTE = "verificationNote";
    static final String ERRORS = "errors";
    static final String DETAIL = "detail";

    private static final Logger log = LoggerFactory.getLogger(AuditStore.class);

    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> requests;

    public AuditStore(MongoDatabase readStoreDatabase) {
        this.entries = readStoreDatabase.getCollection(COLLECTION);
        this.requests = readStoreDatabase.getCollection(REQUESTS);
        ensureIndexes();
    }

    /** Stores the entry, replacing one with the same id (a redelivered event writes the same document again). */
    void save(AuditEntry entry, long position, long order) {
        BatchedWrites.replace(entries, toDocument(entry, position, order));
    }

    /** A page in trail order: {@code first} entries after the query's cursor, and whether more follow. */
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
                            sameOrder(after.order()), Filters.gt(ID, after.entryId()))));
        }
        Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
        List<AuditPage.Edge> edges = new ArrayList<>(query.first());
        boolean more = false;
        for (Document doc : entries.find(filter).sort(Sorts.ascending(AT, POSITION, ORDER, ID)).limit(query.first() + 1)) {
            if (edges.size() == query.first()) {
                more = true;
                break;
            }
            edges.add(new AuditPage.Edge(cursor(doc), toEntry(doc)));
        }
        return new AuditPage(edges, more);
    }

    /** Entries stored before the order of publication was kept have none: they count as order 0. */
    private static Bson sameOrder(long order) {
        return order == 0 ? Filters.in(ORDER, Arrays.asList(0L, null)) : Filters.eq(ORDER, order);
    }

    void drop() {
        entries.drop();
        requests.drop();
        ensureIndexes();
    }

    // ------------------------------------------------------------------------- change request lookup

    /** What the trail keeps of a change request for its later events. */
    record RequestInfo(String id, EntityType type, String recordId, SourceRef source, int required,
                       List<String> approvers) {

        RequestInfo {
            approvers = approvers == null ? List.of() : List.copyOf(approvers);
        }

        /** The first {@code count} approvers (the approvals in as of an event, also when it is redelivered). */
        AuditApprovals approvals(int count) {
            int n = Math.max(0, Math.min(count, approvers.size()));
            return new AuditApprovals(count, required, approvers.subList(0, n));
        }
    }

    RequestInfo request(String id) {
        Document doc = id == null ? null : BatchedWrites.find(requests, id, null);
        if (doc == null) {
            return null;
        }
        return new RequestInfo(id, EntityType.valueOf(doc.getString(RECORD_TYPE)), doc.getString(RECORD_ID),
                source(doc.get(SOURCE, Document.class)), doc.getInteger("required", 1),
                doc.getList("approvers", String.class, List.of()));
    }

    void saveRequest(RequestInfo request) {
        Document doc = new Document(ID, request.id())
                .append(RECORD_TYPE, request.type().name())
                .append(RECORD_ID, request.recordId())
                .append(SOURCE, sourceDocument(request.source()))
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

    private static String cursor(Document doc) {
        Number position = (Number) doc.get(POSITION);
        Number order = (Number) doc.get(ORDER);
        return new AuditCursor(doc.getDate(AT).toInstant(), position == null ? 0 : position.longValue(),
                order == null ? 0 : order.longValue(), doc.getString(ID)).encode();
    }

    private static Document toDocument(AuditEntry entry, long position, long order) {
        List<Document> changes = entry.changes().stream().map(c -> new Document("attribute", c.attribute())
                .append("before", c.before())
                .append("after", c.after())
                .append("status", c.status() == null ? null : c.status().name())
                .append("code", c.code())
                .append("message", c.message())).toList();
        List<Document> errors = entry.errors().stream().map(e -> new Document("field", e.field())
                .append("code", e.code())
                .append("message", e.message())).toList();
        AuditApprovals approvals = entry.approvals();
        Document detail = new Document(CHANGES, changes)
                .append(APPROVALS, approvals == null ? null : new Document("approvals", approvals.approvals())
                        .append("required", approvals.required())
                        .append("approvers", approvals.approvers()))
                .append(COMMENT, entry.comment())
                .append(VERIFICATION_NOTE, entry.verificationNote())
                .append(ERRORS, errors);
        return new Document(ID, entry.id())
                .append(AT, Date.from(entry.at()))
                .append(POSITION, position)
                .append(ORDER, order)
                .append(ACTION, entry.action().name())
                .append(RECORD_TYPE, entry.recordType() == null ? null : entry.recordType().name())
                .append(RECORD_ID, entry.recordId())
                .append(ACTOR, entry.actor() == null ? null
                        : new Document("type", entry.actor().type().name()).append("name", entry.actor().name()))
                .append(SOURCE, sourceDocument(entry.source()))
                .append(CHANGE_REQUEST_ID, entry.changeRequestId())
                .append(CORRELATION_ID, entry.correlationId())
                .append(DETAIL, Blobs.encode(detail));
    }

    private static AuditEntry toEntry(Document stored) {
        // the shown parts from the binary detail (fields of their own in entries of earlier releases)
        Document doc = stored;
        if (stored.containsKey(DETAIL)) {
            doc = new Document(stored);
            doc.putAll(Blobs.decode(stored.get(DETAIL)));
        }
        List<AuditChange> changes = new ArrayList<>();
        for (Document c : doc.getList(CHANGES, Document.class, List.of())) {
            String status = c.getString("status");
            changes.add(new AuditChange(c.getString("attribute"), c.getString("before"), c.getString("after"),
                    status == null ? null : AttributeStatus.valueOf(status), c.getString("code"),
                    c.getString("message")));
        }
        List<FieldError> errors = doc.getList(ERRORS, Document.class, List.of()).stream()
                .map(e -> new FieldError(e.getString("field"), e.getString("code"), e.getString("message"))).toList();
        Document actor = doc.get(ACTOR, Document.class);
        Document approvals = doc.get(APPROVALS, Document.class);
        String type = doc.getString(RECORD_TYPE);
        return new AuditEntry(doc.getString(ID), doc.getDate(AT).toInstant(), AuditAction.valueOf(doc.getString(ACTION)),
                type == null ? null : EntityType.valueOf(type), doc.getString(RECORD_ID), changes,
                actor == null ? null : new Actor(Actor.ActorType.valueOf(actor.getString("type")), actor.getString("name")),
                source(doc.get(SOURCE, Document.class)), doc.getString(CHANGE_REQUEST_ID),
                approvals == null ? null : new AuditApprovals(approvals.getInteger("approvals", 0),
                        approvals.getInteger("required", 0), approvals.getList("approvers", String.class, List.of())),
                doc.getString(CORRELATION_ID), doc.getString(COMMENT), doc.getString(VERIFICATION_NOTE), errors);
    }

    private static Document sourceDocument(SourceRef source) {
        return source == null ? null : new Document("system", source.system().name())
                .append("sourceId", source.sourceId())
                .append("sourceVersion", source.sourceVersion());
    }

    private static SourceRef source(Document doc) {
        if (doc == null) {
            return null;
        }
        Number version = (Number) doc.get("sourceVersion");
        return new SourceRef(SourceSystem.valueOf(doc.getString("system")), doc.getString("sourceId"),
                version == null ? null : version.longValue());
    }
}
