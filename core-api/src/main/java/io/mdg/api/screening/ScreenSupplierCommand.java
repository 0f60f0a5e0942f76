package io.mdg.api.screening;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

import io.mdg.api.Actor;

/**
 * Internal: records the screening of one supplier against an imported list; each hit opens a HIGH-risk suspension
 * request for the supplier stewards unless one for the same entry is still pending.
 */
public record ScreenSupplierCommand(String supplierId, String listId, ExclusionListFormat format, LocalDate listDate,
                                    List<ScreeningHit> hits, Actor actor) {

    public ScreenSupplierCommand {
        Objects.requireNonNull(supplierId, "supplierId");
        Objects.requireNonNull(listId, "listId");
        Objects.requireNonNull(actor, "actor");
        hits = hits == null ? List.of() : List.copyOf(hits);
    }

    /** The id of the supplier's screening aggregate. */
    public String screeningId() {
        return SupplierScreenedEvent.screeningId(supplierId);
    }
}
