package io.mdg.api.screening;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A supplier's last screening.
 *
 * @param supplierId     the supplier
 * @param lastScreenedAt when
 * @param listId         against which list
 * @param format         its layout
 * @param listDate       its publication date
 * @param result         CLEAR or HIT
 * @param hits           how many entries matched
 */
public record SupplierScreeningView(String supplierId, Instant lastScreenedAt, String listId,
                                    ExclusionListFormat format, LocalDate listDate, ScreeningResult result, int hits) {
}
