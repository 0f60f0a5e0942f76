package io.mdg.query.record;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.changerequest.PendingChangeReleasedEvent;
import io.mdg.api.feed.ChangeMetaData;
import io.mdg.api.model.Attributes;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.record.AttributeLineage;
import io.mdg.api.record.ChangeHeldForApprovalEvent;
import io.mdg.api.record.HeldAttribute;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.ContactErasedEvent;
import io.mdg.api.record.LifecycleChangedEvent;
import io.mdg.api.record.PendingChangeView;
import io.mdg.api.record.RecordChangedEvent;
import io.mdg.api.record.RecordMergedEvent;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.api.record.RecordView;
import io.mdg.api.record.SourceRecordLinkedEvent;
import io.mdg.api.record.SourceRecordsMovedEvent;
import io.mdg.api.xref.SourceRefView;
import io.mdg.query.GoldenRecordsProcessing;

/**
 * Projects the golden records of all four entity types into the {@link RecordReadModel}.
 *
 * <p>Idempotent: each record keeps the sequence number of the last event of its aggregate that was applied
 * ({@link GoldenRecord#sequence()}); an event at or below it is skipped, so redelivery changes nothing. Every handler
 * reads and replaces only the record of the event's own aggregate; events of one aggregate arrive in order on one
 * thread (sequencing per aggregate), so no transaction is needed. Times are kept to the millisecond (as MongoDB
 * keeps them), so that both adapters answer the same.
 *
 * <p>Pending changes: a {@link ChangeHeldForApprovalEvent} adds one; it replaces the same source record's earlier
 * pending change of the same attributes, and a later {@link RecordChangedEvent} from the same source record that
 * sets those attributes (the approved change being applied) clears them. Each pending change keeps the id of its
 * change request: a {@link RecordChangedEvent} of that change request (approved and applied) or a
 * {@link PendingChangeReleasedEvent} (rejected, withdrawn, superseded, expired) removes it.
 *
 * <p>Read models that follow the attributes ({@link RecordAttributesListener}, e.g. the blocking keys of duplicate
 * detection) are told of each change here, once the event is known to be new and before the record is stored.
 * Those that follow whole versions of records ({@link RecordStoredListener}, e.g. the version history and the change
 * feed) are told of each new version just before it is stored.
 */
@Component
@Profile("query")
@ProcessingGroup(GoldenRecordsProcessing.GROUP)
@Order(GoldenRecordsProcessing.RECORDS)
public class RecordProjection {

    private final RecordReadModel store;
    private final List<RecordAttributesListener> listeners;
    private final List<RecordStoredListener> storedListeners;

    public RecordProjection(RecordReadModel store, List<RecordAttributesListener> listeners,
                            List<RecordStoredListener> storedListeners) {
        this.store = store;
        this.listeners = List.copyOf(listeners);
        this.storedListeners = List.copyOf(storedListeners);
    }

    /** A registration without the rules it was decided by (events stored before they were recorded; tests). */
    public void on(RecordRegisteredEvent event, long sequence, Instant timestamp) {
        on(event, sequence, timestamp, null, null);
    }

    @EventHandler
    public void on(RecordRegisteredEvent event, @SequenceNumber long sequence, @Timestamp Instant timestamp,
                   @MetaDataValue(ChangeMetaData.RULES_VERSION) String rulesVersion,
                   @MetaDataValue(ChangeMetaData.RULES_HASH) String rulesHash) {
        GoldenRecord existing = store.load(event.type(), event.recordId()).orElse(null);
        if (existing != null && existing.sequence() >= sequence) {
            return;
        }
        Instant at = millis(timestamp);
        MasterAttributes attributes = event.attributes() == null ? Attributes.empty(event.type()) : event.attributes();
        Draft draft = new Draft(event.recordId(), event.type(), at, attributes);
        for (String name : Attributes.values(attributes).keySet()) {
            draft.lineage.put(name, new AttributeLineage(name, event.source().system(), event.source().sourceId(), at,
                    null, rulesVersion, rulesHash));
        }
        draft.sourceRefs.add(new SourceRefView(event.source().system(), event.source().sourceId(),
                event.source().sourceVersion(), at));
        notifyChange(event.type(), event.recordId(), existing == null ? null : existing.view().attributes(),
                attributes);
        stored(draft.build(sequence, at), event, sequence, at);
    }

    /** A change without the rules it was decided by (events stored before they were recorded; tests). */
    public void on(RecordChangedEvent event, long sequence, Instant timestamp) {
        on(event, sequence, timestamp, null, null);
    }

    @EventHandler
    public void on(RecordChangedEvent event, @SequenceNumber long sequence, @Timestamp Instant timestamp,
                   @MetaDataValue(ChangeMetaData.RULES_VERSION) String rulesVersion,
                   @MetaDataValue(ChangeMetaData.RULES_HASH) String rulesHash) {
        Draft draft = next(event.type(), event.recordId(), sequence);
        if (draft == null) {
            return;
        }
        Instant at = millis(timestamp);
        List<String> known = Attributes.names(event.type());
        for (String name : event.attributes()) {
            Object value = event.values() == null || !known.contains(name) ? null
                    : Attributes.value(event.values(), name);
            if (value == null) {
                draft.lineage.remove(name);
            } else {
                draft.lineage.put(name, new AttributeLineage(name, event.source().system(), event.source().sourceId(),
                        at, event.changeRequestId(), rulesVersion, rulesHash));
            }
        }
        MasterAttributes before = draft.attributes;
        draft.attributes = with(before, event.attributes(), event.values());
        notifyChange(event.type(), event.recordId(), before, draft.attributes);
        touch(draft.sourceRefs, event.source(), at);
        draft.withoutPending(event.source(), event.attributes());
        if (event.changeRequestId() != null) {
            draft.withoutRequest(event.changeRequestId());
        }
        stored(draft.build(sequence, at), event, sequence, at);
    }

    @EventHandler
    public void on(ChangeHeldForApprovalEvent event, @SequenceNumber long sequence, @Timestamp Instant timestamp) {
        Draft draft = next(event.type(), event.recordId(), sequence);
        if (draft == null) {
            return;
        }
        Instant at = millis(timestamp);
        List<String> held = event.held().stream().map(HeldAttribute::attribute).distinct().toList();
        int approvals = event.held().stream().mapToInt(HeldAttribute::approvalsRequired).max().orElse(0);
        draft.withoutPending(event.source(), held);
        draft.pending.add(new PendingChangeView(held, event.source().system(), event.source().sourceId(), at,
                approvals));
        draft.pendingRequests.add(event.changeRequestId());
        touch(draft.sourceRefs, event.source(), at);
        stored(draft.build(sequence, at), event, sequence, at);
    }

    /** The record no longer holds the change of a change request (rejected, withdrawn, superseded, expired). */
    @EventHandler
    public void on(PendingChangeReleasedEvent event, @SequenceNumber long sequence, @Timestamp Instant timestamp) {
        Draft draft = next(event.type(), event.recordId(), sequence);
        if (draft == null) {
            return;
        }
        Instant at = millis(timestamp);
        draft.withoutRequest(event.changeRequestId());
        stored(draft.build(sequence, at), event, sequence, at);
    }

    @EventHandler
    public void on(SourceRecordLinkedEvent event, @SequenceNumber long sequence, @Timestamp Instant timestamp) {
        Draft draft = next(event.type(), event.recordId(), sequence);
        if (draft == null) {
            return;
        }
        Instant at = millis(timestamp);
        touch(draft.sourceRefs, event.source(), at);
        stored(draft.build(sequence, at), event, sequence, at);
    }

    @EventHandler
    public void on(LifecycleChangedEvent event, @SequenceNumber long sequence, @Timestamp Instant timestamp) {
        Draft draft = next(event.type(), event.recordId(), sequence);
        if (draft == null) {
            return;
        }
        Instant at = millis(timestamp);
        draft.status = event.to();
        stored(draft.build(sequence, at), event, sequence, at);
    }

    /** A contact person's data were erased: the record keeps the contact as erased (a new version, as the record's). */
    @EventHandler
    public void on(ContactErasedEvent event, @SequenceNumber long sequence, @Timestamp Instant timestamp) {
        Draft draft = next(event.type(), event.recordId(), sequence);
        if (draft == null) {
            return;
        }
        Instant at = millis(timestamp);
        if (draft.attributes instanceof SupplierAttributes supplier) {
            draft.attributes = supplier.withContactErased(event.personId());
        }
        stored(draft.build(sequence, at), event, sequence, at);
    }

    /** The loser of a merge: retired, pointing to the survivor, its source records gone to the survivor. */
    @EventHandler
    public void on(RecordMergedEvent event, @SequenceNumber long sequence, @Timestamp Instant timestamp) {
        Draft draft = next(event.type(), event.recordId(), sequence);
        if (draft == null) {
            return;
        }
        Instant at = millis(timestamp);
        Set<String> moved = new HashSet<>();
        event.sources().forEach(s -> moved.add(key(s.system(), s.sourceId())));
        draft.sourceRefs.removeIf(r -> moved.contains(key(r.system(), r.sourceId())));
        draft.status = LifecycleStatus.RETIRED;
        draft.mergedInto = event.survivorId();
        stored(draft.build(sequence, at), event, sequence, at);
    }

    /**
     * The survivor of a merge takes over the loser's source records. Their last submission time is not in the
     * event (it is the loser's), so it stays empty until the source submits again.
     */
    @EventHandler
    public void on(SourceRecordsMovedEvent event, @SequenceNumber long sequence, @Timestamp Instant timestamp) {
        Draft draft = next(event.type(), event.recordId(), sequence);
        if (draft == null) {
            return;
        }
        Instant at = millis(timestamp);
        for (SourceRef source : event.sources()) {
            boolean known = draft.sourceRefs.stream().anyMatch(r -> same(r, source));
            if (!known) {
                draft.sourceRefs.add(new SourceRefView(source.system(), source.sourceId(), source.sourceVersion(),
                        null));
            }
        }
        stored(draft.build(sequence, at), event, sequence, at);
    }

    @ResetHandler
    public void reset() {
        store.dropAll();
        listeners.forEach(RecordAttributesListener::reset);
        storedListeners.forEach(RecordStoredListener::reset);
    }

    /**
     * Tells the {@link RecordStoredListener}s of the new version of a record, then stores it: the record's sequence
     * is the idempotency mark, so it is written last; a listener that fails leaves the record unchanged and the
     * event is redelivered to all of them (their writes are idempotent, and what they publish is sent only when the
     * unit of work commits).
     */
    private void stored(GoldenRecord record, Object event, long sequence, Instant at) {
        for (RecordStoredListener listener : storedListeners) {
            listener.stored(record.type(), record.view(), event, sequence, at);
        }
        store.save(record);
    }

    private void notifyChange(EntityType type, String recordId, MasterAttributes before, MasterAttributes after) {
        for (RecordAttributesListener listener : listeners) {
            if (listener.follows(type)) {
                listener.attributesChanging(type, recordId, before, after);
            }
        }
    }

    /** The record to apply an event to, or null when the event was applied already. */
    private Draft next(EntityType type, String recordId, long sequence) {
        GoldenRecord record = store.load(type, recordId).orElseThrow(() -> new IllegalStateException(type + " "
                + recordId + " has event " + sequence + " but was never registered in the read store"));
        return record.sequence() >= sequence ? null : new Draft(record);
    }

    /**
     * The attributes with the named ones set to their values in {@code values} (an attribute without a value there
     * is cleared); names the type does not have are ignored.
     */
    private static MasterAttributes with(MasterAttributes attributes, Collection<String> names,
                                         MasterAttributes values) {
        List<String> all = Attributes.names(attributes.entityType());
        List<String> kept = new ArrayList<>(all);
        kept.removeAll(names);
        MasterAttributes result = Attributes.only(attributes, kept);
        if (values != null && values.getClass() == attributes.getClass()) {
            List<String> changed = names.stream().filter(all::contains).toList();
            result = Attributes.merge(result, Attributes.only(values, changed));
        }
        return result;
    }

    /**
     * The source refs with the submitting source's version and time updated; a source record not yet listed is
     * added, except a steward's pseudo-source (a hand edit is no source record).
     */
    private static void touch(List<SourceRefView> refs, SourceRef source, Instant at) {
        for (int i = 0; i < refs.size(); i++) {
            SourceRefView ref = refs.get(i);
            if (same(ref, source)) {
                Long version = source.sourceVersion() != null ? source.sourceVersion() : ref.sourceVersion();
                refs.set(i, new SourceRefView(source.system(), source.sourceId(), version, at));
                return;
            }
        }
        if (source.system() != SourceSystem.STEWARD) {
            refs.add(new SourceRefView(source.system(), source.sourceId(), source.sourceVersion(), at));
        }
    }

    private static boolean same(SourceRefView ref, SourceRef source) {
        return source.system() == ref.system() && source.sourceId().equals(ref.sourceId());
    }

    private static String key(SourceSystem system, String sourceId) {
        return system.name() + "|" + sourceId;
    }

    private static Instant millis(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.MILLIS);
    }

    /** A record being changed by one event. */
    private static final class Draft {
        private final String id;
        private final EntityType type;
        private final Instant createdAt;
        private LifecycleStatus status;
        private MasterAttributes attributes;
        private final List<SourceRefView> sourceRefs;
        private final Map<String, AttributeLineage> lineage = new LinkedHashMap<>();
        private final List<PendingChangeView> pending;
        private final List<String> pendingRequests;
        private String mergedInto;

        Draft(String id, EntityType type, Instant createdAt, MasterAttributes attributes) {
            this.id = id;
            this.type = type;
            this.createdAt = createdAt;
            this.status = LifecycleStatus.ACTIVE;
            this.attributes = attributes;
            this.sourceRefs = new ArrayList<>(1);
            this.pending = new ArrayList<>(0);
            this.pendingRequests = new ArrayList<>(0);
        }

        Draft(GoldenRecord record) {
            RecordView view = record.view();
            this.id = view.id();
            this.type = view.type();
            this.createdAt = view.createdAt();
            this.status = view.status();
            this.attributes = view.attributes();
            this.sourceRefs = new ArrayList<>(view.sourceRefs());
            view.lineage().forEach(l -> lineage.put(l.attribute(), l));
            this.pending = new ArrayList<>(view.pendingChanges());
            this.pendingRequests = new ArrayList<>(record.pendingRequests());
            this.mergedInto = view.mergedInto();
        }

        /** Drops the given attributes from the pending changes of the source record (emptied changes go). */
        void withoutPending(SourceRef source, Collection<String> names) {
            for (int i = pending.size() - 1; i >= 0; i--) {
                PendingChangeView change = pending.get(i);
                if (change.system() != source.system() || !change.sourceId().equals(source.sourceId())) {
                    continue;
                }
                List<String> remaining = new ArrayList<>(change.attributes());
                remaining.removeAll(names);
                if (remaining.isEmpty()) {
                    pending.remove(i);
                    pendingRequests.remove(i);
                } else if (remaining.size() < change.attributes().size()) {
                    pending.set(i, new PendingChangeView(List.copyOf(remaining), change.system(), change.sourceId(),
                            change.at(), change.approvalsRequired()));
                }
            }
        }

        /** Drops the pending change held for the change request. */
        void withoutRequest(String changeRequestId) {
            for (int i = pending.size() - 1; i >= 0; i--) {
                if (changeRequestId.equals(pendingRequests.get(i))) {
                    pending.remove(i);
                    pendingRequests.remove(i);
                }
            }
        }

        GoldenRecord build(long sequence, Instant updatedAt) {
            List<AttributeLineage> ordered = new ArrayList<>(lineage.size());
            for (String name : Attributes.names(type)) {
                AttributeLineage entry = lineage.get(name);
                if (entry != null) {
                    ordered.add(entry);
                }
            }
            RecordView view = new RecordView(id, type, sequence + 1, status, createdAt, updatedAt, attributes,
                    List.copyOf(sourceRefs), List.copyOf(ordered), List.copyOf(pending), mergedInto);
            return new GoldenRecord(view, pendingRequests);
        }
    }
}
