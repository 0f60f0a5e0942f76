package io.mdg.api.record;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;

/**
 * Conditions on suppliers (see {@link RecordFilter}). Identifiers match as the command side stores them, after the
 * same normalisation (e.g. a tax id of 9 digits without its dash, a D-U-N-S number with dashes).
 *
 * @param status the lifecycle status
 * @param text   a part of the legal name or of a trading name, case-insensitive
 * @param taxId  the US employer identification number
 * @param duns   the D-U-N-S number
 * @param gln    the party's GS1 global location number
 */
public record SupplierFilter(LifecycleStatus status, String text, String taxId, String duns, String gln)
        implements RecordFilter {

    @Override
    public EntityType type() {
        return EntityType.SUPPLIER;
    }

    @Override
    public SupplierFilter withStatus(LifecycleStatus status) {
        return new SupplierFilter(status, text, taxId, duns, gln);
    }
}
