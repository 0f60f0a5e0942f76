package io.mdg.query.record;

import static io.mdg.query.record.RecordStore.ATTRIBUTES;
import static io.mdg.query.record.RecordStore.CREATED_AT;
import static io.mdg.query.record.RecordStore.ID;
import static io.mdg.query.record.RecordStore.LINEAGE;
import static io.mdg.query.record.RecordStore.MERGED_INTO;
import static io.mdg.query.record.RecordStore.PENDING_CHANGES;
import static io.mdg.query.record.RecordStore.SOURCE_REFS;
import static io.mdg.query.record.RecordStore.STATUS;
import static io.mdg.query.record.RecordStore.TYPE;
import static io.mdg.query.record.RecordStore.UPDATED_AT;
import static io.mdg.query.record.RecordStore.VERSION;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.bson.Document;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.changerequest.PendingChangeReleasedEvent;
import io.mdg.api.record.ChangeHeldForApprovalEvent;
import io.mdg.api.record.HeldAttribute;
import io.mdg.api.record.LifecycleChangedEvent;
import io.mdg.api.record.RecordChangedEvent;
import io.mdg.api.record.RecordMergedEvent;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.api.record.SourceRecordLinkedEvent;
import io.mdg.api.record.SourceRecordsMovedEvent;
import io.mdg.query.GoldenRecordsProcessing;

/**
 * Projects the golden records of all four entity types into their collections (see {@link RecordStore}).
 *
 * <p>Idempotent: each document keeps the sequence number of the last event of its aggregate that was applied
 * ({@code version}); an event at or below it is skipped, so redelivery changes nothing. Every handler reads and
 * replaces only the document of the event's own aggregate, by {@code _id}; events of one aggregate arrive in order
 * on one thread (sequencing per aggregate), so no transaction is needed.
 *
 * <p>Pending changes: a {@link ChangeHeldForApprovalEvent} adds one; it replaces the same source record's earlier
 * pending change of the same attributes, and a later {@link RecordChangedEvent} from the same source record that
 * sets those attributes (the approved change being applied) clears them. Each pending change keeps the id of its
 * change request ({@code changeRequestId}): a {@link RecordChangedEvent} of that change request (approved and
 * applied) or a {@link PendingChangeReleasedEvent} (rejected, withdrawn, superseded, expired) removes it.
 *
 * <p>Read models that follow the attributes ({@link RecordAttributesListener}, e.g. the blocking keys of duplicate
 * detection) are told of each change here, once the event is known to be new and before the record is stored.
 * Those that follow whole versions of records ({@link RecordStoredListener}, e.g. the version history and the change
 * feed) are told of each new version just before it is stored.
 */
@Component
@Profile("query")
@ProcessingGroup(GoldenRecordsProcessing.GROUP)
public class RecordProjection {

    /** The change request a pending change (or a lineage entry's change) belongs to. */
    static final String CHANGE_REQUEST_ID = "changeRequestId";

    private final RecordStore store;
    private final AttributeCodec codec;
    private final List<RecordAttributesListener> listeners;
    private final List<RecordStoredListener> storedListeners;

    public RecordProjection(RecordStore store, List<RecordAttributesListener> listeners,
                            List<RecordStoredListener> storedListeners) {
        this.store = store;
        this.codec = store.codec();
        this.listeners = List.copyOf(listeners);
        this.storedListeners = List.copyOf(storedListeners);
    }

    @EventHandler
    public void on(RecordRegisteredEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        Document existing = store.load(event.type(), event.recordId());
        if (existing != null && version(existing) >= sequence) {
            return;
        }
        Document attributes = codec.toDocument(event.attributes());
        Document lineage = new Document();
        for (String name : attributes.keySet()) {
            if (!name.startsWith("@")) {
                lineage.put(name, lineageEntry(event.source(), at));
            }
        }
        Document doc = new Document(ID, event.recordId())
                .append(TYPE, event.type().name())
                .append(VERSION, sequence)
                .append(STATUS, LifecycleStatus.ACTIVE.name())
                .append(CREATED_AT, Date.from(at))
                .append(UPDATED_AT, Date.from(at))
                .append(ATTRIBUTES, attributes)
                .append(SOURCE_REFS, List.of(sourceRef(event.source().system(), event.source().sourceId(),
                        event.source().sourceVersion(), at)))
                .append(LINEAGE, lineage)
                .append(PENDING_CHANGES, List.of())
                .append(MERGED_INTO, null);
        notifyChange(event.type(), event.recordId(), existing == null ? null : existing.get(ATTRIBUTES, Document.class),
                attributes);
        stored(event.type(), doc, event, sequence, at);
    }

    @EventHandler
    public void on(RecordChangedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        Document doc = next(event.type(), event.recordId(), sequence);
        if (doc == null) {
            return;
        }
        Document attributes = new Document(doc.get(ATTRIBUTES, Document.class));
        Document lineage = new Document(doc.get(LINEAGE, new Document()));
        Document values = event.values() == null ? new Document() : codec.toDocument(event.values());
        for (String name : event.attributes()) {
            Object value = values.get(name);
            if (value == null) {
                attributes.remove(name);
                lineage.remove(name);
            } else {
                attributes.put(name, value);
                Document entry = lineageEntry(event.source(), at);
                if (event.changeRequestId() != null) {
                    entry.append(CHANGE_REQUEST_ID, event.changeRequestId());
                }
                lineage.put(name, entry);
            }
        }
        notifyChange(event.type(), event.recordId(), doc.get(ATTRIBUTES, Document.class), attributes);
        doc.put(ATTRIBUTES, attributes);
        doc.put(LINEAGE, lineage);
        doc.put(SOURCE_REFS, touched(sourceRefs(doc), event.source(), at));
        List<Document> pending = withoutPending(pending(doc), event.source(), event.attributes());
        if (event.changeRequestId() != null) {
            pending = withoutRequest(pending, event.changeRequestId());
        }
        doc.put(PENDING_CHANGES, pending);
        stored(event.type(), stamped(doc, sequence, at), event, sequence, at);
    }

    @EventHandler
    public void on(ChangeHeldForApprovalEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        Document doc = next(event.type(), event.recordId(), sequence);
        if (doc == null) {
            return;
        }
        List<String> held = event.held().stream().map(HeldAttribute::attribute).distinct().toList();
        int approvals = event.held().stream().mapToInt(HeldAttribute::approvalsRequired).max().orElse(0);
        List<Document> pending = withoutPending(pending(doc), event.source(), held);
        pending.add(new Document("attributes", held)
                .append("system", event.source().system().name())
                .append("sourceId", event.source().sourceId())
                .append("at", Date.from(at))
                .append("approvalsRequired", approvals)
                .append(CHANGE_REQUEST_ID, event.changeRequestId()));
        doc.put(PENDING_CHANGES, pending);
        doc.put(SOURCE_REFS, touched(sourceRefs(doc), event.source(), at));
        stored(event.type(), stamped(doc, sequence, at), event, sequence, at);
    }

    /** The record no longer holds the change of a change request (rejected, withdrawn, superseded, expired). */
    @EventHandler
    public void on(PendingChangeReleasedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        Document doc = next(event.type(), event.recordId(), sequence);
        if (doc == null) {
            return;
        }
        doc.put(PENDING_CHANGES, withoutRequest(pending(doc), event.changeRequestId()));
        stored(event.type(), stamped(doc, sequence, at), event, sequence, at);
    }

    @EventHandler
    public void on(SourceRecordLinkedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        Document doc = next(event.type(), event.recordId(), sequence);
        if (doc == null) {
            return;
        }
        doc.put(SOURCE_REFS, touched(sourceRefs(doc), event.source(), at));
        stored(event.type(), stamped(doc, sequence, at), event, sequence, at);
    }

    @EventHandler
    public void on(LifecycleChangedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        Document doc = next(event.type(), event.recordId(), sequence);
        if (doc == null) {
            return;
        }
        doc.put(STATUS, event.to().name());
        stored(event.type(), stamped(doc, sequence, at), event, sequence, at);
    }

    /** The loser of a merge: retired, pointing to the survivor, its source records gone to the survivor. */
    @EventHandler
    public void on(RecordMergedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        Document doc = next(event.type(), event.recordId(), sequence);
        if (doc == null) {
            return;
        }
        Set<String> moved = new HashSet<>();
        event.sources().forEach(s -> moved.add(key(s.system().name(), s.sourceId())));
        List<Document> refs = sourceRefs(doc);
        refs.removeIf(r -> moved.contains(key(r.getString("system"), r.getString("sourceId"))));
        doc.put(SOURCE_REFS, refs);
        doc.put(STATUS, LifecycleStatus.RETIRED.name());
        doc.put(MERGED_INTO, event.survivorId());
        stored(event.type(), stamped(doc, sequence, at), event, sequence, at);
    }

    /**
     * The survivor of a merge takes over the loser's source records. Their last submission time is not in the
     * event (it is the loser's), so it stays empty until the source submits again.
     */
    @EventHandler
    public void on(SourceRecordsMovedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        Document doc = next(event.type(), event.recordId(), sequence);
        if (doc == null) {
            return;
        }
        List<Document> refs = sourceRefs(doc);
        for (SourceRef source : event.sources()) {
            boolean known = refs.stream().anyMatch(r -> same(r, source));
            if (!known) {
                refs.add(sourceRef(source.system(), source.sourceId(), source.sourceVersion(), null));
            }
        }
        doc.put(SOURCE_REFS, refs);
        stored(event.type(), stamped(doc, sequence, at), event, sequence, at);
    }

    @ResetHandler
    public void reset() {
        store.dropAll();
        listeners.forEach(RecordAttributesListener::reset);
        storedListeners.forEach(RecordStoredListener::reset);
    }

    /**
     * Tells the {@link RecordStoredListener}s of the new version of a record, then stores it: the record's version
     * is the idempotency mark, so it is written last; a listener that fails leaves the record unchanged and the
     * event is redelivered to all of them (their writes are idempotent, and what they publish is sent only when the
     * unit of work commits).
     */
    private void stored(EntityType type, Document doc, Object event, long sequence, Instant at) {
        for (RecordStoredListener listener : storedListeners) {
            listener.stored(type, doc, event, sequence, at);
        }
        store.save(type, doc);
    }

    private void notifyChange(EntityType type, String recordId, Document before, Document after) {
        for (RecordAttributesListener listener : listeners) {
            if (listener.follows(type)) {
                listener.attributesChanging(type, recordId, before == null ? null : codec.fromDocument(type, before),
                        codec.fromDocument(type, after));
            }
        }
    }

    /** The document to apply an event to, or null when the event was applied already. */
    private Document next(EntityType type, String recordId, long sequence) {
        Document doc = store.load(type, recordId);
        if (doc == null) {
            throw new IllegalStateException(type + " " + recordId + " has event " + sequence
                    + " but was never registered in the read store");
        }
        return version(doc) >= sequence ? null : doc;
    }

    private static Document stamped(Document doc, long sequence, Instant at) {
        doc.put(VERSION, sequence);
        doc.put(UPDATED_AT, Date.from(at));
        return doc;
    }

    private static long version(Document doc) {
        return ((Number) doc.get(VERSION)).longValue();
    }

    private static Document lineageEntry(SourceRef source, Instant at) {
        return new Document("system", source.system().name())
                .append("sourceId", source.sourceId())
                .append("at", Date.from(at));
    }

    private static Document sourceRef(SourceSystem system, String sourceId, Long sourceVersion, Instant at) {
        return new Document("system", system.name())
                .append("sourceId", sourceId)
                .append("sourceVersion", sourceVersion)
                .append("lastSubmittedAt", at == null ? null : Date.from(at));
    }

    private static List<Document> sourceRefs(Document doc) {
        return new ArrayList<>(doc.getList(SOURCE_REFS, Document.class, List.of()));
    }

    private static List<Document> pending(Document doc) {
        return new ArrayList<>(doc.getList(PENDING_CHANGES, Document.class, List.of()));
    }

    /**
     * The source refs with the submitting source's version and time updated; a source record not yet listed is
     * added, except a steward's pseudo-source (a hand edit is no source record).
     */
    private static List<Document> touched(List<Document> refs, SourceRef source, Instant at) {
        List<Document> result = new ArrayList<>(refs.size() + 1);
        boolean found = false;
        for (Document ref : refs) {
            if (same(ref, source)) {
                found = true;
                Long version = source.sourceVersion() != null ? source.sourceVersion()
                        : ref.get("sourceVersion") == null ? null : ((Number) ref.get("sourceVersion")).longValue();
                result.add(sourceRef(source.system(), source.sourceId(), version, at));
            } else {
                result.add(ref);
            }
        }
        if (!found && source.system() != SourceSystem.STEWARD) {
            result.add(sourceRef(source.system(), source.sourceId(), source.sourceVersion(), at));
        }
        return result;
    }

    /** Pending changes without the given attributes of the given source record (emptied entries dropped). */
    private static List<Document> withoutPending(List<Document> pending, SourceRef source,
                                                 Collection<String> attributes) {
        List<Document> result = new ArrayList<>(pending.size());
        for (Document entry : pending) {
            if (!(entry.getString("system").equals(source.system().name())
                    && entry.getString("sourceId").equals(source.sourceId()))) {
                result.add(entry);
                continue;
            }
            List<String> remaining = new ArrayList<>(entry.getList("attributes", String.class));
            remaining.removeAll(attributes);
            if (!remaining.isEmpty()) {
                result.add(new Document(entry).append("attributes", remaining));
            }
        }
        return result;
    }

    /** Pending changes without the one held for the given change request. */
    private static List<Document> withoutRequest(List<Document> pending, String changeRequestId) {
        List<Document> result = new ArrayList<>(pending.size());
        for (Document entry : pending) {
            if (!changeRequestId.equals(entry.getString(CHANGE_REQUEST_ID))) {
                result.add(entry);
            }
        }
        return result;
    }

    private static boolean same(Document ref, SourceRef source) {
        return source.system().name().equals(ref.getString("system"))
                && source.sourceId().equals(ref.getString("sourceId"));
    }

    private static String key(String system, String sourceId) {
        return system + "|" + sourceId;
    }
}
