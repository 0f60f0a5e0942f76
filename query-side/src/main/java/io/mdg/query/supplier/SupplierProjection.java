package io.mdg.query.supplier;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;

import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.supplier.AttributeChange;
import io.mdg.api.supplier.FindSupplierQuery;
import io.mdg.api.supplier.SupplierAttributesChangedEvent;
import io.mdg.api.supplier.SupplierRegisteredEvent;
import io.mdg.api.supplier.SupplierView;
import io.mdg.api.xref.SourceRefView;
import io.mdg.query.GoldenRecordsProcessing;

/**
 * Projects supplier events into the {@code suppliers} collection and answers supplier queries. Idempotent: an
 * event whose sequence number is not above the stored version is skipped, so redelivery changes nothing.
 */
@Component
@Profile("query")
@ProcessingGroup(GoldenRecordsProcessing.GROUP)
public class SupplierProjection {

    public static final String COLLECTION = "suppliers";

    private final MongoCollection<SupplierDocument> suppliers;

    public SupplierProjection(MongoDatabase readStoreDatabase) {
        this.suppliers = readStoreDatabase.getCollection(COLLECTION, SupplierDocument.class);
    }

    @EventHandler
    public void on(SupplierRegisteredEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        SupplierDocument existing = suppliers.find(Filters.eq("_id", event.supplierId())).first();
        if (existing != null && existing.version() >= sequence) {
            return;
        }
        var attributes = event.attributes();
        save(new SupplierDocument(event.supplierId(), sequence, LifecycleStatus.ACTIVE, at, at,
                attributes.legalName(), attributes.taxId(), attributes.duns(), attributes.gln(),
                List.of(sourceRef(event.source(), at))));
    }

    @EventHandler
    public void on(SupplierAttributesChangedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        SupplierDocument doc = suppliers.find(Filters.eq("_id", event.supplierId())).first();
        if (doc == null) {
            throw new IllegalStateException("supplier " + event.supplierId() + " changed before it was registered");
        }
        if (doc.version() >= sequence) {
            return;
        }
        String legalName = doc.legalName();
        String taxId = doc.taxId();
        String duns = doc.duns();
        String gln = doc.gln();
        for (AttributeChange change : event.changes()) {
            switch (change.attribute()) {
                case LEGAL_NAME -> legalName = change.after();
                case TAX_ID -> taxId = change.after();
                case DUNS -> duns = change.after();
                case GLN -> gln = change.after();
            }
        }
        save(new SupplierDocument(doc.id(), sequence, doc.status(), doc.createdAt(), at,
                legalName, taxId, duns, gln, withSourceRef(doc.sourceRefs(), sourceRef(event.source(), at))));
    }

    @ResetHandler
    public void reset() {
        suppliers.drop();
    }

    @QueryHandler
    public Optional<SupplierView> handle(FindSupplierQuery query) {
        return Optional.ofNullable(suppliers.find(Filters.eq("_id", query.supplierId())).first())
                .map(SupplierProjection::toView);
    }

    private void save(SupplierDocument doc) {
        suppliers.replaceOne(Filters.eq("_id", doc.id()), doc, new ReplaceOptions().upsert(true));
    }

    private static SourceRefDocument sourceRef(SourceRef source, Instant at) {
        return new SourceRefDocument(source.system(), source.sourceId(), source.sourceVersion(), at);
    }

    private static List<SourceRefDocument> withSourceRef(List<SourceRefDocument> refs, SourceRefDocument ref) {
        List<SourceRefDocument> result = new ArrayList<>();
        for (SourceRefDocument existing : refs == null ? List.<SourceRefDocument>of() : refs) {
            if (!(existing.system() == ref.system() && existing.sourceId().equals(ref.sourceId()))) {
                result.add(existing);
            }
        }
        result.add(ref);
        return result;
    }

    static SupplierView toView(SupplierDocument doc) {
        List<SourceRefView> refs = doc.sourceRefs() == null ? List.of() : doc.sourceRefs().stream()
                .map(r -> new SourceRefView(r.system(), r.sourceId(), r.sourceVersion(), r.lastSubmittedAt()))
                .toList();
        return new SupplierView(doc.id(), doc.version() + 1, doc.status(), doc.createdAt(), doc.updatedAt(),
                doc.legalName(), doc.taxId(), doc.duns(), doc.gln(), refs);
    }
}
