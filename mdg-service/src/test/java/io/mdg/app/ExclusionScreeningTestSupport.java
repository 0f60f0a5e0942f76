package io.mdg.app;

import java.util.List;

import org.axonframework.eventsourcing.eventstore.EventStore;

import io.mdg.api.screening.SupplierScreenedEvent;

/** Reads a supplier's screenings as stored (from the event store: no waiting for a projection). */
final class ExclusionScreeningTestSupport {

    private ExclusionScreeningTestSupport() {
    }

    static List<SupplierScreenedEvent> screenings(ServiceHarness service, String supplierId) {
        return service.bean(EventStore.class).readEvents(SupplierScreenedEvent.screeningId(supplierId)).asStream()
                .map(m -> m.getPayload()).filter(SupplierScreenedEvent.class::isInstance)
                .map(SupplierScreenedEvent.class::cast).toList();
    }
}
