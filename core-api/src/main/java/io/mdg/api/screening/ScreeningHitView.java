package io.mdg.api.screening;

import java.time.Instant;
import java.time.LocalDate;

/** A hit of a screening, with the suspension request it went to. */
public record ScreeningHitView(String supplierId, String listId, ExclusionListFormat format, LocalDate listDate,
                               Instant screenedAt, ScreeningHit hit, String changeRequestId, boolean requestOpened) {
}
