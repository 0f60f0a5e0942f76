package io.mdg.query.xref;

import java.util.List;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.record.RecordMergedEvent;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.api.record.SourceRecordLinkedEvent;
import io.mdg.api.record.SourceRecordsMovedEvent;
import io.mdg.api.xref.FindRecordBySourceQuery;
import io.mdg.api.xref.RecordRef;
import io.mdg.query.GoldenRecordsProcessing;

/**
 * Projects the cross-references from every source record to its golden records ({@link CrossReferenceReadModel})
 * and answers {@link FindRecordBySourceQuery}.
 *
 * <p>Every change is a set operation, so redelivery is harmless and the order in which the two sides of a merge
 * arrive does not matter: a merge ({@link RecordMergedEvent} on the loser, {@link SourceRecordsMovedEvent} on the
 * survivor) adds the survivor and then removes the loser from each moved key.
 */
@Component
@Profile("query")
@ProcessingGroup(GoldenRecordsProcessing.GROUP)
@Order(GoldenRecordsProcessing.BEFORE_RECORDS)
public class CrossReferenceProjection {

    private final CrossReferenceReadModel refs;

    public CrossReferenceProjection(CrossReferenceReadModel refs) {
        this.refs = refs;
    }

    @EventHandler
    public void on(RecordRegisteredEvent event) {
        link(event.source(), event.type(), event.recordId());
    }

    @EventHandler
    public void on(SourceRecordLinkedEvent event) {
        link(event.source(), event.type(), event.recordId());
    }

    @EventHandler
    public void on(RecordMergedEvent event) {
        for (SourceRef source : event.sources()) {
            move(source, event.type(), event.recordId(), event.survivorId());
        }
    }

    @EventHandler
    public void on(SourceRecordsMovedEvent event) {
        for (SourceRef source : event.sources()) {
            move(source, event.type(), event.mergedId(), event.recordId());
        }
    }

    @ResetHandler
    public void reset() {
        refs.dropAll();
    }

    @QueryHandler
    public List<RecordRef> handle(FindRecordBySourceQuery query) {
        List<RecordRef> found = refs.find(query.system(), query.sourceId());
        return query.type() == null ? found : found.stream().filter(r -> r.type() == query.type()).toList();
    }

    private void link(SourceRef source, EntityType type, String goldenId) {
        refs.link(source.system(), source.sourceId(), type, goldenId);
    }

    private void move(SourceRef source, EntityType type, String from, String to) {
        link(source, type, to);
        refs.unlink(source.system(), source.sourceId(), type, from);
    }
}
