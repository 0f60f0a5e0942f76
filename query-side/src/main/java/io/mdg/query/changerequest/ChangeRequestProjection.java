package io.mdg.query.changerequest;

import static io.mdg.query.changerequest.ChangeRequestStore.ACTION;
import static io.mdg.query.changerequest.ChangeRequestStore.APPROVALS;
import static io.mdg.query.changerequest.ChangeRequestStore.APPROVALS_REQUIRED;
import static io.mdg.query.changerequest.ChangeRequestStore.APPROVERS;
import static io.mdg.query.changerequest.ChangeRequestStore.APPROVER_ROLE;
import static io.mdg.query.changerequest.ChangeRequestStore.ATTRIBUTES;
import static io.mdg.query.changerequest.ChangeRequestStore.BEFORE;
import static io.mdg.query.changerequest.ChangeRequestStore.CLOSED_AT;
import static io.mdg.query.changerequest.ChangeRequestStore.DEADLINE;
import static io.mdg.query.changerequest.ChangeRequestStore.DECISIONS;
import static io.mdg.query.changerequest.ChangeRequestStore.EVIDENCE_REQUIRED;
import static io.mdg.query.changerequest.ChangeRequestStore.GROUPS;
import static io.mdg.query.changerequest.ChangeRequestStore.ID;
import static io.mdg.query.changerequest.ChangeRequestStore.OPENED_AT;
import static io.mdg.query.changerequest.ChangeRequestStore.PROPOSED;
import static io.mdg.query.changerequest.ChangeRequestStore.REASON;
import static io.mdg.query.changerequest.ChangeRequestStore.RECORD_ID;
import static io.mdg.query.changerequest.ChangeRequestStore.REQUESTED_BY;
import static io.mdg.query.changerequest.ChangeRequestStore.SEQUENCE;
import static io.mdg.query.changerequest.ChangeRequestStore.SOURCE;
import static io.mdg.query.changerequest.ChangeRequestStore.STATUS;
import static io.mdg.query.changerequest.ChangeRequestStore.SUPERSEDED_BY;
import static io.mdg.query.changerequest.ChangeRequestStore.SURVIVOR_ID;
import static io.mdg.query.changerequest.ChangeRequestStore.TARGET_STATUS;
import static io.mdg.query.changerequest.ChangeRequestStore.TYPE;
import static io.mdg.query.changerequest.ChangeRequestStore.actorDocument;
import static io.mdg.query.changerequest.ChangeRequestStore.date;
import static io.mdg.query.changerequest.ChangeRequestStore.sourceDocument;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.bson.Document;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.Actor;
import io.mdg.api.changerequest.ChangeRequestApprovalRecordedEvent;
import io.mdg.api.changerequest.ChangeRequestApprovedEvent;
import io.mdg.api.changerequest.ChangeRequestExpiredEvent;
import io.mdg.api.changerequest.ChangeRequestOpenedEvent;
import io.mdg.api.changerequest.ChangeRequestRejectedEvent;
import io.mdg.api.changerequest.ChangeRequestStatus;
import io.mdg.api.changerequest.ChangeRequestWithdrawnEvent;
import io.mdg.query.GoldenRecordsProcessing;

/**
 * Projects change requests into {@code change_requests} (see {@link ChangeRequestStore}). In the processing group
 * of the golden records, so that one processor (and its ordering) serves both.
 *
 * <p>Idempotent: the events come from the ChangeRequest aggregate; each document keeps the sequence number of the
 * last event applied ({@code sequence}) and an event at or below it is skipped. Every decision is appended to
 * {@code decisions}: OPENED, APPROVED (one approval recorded), APPLIED (all approvals in, the change applied),
 * REJECTED, WITHDRAWN, SUPERSEDED, EXPIRED; with the correlation id of the request that caused it (metadata
 * {@code correlationId}).
 */
@Component
@Profile("query")
@ProcessingGroup(GoldenRecordsProcessing.GROUP)
public class ChangeRequestProjection {

    /** The actor of decisions no person took (expiry). */
    static final Actor SYSTEM = new Actor(Actor.ActorType.SYSTEM, "mdg");

    private final ChangeRequestStore store;

    public ChangeRequestProjection(ChangeRequestStore store) {
        this.store = store;
    }

    @EventHandler
    public void on(ChangeRequestOpenedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
                   @MetaDataValue("correlationId") String correlationId) {
        Document existing = store.load(event.changeRequestId());
        if (existing != null && sequence(existing) >= sequence) {
            return;
        }
        Document doc = new Document(ID, event.changeRequestId())
                .append(SEQUENCE, sequence)
                .append(TYPE, event.type().name())
                .append(RECORD_ID, event.recordId())
                .append(STATUS, ChangeRequestStatus.PENDING.name())
                .append(ATTRIBUTES, event.attributes() == null ? List.of() : List.copyOf(event.attributes()))
                .append(GROUPS, event.groups() == null ? List.of() : List.copyOf(event.groups()))
                .append(PROPOSED, event.proposed() == null ? null : store.codec().toDocument(event.proposed()))
                .append(BEFORE, event.before() == null ? null : store.codec().toDocument(event.before()))
                .append(SOURCE, sourceDocument(event.source()))
                .append(REQUESTED_BY, actorDocument(event.requestedBy()))
                .append(REASON, event.reason())
                .append(APPROVALS_REQUIRED, event.approvalsRequired())
                .append(APPROVALS, 0)
                .append(APPROVERS, List.of())
                .append(EVIDENCE_REQUIRED, event.evidenceRequired())
                .append(APPROVER_ROLE, event.approverRole())
                .append(OPENED_AT, date(at))
                .append(DEADLINE, date(event.deadline()))
                .append(CLOSED_AT, null)
                .append(SUPERSEDED_BY, null)
                .append(ACTION, event.actionOrDefault().name())
                .append(TARGET_STATUS, event.targetStatus() == null ? null : event.targetStatus().name())
                .append(SURVIVOR_ID, event.survivorId())
                .append(DECISIONS, List.of(decision("OPENED", event.requestedBy(), at, event.reason(), null,
                        correlationId)));
        store.save(doc);
    }

    @EventHandler
    public void on(ChangeRequestApprovalRecordedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
                   @MetaDataValue("correlationId") String correlationId) {
        Document doc = next(event.changeRequestId(), sequence);
        if (doc == null) {
            return;
        }
        List<String> approvers = new ArrayList<>(doc.getList(APPROVERS, String.class, List.of()));
        if (event.approver() != null && !approvers.contains(event.approver().name())) {
            approvers.add(event.approver().name());
        }
        doc.put(APPROVERS, approvers);
        doc.put(APPROVALS, event.approvals());
        doc.put(APPROVALS_REQUIRED, event.required());
        save(decided(doc, decision("APPROVED", event.approver(), at, event.comment(), event.verificationNote(),
                correlationId)), sequence);
    }

    @EventHandler
    public void on(ChangeRequestApprovedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
                   @MetaDataValue("correlationId") String correlationId) {
        Document doc = next(event.changeRequestId(), sequence);
        if (doc == null) {
            return;
        }
        close(doc, ChangeRequestStatus.APPROVED, at);
        save(decided(doc, decision("APPLIED", lastApprover(doc), at, null, null, correlationId)), sequence);
    }

    @EventHandler
    public void on(ChangeRequestRejectedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
                   @MetaDataValue("correlationId") String correlationId) {
        Document doc = next(event.changeRequestId(), sequence);
        if (doc == null) {
            return;
        }
        close(doc, ChangeRequestStatus.REJECTED, at);
        save(decided(doc, decision("REJECTED", event.rejectedBy(), at, event.reason(), null, correlationId)),
                sequence);
    }

    @EventHandler
    public void on(ChangeRequestWithdrawnEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
                   @MetaDataValue("correlationId") String correlationId) {
        Document doc = next(event.changeRequestId(), sequence);
        if (doc == null) {
            return;
        }
        // (stored before SUPERSEDED existed, a superseded request was WITHDRAWN with supersededBy: read as SUPERSEDED)
        ChangeRequestStatus status = event.superseded() ? ChangeRequestStatus.SUPERSEDED
                : ChangeRequestStatus.WITHDRAWN;
        close(doc, status, at);
        doc.put(SUPERSEDED_BY, event.supersededBy());
        save(decided(doc, decision(status.name(), event.actor(), at, event.reason(), null, correlationId)), sequence);
    }

    @EventHandler
    public void on(ChangeRequestExpiredEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
                   @MetaDataValue("correlationId") String correlationId) {
        Document doc = next(event.changeRequestId(), sequence);
        if (doc == null) {
            return;
        }
        close(doc, ChangeRequestStatus.EXPIRED, at);
        doc.put(APPROVALS, event.approvals());
        String comment = "deadline " + event.deadline() + " passed"
                + (event.escalateTo() == null ? "" : "; escalated to " + event.escalateTo());
        save(decided(doc, decision("EXPIRED", SYSTEM, at, comment, null, correlationId)), sequence);
    }

    @ResetHandler
    public void reset() {
        store.drop();
    }

    /** The document to apply an event to, or null when the event was applied already. */
    private Document next(String id, long sequence) {
        Document doc = store.load(id);
        if (doc == null) {
            throw new IllegalStateException("change request " + id + " has event " + sequence
                    + " but was never opened in the read store");
        }
        return sequence(doc) >= sequence ? null : doc;
    }

    private void save(Document doc, long sequence) {
        doc.put(SEQUENCE, sequence);
        store.save(doc);
    }

    private static void close(Document doc, ChangeRequestStatus status, Instant at) {
        doc.put(STATUS, status.name());
        doc.put(CLOSED_AT, date(at));
    }

    private static Document decided(Document doc, Document decision) {
        List<Document> decisions = new ArrayList<>(doc.getList(DECISIONS, Document.class, List.of()));
        decisions.add(decision);
        doc.put(DECISIONS, decisions);
        return doc;
    }

    /** The approver whose approval completed the request (the last APPROVED decision), else the system. */
    private static Actor lastApprover(Document doc) {
        List<Document> decisions = doc.getList(DECISIONS, Document.class, List.of());
        for (int i = decisions.size() - 1; i >= 0; i--) {
            Document d = decisions.get(i);
            if ("APPROVED".equals(d.getString("kind")) && d.get("actor") instanceof Document a) {
                return new Actor(Actor.ActorType.valueOf(a.getString("type")), a.getString("name"));
            }
        }
        return SYSTEM;
    }

    private static Document decision(String kind, Actor actor, Instant at, String comment, String verificationNote,
                                     String correlationId) {
        return new Document("kind", kind)
                .append("actor", actorDocument(actor))
                .append("at", date(at))
                .append("comment", comment)
                .append("verificationNote", verificationNote)
                .append("correlationId", correlationId);
    }

    private static long sequence(Document doc) {
        return ((Number) doc.get(SEQUENCE)).longValue();
    }
}
