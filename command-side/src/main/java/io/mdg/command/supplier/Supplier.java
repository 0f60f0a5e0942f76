package io.mdg.command.supplier;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.context.annotation.Profile;

import io.mdg.api.Actor;
import io.mdg.api.SourceRef;
import io.mdg.api.submission.AttributeResult;
import io.mdg.api.submission.AttributeStatus;
import io.mdg.api.submission.SubmissionOutcome;
import io.mdg.api.submission.SubmissionResult;
import io.mdg.api.supplier.AttributeChange;
import io.mdg.api.supplier.SupplierAttribute;
import io.mdg.api.supplier.SupplierAttributes;
import io.mdg.api.supplier.SupplierAttributesChangedEvent;
import io.mdg.api.supplier.SupplierRegisteredEvent;

/**
 * The golden supplier record, event sourced. Decides, attribute by attribute, what a source submission changes.
 * Its inputs arrive already validated and in canonical form (see {@link SupplierSubmissionHandler}).
 */
@Aggregate
@Profile("command")
public class Supplier {

    @AggregateIdentifier
    private String supplierId;
    private SupplierAttributes attributes;
    /** The last source version seen per source record key ({@code SYSTEM:sourceId}). */
    private final Map<String, Long> lastSourceVersion = new HashMap<>();

    protected Supplier() {
        // for Axon
    }

    Supplier(String supplierId, SourceRef source, SupplierAttributes attributes, Actor actor) {
        Objects.requireNonNull(attributes.legalName(), "a new supplier needs a legal name");
        apply(new SupplierRegisteredEvent(supplierId, source, actor, attributes));
    }

    /** Applies a source's submission; answers what it did. Stores no event when nothing changes. */
    SubmissionResult submit(SourceRef source, SupplierAttributes submitted, Actor actor) {
        Long last = lastSourceVersion.get(source.key());
        List<AttributeChange> changes = new ArrayList<>();
        List<AttributeResult> results = new ArrayList<>();
        for (SupplierAttribute attribute : SupplierAttribute.values()) {
            String value = attribute.valueIn(submitted);
            if (value == null) {
                continue;
            }
            String current = attribute.valueIn(attributes);
            if (value.equals(current)) {
                results.add(AttributeResult.of(attribute.fieldName(), AttributeStatus.UNCHANGED));
            } else {
                changes.add(new AttributeChange(attribute, current, value));
                results.add(AttributeResult.of(attribute.fieldName(), AttributeStatus.APPLIED));
            }
        }
        if (changes.isEmpty()) {
            return new SubmissionResult(SubmissionOutcome.UNCHANGED, supplierId, results, List.of());
        }
        if (isStale(source, last)) {
            return new SubmissionResult(SubmissionOutcome.STALE, supplierId, List.of(), List.of());
        }
        apply(new SupplierAttributesChangedEvent(supplierId, source, actor, changes));
        return new SubmissionResult(SubmissionOutcome.UPDATED, supplierId, results, List.of());
    }

    /** A versioned submission that is not newer than the last one from the same source record is stale. */
    private static boolean isStale(SourceRef source, Long last) {
        return source.sourceVersion() != null && last != null && source.sourceVersion() <= last;
    }

    @EventSourcingHandler
    void on(SupplierRegisteredEvent event) {
        this.supplierId = event.supplierId();
        this.attributes = event.attributes();
        recordVersion(event.source());
    }

    @EventSourcingHandler
    void on(SupplierAttributesChangedEvent event) {
        String legalName = attributes.legalName();
        String taxId = attributes.taxId();
        String duns = attributes.duns();
        String gln = attributes.gln();
        for (AttributeChange change : event.changes()) {
            switch (change.attribute()) {
                case LEGAL_NAME -> legalName = change.after();
                case TAX_ID -> taxId = change.after();
                case DUNS -> duns = change.after();
                case GLN -> gln = change.after();
            }
        }
        this.attributes = new SupplierAttributes(legalName, taxId, duns, gln);
        recordVersion(event.source());
    }

    private void recordVersion(SourceRef source) {
        if (source.sourceVersion() != null) {
            lastSourceVersion.merge(source.key(), source.sourceVersion(), Math::max);
        }
    }
}
