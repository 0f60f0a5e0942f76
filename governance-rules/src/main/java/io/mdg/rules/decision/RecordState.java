package io.mdg.rules.decision;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.ContactErasedEvent;
import io.mdg.api.SourceRef;
import io.mdg.api.changerequest.PendingChangeReleasedEvent;
import io.mdg.api.model.ApprovedPrice;
import io.mdg.api.model.Attributes;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.record.ChangeHeldForApprovalEvent;
import io.mdg.api.record.ContractPriceBaselineSetEvent;
import io.mdg.api.record.HeldAttribute;
import io.mdg.api.record.LifecycleChangedEvent;
import io.mdg.api.record.RecordChangedEvent;
import io.mdg.api.record.RecordMergedEvent;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.api.record.SourceRecordLinkedEvent;
import io.mdg.api.record.SourceRecordsMovedEvent;
import io.mdg.rules.record.RecordFacts;

/**
 * What the decisions on a golden record need to know of it, built from its events ({@link #evolve}). Immutable: every
 * event answers a new state, so that a decision can be tested with plain values and re-decided on the state its own
 * events lead to.
 *
 * @param recordId          the golden record's id (null: no record yet)
 * @param type              its entity type
 * @param status            its lifecycle status
 * @param mergedInto        the survivor it was merged into (null unless merged)
 * @param attributes        its current attributes
 * @param lastSourceVersion the last version seen per source record key ({@code SYSTEM:sourceId})
 * @param sources           the source records that map to it, by key
 * @param pending           the values held for approval, by attribute (a retried proposal is not held twice)
 * @param pendingRequestOf  the change request each pending attribute waits in
 * @param heldChanges       the changes held for approval, by change request
 * @param baseline          a contract's approved prices; null for other types, and for a contract created before
 *                          baselines were kept (until it is next decided)
 */
public record RecordState(String recordId, EntityType type, LifecycleStatus status, String mergedInto,
                          MasterAttributes attributes, Map<String, Long> lastSourceVersion,
                          Map<String, SourceRef> sources, Map<String, Object> pending,
                          Map<String, String> pendingRequestOf, Map<String, ChangeHeldForApprovalEvent> heldChanges,
                          List<ApprovedPrice> baseline) {

    /** No record yet: the state before its first event. */
    public static final RecordState NONE = new RecordState(null, null, null, null, null, Map.of(), Map.of(),
            Map.of(), Map.of(), Map.of(), null);

    public RecordState {
        lastSourceVersion = Collections.unmodifiableMap(lastSourceVersion);
        sources = Collections.unmodifiableMap(sources);
        pending = Collections.unmodifiableMap(pending);
        pendingRequestOf = Collections.unmodifiableMap(pendingRequestOf);
        heldChanges = Collections.unmodifiableMap(heldChanges);
    }

    /** Whether the record exists (has had its first event). */
    public boolean exists() {
        return recordId != null;
    }

    public boolean isRetired() {
        return status == LifecycleStatus.RETIRED;
    }

    /** Whether a change of the attribute waits for approval. */
    public boolean isPending(String attribute) {
        return pendingRequestOf.containsKey(attribute);
    }

    /** The record as the record rules see it. */
    public RecordFacts facts() {
        return new RecordFacts(recordId, type, status, attributes);
    }

    /**
     * The state after {@code event}; unchanged for an event that is not about this record's state. The events are
     * those of core-api that the decisions emit ({@link RecordDecider}), and those stored by earlier releases.
     */
    public RecordState evolve(Object event) {
        if (event instanceof RecordRegisteredEvent e) {
            return new RecordState(e.recordId(), e.type(), LifecycleStatus.ACTIVE, null, e.attributes(), Map.of(),
                    Map.of(), Map.of(), Map.of(), Map.of(), baseline).seen(e.source());
        }
        if (event instanceof SourceRecordLinkedEvent e) {
            Map<String, SourceRef> linked = new LinkedHashMap<>(sources);
            linked.put(e.source().key(), e.source());
            return withSources(linked, lastSourceVersion);
        }
        if (event instanceof RecordChangedEvent e) {
            RecordState changed = new RecordState(recordId, type, status, mergedInto,
                    Attributes.merge(attributes, e.values()), lastSourceVersion, sources, pending, pendingRequestOf,
                    heldChanges, baseline);
            return e.changeRequestId() != null ? changed.forget(e.changeRequestId()) : changed.seen(e.source());
        }
        if (event instanceof ChangeHeldForApprovalEvent e) {
            Map<String, Object> held = new HashMap<>(pending);
            held.putAll(Attributes.values(e.proposed()));
            Map<String, String> requestOf = pendingRequestOf;
            Map<String, ChangeHeldForApprovalEvent> changes = heldChanges;
            if (e.changeRequestId() != null) {
                changes = new LinkedHashMap<>(heldChanges);
                changes.put(e.changeRequestId(), e);
                requestOf = new HashMap<>(pendingRequestOf);
                for (HeldAttribute attribute : e.held()) {
                    requestOf.put(attribute.attribute(), e.changeRequestId());
                }
            }
            return new RecordState(recordId, type, status, mergedInto, attributes, lastSourceVersion, sources, held,
                    requestOf, changes, baseline).seen(e.source());
        }
        if (event instanceof PendingChangeReleasedEvent e) {
            RecordState released = forget(e.changeRequestId());
            return e.supersedingSource() != null ? released.seen(e.supersedingSource()) : released;
        }
        if (event instanceof LifecycleChangedEvent e) {
            return new RecordState(recordId, type, e.to(), mergedInto, attributes, lastSourceVersion, sources,
                    pending, pendingRequestOf, heldChanges, baseline);
        }
        if (event instanceof RecordMergedEvent e) {
            return new RecordState(recordId, type, LifecycleStatus.RETIRED, e.survivorId(), attributes,
                    lastSourceVersion, Map.of(), pending, pendingRequestOf, heldChanges, baseline);
        }
        if (event instanceof SourceRecordsMovedEvent e) {
            Map<String, SourceRef> moved = new LinkedHashMap<>(sources);
            Map<String, Long> versions = new HashMap<>(lastSourceVersion);
            for (SourceRef source : e.sources()) {
                moved.put(source.key(), source);
                if (source.sourceVersion() != null) {
                    versions.merge(source.key(), source.sourceVersion(), Math::max);
                }
            }
            return withSources(moved, versions);
        }
        if (event instanceof ContactErasedEvent e && attributes instanceof SupplierAttributes supplier) {
            return new RecordState(recordId, type, status, mergedInto, supplier.withContactErased(e.personId()),
                    lastSourceVersion, sources, pending, pendingRequestOf, heldChanges, baseline);
        }
        if (event instanceof ContractPriceBaselineSetEvent e) {
            return new RecordState(recordId, type, status, mergedInto, attributes, lastSourceVersion, sources,
                    pending, pendingRequestOf, heldChanges, e.prices());
        }
        return this;
    }

    /** Applies {@code events} in order. */
    public RecordState evolve(List<?> events) {
        RecordState state = this;
        for (Object event : events) {
            state = state.evolve(event);
        }
        return state;
    }

    private RecordState withSources(Map<String, SourceRef> newSources, Map<String, Long> versions) {
        return new RecordState(recordId, type, status, mergedInto, attributes, versions, newSources, pending,
                pendingRequestOf, heldChanges, baseline);
    }

    /** The source record (and version) was seen. */
    private RecordState seen(SourceRef source) {
        Map<String, SourceRef> newSources = new LinkedHashMap<>(sources);
        newSources.merge(source.key(), source, (old, now) -> now.sourceVersion() != null ? now : old);
        Map<String, Long> versions = lastSourceVersion;
        if (source.sourceVersion() != null) {
            versions = new HashMap<>(lastSourceVersion);
            versions.merge(source.key(), source.sourceVersion(), Math::max);
        }
        return withSources(newSources, versions);
    }

    /** The change request ended: its attributes no longer wait (unless a later request holds them). */
    private RecordState forget(String changeRequestId) {
        ChangeHeldForApprovalEvent held = heldChanges.get(changeRequestId);
        if (held == null) {
            return this;
        }
        Map<String, ChangeHeldForApprovalEvent> changes = new LinkedHashMap<>(heldChanges);
        changes.remove(changeRequestId);
        Map<String, String> requestOf = new HashMap<>(pendingRequestOf);
        Map<String, Object> values = new HashMap<>(pending);
        for (HeldAttribute attribute : held.held()) {
            if (changeRequestId.equals(requestOf.get(attribute.attribute()))) {
                requestOf.remove(attribute.attribute());
                values.remove(attribute.attribute());
            }
        }
        return new RecordState(recordId, type, status, mergedInto, attributes, lastSourceVersion, sources, values,
                requestOf, changes, baseline);
    }
}
