package io.mdg.command.screening;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.HashMap;
import java.util.Map;

import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.context.annotation.Profile;

import io.mdg.api.screening.ScreeningRequest;
import io.mdg.api.screening.SupplierScreenedEvent;

/**
 * The exclusion screenings of one supplier (id {@code screening-<supplier id>}), each an event, so the audit trail
 * keeps every screening, its result and the hits' reasons. It remembers the suspension request it last opened for
 * each list entry, so that a screening does not open a second one while that one is pending.
 */
@Aggregate(commandTargetResolver = ScreeningTargets.BEAN)
@Profile("command")
public class SupplierScreening {

    @AggregateIdentifier
    private String screeningId;
    /** The request last opened for each entry (entry key to change request id). */
    private final Map<String, String> requests = new HashMap<>();

    protected SupplierScreening() {
        // for Axon
    }

    SupplierScreening(SupplierScreenedEvent first) {
        apply(first);
    }

    void record(SupplierScreenedEvent screened) {
        apply(screened);
    }

    Map<String, String> requests() {
        return Map.copyOf(requests);
    }

    @EventSourcingHandler
    void on(SupplierScreenedEvent event) {
        screeningId = event.screeningId();
        for (ScreeningRequest request : event.requests()) {
            requests.put(request.entryKey(), request.changeRequestId());
        }
    }
}
