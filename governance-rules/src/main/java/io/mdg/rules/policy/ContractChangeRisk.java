package io.mdg.rules.policy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.mdg.api.model.ApprovedPrice;
import io.mdg.api.model.Attributes;
import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.ContractLine;
import io.mdg.rules.record.ReferenceLookup;

/**
 * Contract changes that need approval although their attribute group is low risk: prices that move beyond the
 * threshold from the contract's approved baseline ({@link ContractPrices}: any line, compared per base unit, whatever
 * the sequence of edits that led there), and backdating (an effective-from date, of the contract or of a new price,
 * before today). Tier changes are high risk by their group in the rules file.
 */
public final class ContractChangeRisk {

    private ContractChangeRisk() {
    }

    /**
     * The attributes of the submitted contract that need approval, with the reason for each.
     *
     * @param baseline  the contract's approved prices ({@link ContractPrices#baseline})
     * @param items     where the items' packaging is read, to compare prices per base unit
     * @param threshold the relative price change above which approval is needed (e.g. 0.05 for 5 %)
     * @param today     the current date (null: backdating is not checked)
     */
    public static Map<String, String> assess(ContractAttributes current, ContractAttributes submitted,
                                             List<ApprovedPrice> baseline, ReferenceLookup items,
                                             BigDecimal threshold, LocalDate today) {
        Map<String, String> reasons = new LinkedHashMap<>();
        if (today != null && submitted.effectiveFrom() != null
                && !Objects.equals(submitted.effectiveFrom(), current.effectiveFrom())
                && submitted.effectiveFrom().isBefore(today)) {
            reasons.put("effectiveFrom", "backdated to " + submitted.effectiveFrom());
        }
        if (submitted.lines() != null && !Objects.equals(submitted.lines(), current.lines())) {
            ContractAttributes resulting = Attributes.merge(current, submitted);
            String lineReason = ContractPrices.assess(baseline, resulting, items, threshold);
            if (lineReason == null) {
                lineReason = backdatedLine(current, submitted, today);
            }
            if (lineReason != null) {
                reasons.put("lines", lineReason);
            }
        }
        return reasons;
    }

    private static String backdatedLine(ContractAttributes current, ContractAttributes submitted, LocalDate today) {
        if (today == null) {
            return null;
        }
        Map<String, ContractLine> before = new LinkedHashMap<>();
        if (current.lines() != null) {
            for (ContractLine line : current.lines()) {
                if (line != null) {
                    before.put(key(line, current.tier()), line);
                }
            }
        }
        for (ContractLine line : submitted.lines()) {
            if (line == null) {
                continue;
            }
            ContractLine old = before.get(key(line, submitted.tier() != null ? submitted.tier() : current.tier()));
            if (line.effectiveFrom() != null && line.effectiveFrom().isBefore(today)
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
