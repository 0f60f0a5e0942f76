package io.mdg.query.supplier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.supplier.AttributeChange;
import io.mdg.api.supplier.FindSupplierQuery;
import io.mdg.api.supplier.SupplierAttribute;
import io.mdg.api.supplier.SupplierAttributes;
import io.mdg.api.supplier.SupplierAttributesChangedEvent;
import io.mdg.api.supplier.SupplierRegisteredEvent;
import io.mdg.api.supplier.SupplierView;
import io.mdg.api.xref.FindRecordBySourceQuery;
import io.mdg.api.xref.RecordRef;
import io.mdg.api.xref.SourceRefView;
import io.mdg.query.xref.CrossReferenceProjection;

class SupplierProjectionTest {

    private static final Instant T1 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-03-02T10:00:00Z");
    private static final SourceRef ERP_V1 = new SourceRef(SourceSystem.ERP, "V-1001", 1L);
    private static final SourceRef ERP_V2 = new SourceRef(SourceSystem.ERP, "V-1001", 2L);
    private static final Actor ERP = Actor.client("erp");

    private MongoServer server;
    private MongoClient client;
    private SupplierProjection suppliers;
    private CrossReferenceProjection crossReferences;

    @BeforeEach
    void startStore() {
        server = new MongoServer(new MemoryBackend());
        var address = server.bind();
        client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
        MongoDatabase db = client.getDatabase("mdg");
        suppliers = new SupplierProjection(db);
        crossReferences = new CrossReferenceProjection(db);
    }

    @AfterEach
    void stopStore() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void a_registered_supplier_is_served_with_its_cross_reference() {
        var registered = new SupplierRegisteredEvent("s-1", ERP_V1, ERP,
                new SupplierAttributes("Acme Medical Inc.", "12-3456789", null, null));
        suppliers.on(registered, 0, T1);
        crossReferences.on(registered);

        assertThat(suppliers.handle(new FindSupplierQuery("s-1"))).contains(new SupplierView("s-1", 1,
                LifecycleStatus.ACTIVE, T1, T1, "Acme Medical Inc.", "12-3456789", null, null,
                List.of(new SourceRefView(SourceSystem.ERP, "V-1001", 1L, T1))));
        assertThat(crossReferences.handle(new FindRecordBySourceQuery(SourceSystem.ERP, "V-1001", null)))
                .containsExactly(new RecordRef(EntityType.SUPPLIER, "s-1"));
        assertThat(crossReferences.handle(new FindRecordBySourceQuery(SourceSystem.SOURCING, "V-1001", null))).isEmpty();
    }

    @Test
    void changes_apply_in_order_and_update_the_source_version() {
        suppliers.on(new SupplierRegisteredEvent("s-1", ERP_V1, ERP,
                new SupplierAttributes("Acme Medical Inc.", null, null, null)), 0, T1);
        suppliers.on(new SupplierAttributesChangedEvent("s-1", ERP_V2, ERP, List.of(
                new AttributeChange(SupplierAttribute.LEGAL_NAME, "Acme Medical Inc.", "Acme Medical LLC"),
                new AttributeChange(SupplierAttribute.GLN, null, "8904000210037"))), 1, T2);

        SupplierView view = suppliers.handle(new FindSupplierQuery("s-1")).orElseThrow();
        assertThat(view.legalName()).isEqualTo("Acme Medical LLC");
        assertThat(view.gln()).isEqualTo("8904000210037");
        assertThat(view.version()).isEqualTo(2);
        assertThat(view.createdAt()).isEqualTo(T1);
        assertThat(view.updatedAt()).isEqualTo(T2);
        assertThat(view.sourceRefs()).containsExactly(new SourceRefView(SourceSystem.ERP, "V-1001", 2L, T2));
    }

    @Test
    void redelivered_events_change_nothing() {
        var registered = new SupplierRegisteredEvent("s-1", ERP_V1, ERP,
                new SupplierAttributes("Acme Medical Inc.", null, null, null));
        var changed = new SupplierAttributesChangedEvent("s-1", ERP_V2, ERP, List.of(
                new AttributeChange(SupplierAttribute.LEGAL_NAME, "Acme Medical Inc.", "Acme Medical LLC")));
        suppliers.on(registered, 0, T1);
        crossReferences.on(registered);
        suppliers.on(changed, 1, T2);
        SupplierView once = suppliers.handle(new FindSupplierQuery("s-1")).orElseThrow();

        suppliers.on(registered, 0, T1);
        crossReferences.on(registered);
        suppliers.on(changed, 1, T2);

        assertThat(suppliers.handle(new FindSupplierQuery("s-1"))).contains(once);
        assertThat(crossReferences.handle(new FindRecordBySourceQuery(SourceSystem.ERP, "V-1001", null))).hasSize(1);
    }

    @Test
    void an_unknown_supplier_is_empty_and_a_reset_clears_everything() {
        assertThat(suppliers.handle(new FindSupplierQuery("nope"))).isEmpty();
        var registered = new SupplierRegisteredEvent("s-1", ERP_V1, ERP,
                new SupplierAttributes("Acme Medical Inc.", null, null, null));
        suppliers.on(registered, 0, T1);
        crossReferences.on(registered);

        suppliers.reset();
        crossReferences.reset();

        assertThat(suppliers.handle(new FindSupplierQuery("s-1"))).isEmpty();
        assertThat(crossReferences.handle(new FindRecordBySourceQuery(SourceSystem.ERP, "V-1001", null))).isEmpty();
    }
}
