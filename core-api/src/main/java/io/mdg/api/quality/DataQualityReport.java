package io.mdg.api.quality;

import java.time.Instant;
import java.util.List;

/**
 * How good the golden records are, computed at {@code computedAt} from the read models.
 *
 * @param computedAt          when the figures were computed (they may be up to the cache time old)
 * @param itemCompleteness    required attributes present, per item class
 * @param supplierDuplication suppliers that look like duplicates of another
 * @param locationMapping     source locations that map to a usable golden location
 * @param identifierValidity  golden identifiers that pass their checks, per kind
 * @param pendingApprovals    change requests awaiting a decision, by age and domain
 */
public record DataQualityReport(Instant computedAt, ItemCompleteness itemCompleteness,
                                SupplierDuplication supplierDuplication, LocationMapping locationMapping,
                                List<IdentifierValidity> identifierValidity, PendingApprovals pendingApprovals) {

    /** {@code part / whole}, 1.0 when there is nothing to measure (nothing is missing from nothing). */
    public static double ratio(long part, long whole) {
        return whole == 0 ? 1.0 : (double) part / whole;
    }
}
