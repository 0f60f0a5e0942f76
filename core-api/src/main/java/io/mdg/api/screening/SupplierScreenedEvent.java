package io.mdg.api.screening;

import java.time.LocalDate;
import java.util.List;

import io.mdg.api.Actor;

/**
 * A supplier was screened against an exclusion list (the event's time is the screening date). CLEAR records the
 * screening only; a HIT names its hits (with their reasons) and the suspension request of each. A supplier is never
 * cleared automatically: a steward rejecting the request is the clearance.
 */
public record SupplierScreenedEvent(String screeningId, String supplierId, String listId, ExclusionListFormat format,
                                    LocalDate listDate, ScreeningResult result, List<ScreeningHit> hits,
                                    List<ScreeningRequest> requests, Actor actor) {

    public SupplierScreenedEvent {
        hits = hits == null ? List.of() : List.copyOf(hits);
        requests = requests == null ? List.of() : List.copyOf(requests);
    }

    /** The aggregate id of a supplier's screenings (apart from the golden record's own id). */
    public static String screeningId(String supplierId) {
        return "screening-" + supplierId;
    }
}
