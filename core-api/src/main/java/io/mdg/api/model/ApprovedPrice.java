package io.mdg.api.model;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;

/**
 * One price of a contract's baseline: a line as it was approved (or as the contract was created with it), with the
 * conversion factor of its unit to the item's base unit at that moment. Later price changes of the item under the
 * contract are judged against it per base unit ({@code price / unitsPerPrice}), so that a change of the item's
 * packaging afterwards shows as a move of the price.
 *
 * @param item          the item's golden id
 * @param tier          the line's own tier (null: the contract's)
 * @param unit          the unit the price was quoted in
 * @param price         the price per {@code unit}
 * @param currency      ISO 4217
 * @param unitsPerPrice how many base units one {@code unit} held when the price was approved
 * @param effectiveFrom the line's own period (null: the contract's)
 * @param effectiveTo   the line's own period (null: the contract's)
 */
public record ApprovedPrice(String item, String tier, String unit, BigDecimal price, String currency,
                            long unitsPerPrice, LocalDate effectiveFrom, LocalDate effectiveTo) {

    /** The price per base unit (16 significant digits; comparisons use price and factor exactly). */
    public BigDecimal perBaseUnit() {
        return price.divide(BigDecimal.valueOf(unitsPerPrice), MathContext.DECIMAL64);
    }
}
