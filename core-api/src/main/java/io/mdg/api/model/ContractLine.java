package io.mdg.api.model;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A price on a contract: the item, the unit it is priced in (must exist in the item's packaging), the price and
 * currency (ISO 4217), the tier it applies to (null: the contract's tier) and its own effective period (null: the
 * contract's). Prices are kept without trailing zeros so that 12.50 and 12.5 are the same price.
 */
public record ContractLine(Ref item, String unit, BigDecimal price, String currency, String tier,
                           LocalDate effectiveFrom, LocalDate effectiveTo) {

    public ContractLine {
        if (price != null) {
            price = price.stripTrailingZeros();
            if (price.scale() < 0) {
                price = price.setScale(0);
            }
        }
    }

    public ContractLine withItem(Ref resolved) {
        return new ContractLine(resolved, unit, price, currency, tier, effectiveFrom, effectiveTo);
    }
}
