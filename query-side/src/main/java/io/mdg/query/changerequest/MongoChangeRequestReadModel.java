package io.mdg.query.changerequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.changerequest.ApprovalStepView;
import io.mdg.api.changerequest.ChangeAction;
import io.mdg.api.changerequest.ChangeRequestStatus;
import io.mdg.api.changerequest.ChangeRequestView;
import io.mdg.api.changerequest.DecisionView;
import io.mdg.api.delegation.ApprovalDelegation;
import io.mdg.api.changerequest.ListChangeRequestsQuery;
import io.mdg.query.record.AttributeCodec;
import io.mdg.query.store.BatchedWrites;

/**
 * The change requests in MongoDB: collection {@code change_requests}, one document per request:
 *
 * <pre>
 * { _id, sequence (of the last ChangeRequest event applied), type, recordId, status, attributes, groups,
 *   proposed, before (attribute documents, see {@link AttributeCodec}), source { system, sourceId, sourceVersion },
 *   requestedBy { type, name }, reason, approvalsRequired, approvals, approvers: [ names ], evidenceRequired,
 *   approverRole (the current step's role), openedAt, deadline, closedAt, supersededBy,
 *   decisions: [ { kind, actor { type, name }, at, comment, verificationNote, correlationId, step, onBehalfOf } ],
 *   steps: [ { role, approvalsRequired, approvals, approvers: [ names ] } ], currentStep,
 *   escalatedTo, escalatedAt (absent until it escalates) }
 * </pre>
 * (A document written before steps existed has neither: it is one step of its approver role.)
 *
 * Reads by {@code _id}, or a filtered scan for lists (mongo-java-server only indexes {@code _id}); the declared
 * indexes serve the list filters on a real MongoDB.
 */
public class MongoChangeRequestReadModel implements ChangeRequestReadModel {

    public static final String COLLECTION = "change_requests";

    static final String ID = "_id";
    static final String SEQUENCE = "sequence";
    static final String TYPE = "type";
    static final String RECORD_ID = "recordId";
    static final String STATUS = "status";
    static final String ATTRIBUTES = "attributes";
    static final String GROUPS = "groups";
    static final String PROPOSED = "proposed";
    static final String BEFORE = "before";
    static final String SOURCE = "source";
    static final String REQUESTED_BY = "requestedBy";
    static final String REASON = "reason";
    static final String APPROVALS_REQUIRED = "approvalsRequired";
    static final String APPROVALS = "approvals";
    static final String APPROVERS = "approvers";
    static final String EVIDENCE_REQUIRED = "evidenceRequired";
    static final String APPROVER_ROLE = "approverRole";
    static final String ESCALATED_TO = "escalatedTo";
    static final String ESCALATED_AT = "escalatedAt";
    static final String OPENED_AT = "openedAt";
    static final String DEADLINE = "deadline";
    static final String CLOSED_AT = "closedAt";
    static final String SUPERSEDED_BY = "supersededBy";
    static final String DECISIONS = "decisions";
    static final String ACTION = "action";
    static final String TARGET_STATUS = "targetStatus";
    static final String SURVIVOR_ID = "survivorId";
    static final String STEPS = "steps";
    static final String CURRENT_STEP = "currentStep";

    private static final Logger log = LoggerFactory.getLogger(MongoChangeRequestReadModel.class);

    private final MongoCollection<Document> collection;
    private final AttributeCodec codec = new AttributeCodec();

    public MongoChangeRequestReadModel(MongoDatabase readStoreDatabase) {
        this.collection = readStoreDatabase.getCollection(COLLECTION);
        ensureIndexes();
    }

    @Override
    public Optional<StoredChangeRequest> load(String id) {
        Document doc = BatchedWrites.find(collection, id, BatchedWrites::aggregateIdsOfBatch);
        return Optional.ofNullable(doc).map(this::toStored);
    }

    @Override
    public void save(StoredChangeRequest request) {
        BatchedWrites.replace(collection, toDocument(request));
    }

    @Override
    public void dropAll() {
        collection.drop();
        ensureIndexes();
    }

    @Override
    public void forEach(ChangeRequestStatus status, Consumer<ChangeRequestView> action) {
        for (Document doc : collection.find(Filters.eq(STATUS, status.name()))) {
            action.accept(toView(doc));
        }
    }

    @Override
    public long count(ChangeRequestStatus status) {
        return collection.countDocuments(Filters.eq(STATUS, status.name()));
    }

    @Override
    public List<ChangeRequestView> list(ListChangeRequestsQuery query) {
        int size = ChangeRequestReadModel.pageSize(query.limit());
        List<Bson> filters = new ArrayList<>();
        if (query.status() != null) {
            filters.add(Filters.eq(STATUS, query.status().name()));
        }
        if (query.domain() != null) {
            filters.add(Filters.eq(TYPE, query.domain().name()));
        }
        if (query.requestedBy() != null) {
            filters.add(Filters.eq(REQUESTED_BY + ".name", query.requestedBy()));
        }
        if (query.recordId() != null) {
            filters.add(Filters.eq(RECORD_ID, query.recordId()));
        }
        if (query.decider() != null) {
            Set<String> roles = query.deciderRoles() == null ? Set.of() : query.deciderRoles();
            if (roles.isEmpty() && query.delegations().isEmpty()) {
                return List.of();
            }
            filters.add(Filters.eq(STATUS, ChangeRequestStatus.PENDING.name()));
            List<Bson> scopes = new ArrayList<>();
            scopes.add(Filters.and(Filters.or(Filters.in(APPROVER_ROLE, roles), Filters.in(ESCALATED_TO, roles)),
                    Filters.ne(REQUESTED_BY + ".name", query.decider()),
                    Filters.nin(APPROVERS, List.of(query.decider()))));
            // a delegate's: the delegated role's requests that neither they nor the delegator requested or approved
            for (ApprovalDelegation delegation : query.delegations()) {
                List<String> both = List.of(query.decider(), delegation.delegator());
                scopes.add(Filters.and(Filters.or(Filters.eq(APPROVER_ROLE, delegation.role()),
                                Filters.eq(ESCALATED_TO, delegation.role())),
                        Filters.nin(REQUESTED_BY + ".name", both), Filters.nin(APPROVERS, both)));
            }
            filters.add(scopes.size() == 1 ? scopes.get(0) : Filters.or(scopes));
        }
        if (query.afterId() != null) {
            Document after = collection.find(Filters.eq(ID, query.afterId())).first();
            if (after == null) {
                return List.of();
            }
            Date openedAt = after.getDate(OPENED_AT);
            filters.add(Filters.or(Filters.lt(OPENED_AT, openedAt),
                    Filters.and(Filters.eq(OPENED_AT, openedAt), Filters.lt(ID, query.afterId()))));
        }
        Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
        List<ChangeRequestView> page = new ArrayList<>(size);
        for (Document doc : collection.find(filter).sort(Sorts.descending(OPENED_AT, ID)).limit(size)) {
            page.add(toView(doc));
        }
        return page;
    }

    private void ensureIndexes() {
        List<Bson> indexes = List.of(
                Indexes.compoundIndex(Indexes.descending(OPENED_AT), Indexes.descending(ID)),
                Indexes.compoundIndex(Indexes.ascending(STATUS), Indexes.descending(OPENED_AT, ID)),
                Indexes.compoundIndex(Indexes.ascending(RECORD_ID), Indexes.descending(OPENED_AT, ID)),
                Indexes.compoundIndex(Indexes.ascending(APPROVER_ROLE, STATUS), Indexes.descending(OPENED_AT, ID)),
                Indexes.compoundIndex(Indexes.ascending(REQUESTED_BY + ".name"), Indexes.descending(OPENED_AT, ID)));
        for (Bson index : indexes) {
            try {
                collection.createIndex(index);
            } catch (MongoException e) {
                log.warn("Could not create an index of {}: {}", COLLECTION, e.getMessage());
            }
        }
    }

    private StoredChangeRequest toStored(Document doc) {
        return new StoredChangeRequest(toView(doc), ((Number) doc.get(SEQUENCE)).longValue(),
                doc.getList(APPROVERS, String.class, List.of()));
    }

    private Document toDocument(StoredChangeRequest request) {
        ChangeRequestView view = request.view();
        List<Document> decisions = new ArrayList<>();
        for (DecisionView d : view.decisions()) {
            decisions.add(new Document("kind", d.kind())
                    .append("actor", actorDocument(d.actor()))
                    .append("at", date(d.at()))
                    .append("comment", d.comment())
                    .append("verificationNote", d.verificationNote())
                    .append("correlationId", d.correlationId())
                    .append("step", d.step())
                    .append("onBehalfOf", d.onBehalfOf()));
        }
        return new Document(ID, view.id())
                .append(SEQUENCE, request.sequence())
                .append(TYPE, view.type().name())
                .append(RECORD_ID, view.recordId())
                .append(STATUS, view.status().name())
                .append(ATTRIBUTES, view.attributes() == null ? List.of() : view.attributes())
                .append(GROUPS, view.groups() == null ? List.of() : view.groups())
                .append(PROPOSED, view.proposed() == null ? null : codec.toDocument(view.proposed()))
                .append(BEFORE, view.before() == null ? null : codec.toDocument(view.before()))
                .append(SOURCE, sourceDocument(view.source()))
                .append(REQUESTED_BY, actorDocument(view.requestedBy()))
                .append(REASON, view.reason())
                .append(APPROVALS_REQUIRED, view.approvalsRequired())
                .append(APPROVALS, view.approvals())
                .append(APPROVERS, request.approvers())
                .append(EVIDENCE_REQUIRED, view.evidenceRequired())
                .append(APPROVER_ROLE, view.approverRole())
                .append(OPENED_AT, date(view.openedAt()))
                .append(DEADLINE, date(view.deadline()))
                .append(CLOSED_AT, date(view.closedAt()))
                .append(SUPERSEDED_BY, view.supersededBy())
                .append(ACTION, view.action() == null ? ChangeAction.ATTRIBUTES.name() : view.action().name())
                .append(TARGET_STATUS, view.targetStatus() == null ? null : view.targetStatus().name())
                .append(SURVIVOR_ID, view.survivorId())
                .append(DECISIONS, decisions)
                .append(STEPS, view.steps().stream().map(step -> new Document("role", step.role())
                        .append("approvalsRequired", step.approvalsRequired())
                        .append("approvals", step.approvals())
                        .append("approvers", step.approvers())).toList())
                .append(CURRENT_STEP, view.currentStep())
                .append(ESCALATED_TO, view.escalatedTo())
                .append(ESCALATED_AT, date(view.escalatedAt()));
    }

    ChangeRequestView toView(Document doc) {
        EntityType type = EntityType.valueOf(doc.getString(TYPE));
        List<DecisionView> decisions = new ArrayList<>();
        for (Document d : doc.getList(DECISIONS, Document.class, List.of())) {
            decisions.add(new DecisionView(d.getString("kind"), actor(d.get("actor", Document.class)),
                    instant(d.getDate("at")), d.getString("comment"), d.getString("verificationNote"),
                    d.getString("correlationId"), d.getInteger("step"), d.getString("onBehalfOf")));
        }
        List<ApprovalStepView> steps = new ArrayList<>();
        for (Document step : doc.getList(STEPS, Document.class, List.of())) {
            steps.add(new ApprovalStepView(step.getString("role"), step.getInteger("approvalsRequired", 1),
                    step.getInteger("approvals", 0), step.getList("approvers", String.class, List.of())));
        }
        if (steps.isEmpty()) {
            // written before steps existed: one step of its approver role
            steps.add(new ApprovalStepView(doc.getString(APPROVER_ROLE), doc.getInteger(APPROVALS_REQUIRED, 0),
                    doc.getInteger(APPROVALS, 0), doc.getList(APPROVERS, String.class, List.of())));
        }
        return new ChangeRequestView(doc.getString(ID), type, doc.getString(RECORD_ID),
                ChangeRequestStatus.valueOf(doc.getString(STATUS)), strings(doc, ATTRIBUTES), strings(doc, GROUPS),
                codec.fromDocument(type, doc.get(PROPOSED, Document.class)),
                codec.fromDocument(type, doc.get(BEFORE, Document.class)), source(doc.get(SOURCE, Document.class)),
                actor(doc.get(REQUESTED_BY, Document.class)), doc.getString(REASON),
                doc.getInteger(APPROVALS_REQUIRED, 0), doc.getInteger(APPROVALS, 0),
                doc.getBoolean(EVIDENCE_REQUIRED, false), doc.getString(APPROVER_ROLE),
                instant(doc.getDate(OPENED_AT)), instant(doc.getDate(DEADLINE)), instant(doc.getDate(CLOSED_AT)),
                doc.getString(SUPERSEDED_BY), decisions,
                doc.getString(ACTION) == null ? ChangeAction.ATTRIBUTES : ChangeAction.valueOf(doc.getString(ACTION)),
                doc.getString(TARGET_STATUS) == null ? null : LifecycleStatus.valueOf(doc.getString(TARGET_STATUS)),
                doc.getString(SURVIVOR_ID), steps, doc.getInteger(CURRENT_STEP, 1), doc.getString(ESCALATED_TO),
                instant(doc.getDate(ESCALATED_AT)));
    }

    static Document actorDocument(Actor actor) {
        return actor == null ? null : new Document("type", actor.type().name()).append("name", actor.name());
    }

    static Document sourceDocument(SourceRef source) {
        return source == null ? null : new Document("system", source.system().name())
                .append("sourceId", source.sourceId())
                .append("sourceVersion", source.sourceVersion());
    }

    private static Actor actor(Document doc) {
        return doc == null ? null : new Actor(Actor.ActorType.valueOf(doc.getString("type")), doc.getString("name"));
    }

    private static SourceRef source(Document doc) {
        if (doc == null) {
            return null;
        }
        Number version = (Number) doc.get("sourceVersion");
        return new SourceRef(SourceSystem.valueOf(doc.getString("system")), doc.getString("sourceId"),
                version == null ? null : version.longValue());
    }

    private static List<String> strings(Document doc, String key) {
        return List.copyOf(doc.getList(key, String.class, List.of()));
    }

    static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
