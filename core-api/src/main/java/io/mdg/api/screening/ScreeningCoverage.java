package io.mdg.api.screening;

import java.time.Instant;

/**
 * The exclusion-screening quality indicator: the share of ACTIVE suppliers whose last screening was against a list
 * imported at most {@code freshDays} ago, red when below {@code minShare} (both from the rules file).
 *
 * @param computedAt         when
 * @param activeSuppliers    ACTIVE suppliers
 * @param screenedCurrent    of them, screened against a list imported within {@code freshDays}
 * @param ratio              {@code screenedCurrent / activeSuppliers} (1 when there are none)
 * @param freshDays          the rules file's {@code screening.freshDays}
 * @param minShare           the rules file's {@code screening.minScreenedShare}
 * @param red                {@code ratio < minShare}
 * @param lastListImportedAt when the newest list was imported (null: none yet)
 */
public record ScreeningCoverage(Instant computedAt, long activeSuppliers, long screenedCurrent, double ratio,
                                int freshDays, double minShare, boolean red, Instant lastListImportedAt) {
}
