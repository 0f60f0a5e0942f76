package io.mdg.rules.policy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.ContractLine;

/**
 * Contract changes that need approval although their attribute group is low risk: a price that moves by more than
 * the threshold (relative to the current price of the same item, tier and unit), and backdating (an effective-from
 * date, of the contract or of a new price, before today). Tier changes are high risk by their group in the rules file.
 */
public final class ContractChangeRisk {

    private ContractChangeRisk() {
    }

    /**
     * The attributes of the submitted contract that need approval, with the reason for each.
     *
     * @param threshold the relative price change above which approval is needed (e.g. 0.05 for 5 %)
     * @param today     the current date (null: backdating is not checked)
     */
    public static Map<String, String> assess(ContractAttributes current, ContractAttributes submitted,
                                             BigDecimal threshold, LocalDate today) {
        Map<String, String> reasons = new LinkedHashMap<>();
        if (today != null && submitted.effectiveFrom() != null
                && !Objects.equals(submitted.effectiveFrom(), current.effectiveFrom())
                && submitted.effectiveFrom().isBefore(today)) {
            reasons.put("effectiveFrom", "backdated to " + submitted.effectiveFrom());
        }
        if (submitted.lines() != null && !Objects.equals(submitted.lines(), current.lines())) {
            String lineReason = linesReason(current, submitted, threshold, today);
            if (lineReason != null) {
                reasons.put("lines", lineReason);
            }
        }
        return reasons;
    }

    private static String linesReason(ContractAttributes current, ContractAttributes submitted, BigDecimal threshold,
                                      LocalDate today) {
        Map<String, ContractLine> before = new LinkedHashMap<>();
        if (current.lines() != null) {
            for (ContractLine line : current.lines()) {
                before.put(key(line, current.tier()), line);
            }
        }
        for (ContractLine line : submitted.lines()) {
            ContractLine old = before.get(key(line, submitted.tier() != null ? submitted.tier() : current.tier()));
            if (old != null && old.price() != null && line.price() != null && old.price().signum() > 0
                    && line.price().compareTo(old.price()) != 0) {
                BigDecimal change = line.price().subtract(old.price()).abs().divide(old.price(), MathContext.DECIMAL64);
                if (change.compareTo(threshold) > 0) {
                    return "price of item " + refId(line) + " per " + line.unit() + " changes from " + old.price().toPlainString()
                            + " to " + line.price().toPlainString() + " (" + change.movePointRight(2).setScale(1,
                            java.math.RoundingMode.HALF_UP).toPlainString() + " %, above "
                            + threshold.movePointRight(2).stripTrailingZeros().toPlainString() + " %)";
                }
            }
            if (today != null && line.effectiveFrom() != null && line.effectiveFrom().isBefore(today)
                    && (old == null || !Objects.equals(old.effectiveFrom(), line.effectiveFrom()))) {
                return "price of item " + refId(line) + " per " + line.unit() + " backdated to " + line.effectiveFrom();
            }
        }
        return null;
    }

    private static String key(ContractLine line, String contractTier) {
        return refId(line) + "|" + (line.tier() != null ? line.tier() : contractTier) + "|" + line.unit();
    }

    private static String refId(ContractLine line) {
        return line.item() == null ? "?" : line.item().id() != null ? line.item().id() : line.item().sourceId();
    }
}
