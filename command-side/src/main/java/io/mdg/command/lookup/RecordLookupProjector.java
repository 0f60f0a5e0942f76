package io.mdg.command.lookup;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

import io.mdg.api.model.Attributes;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.ContactErasedEvent;
import io.mdg.api.record.LifecycleChangedEvent;
import io.mdg.api.record.RecordChangedEvent;
import io.mdg.api.record.RecordMergedEvent;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.api.record.SourceRecordLinkedEvent;

/**
 * Feeds the command side's lookup tables from the events, in a subscribing processor: it runs in the unit of work
 * that applies the events, inside the same transaction, so the tables never disagree with the event store. A clash
 * on a unique key (a lost race) fails the whole command (errors propagate in this processing group).
 */
@ProcessingGroup(RecordLookupProjector.GROUP)
public class RecordLookupProjector {

    public static final String GROUP = "command-lookups";

    private final CommandLookups lookups;

    public RecordLookupProjector(CommandLookups lookups) {
        this.lookups = lookups;
    }

    @EventHandler
    void on(RecordRegisteredEvent event) {
        lookups.insertRecord(event.recordId(), event.type(), event.attributes());
        lookups.linkSource(event.type(), event.source(), event.recordId());
    }

    @EventHandler
    void on(SourceRecordLinkedEvent event) {
        lookups.linkSource(event.type(), event.source(), event.recordId());
    }

    @EventHandler
    void on(RecordChangedEvent event) {
        MasterAttributes before = lookups.find(event.recordId())
                .orElseThrow(() -> new IllegalStateException("record " + event.recordId() + " is not in the lookup"))
                .attributes();
        lookups.updateAttributes(event.recordId(), before, Attributes.merge(before, event.values()));
    }

    /** The lookup's copy of a supplier's attributes keeps an erased contact person as erased too. */
    @EventHandler
    void on(ContactErasedEvent event) {
        MasterAttributes before = lookups.find(event.recordId())
                .orElseThrow(() -> new IllegalStateException("record " + event.recordId() + " is not in the lookup"))
                .attributes();
        if (before instanceof SupplierAttributes supplier) {
            lookups.updateAttributes(event.recordId(), before, supplier.withContactErased(event.personId()));
        }
    }

    @EventHandler
    void on(LifecycleChangedEvent event) {
        lookups.updateStatus(event.recordId(), event.to());
    }

    @EventHandler
    void on(RecordMergedEvent event) {
        lookups.merge(event.recordId(), event.survivorId());
    }
}
