package io.mdg.rules.policy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import io.mdg.api.model.ApprovedPrice;
import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.ContractLine;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.PackagingLevel;
import io.mdg.rules.record.ReferenceLookup;
import io.mdg.rules.record.Units;

/**
 * The contract price threshold, as a pure decision. A contract keeps a <em>baseline</em>: its lines as they were
 * approved, or as the contract was created with them, each with the conversion factor of its unit to the item's base
 * unit at that moment ({@link #baseline}). Only an approval of the lines, or the contract's creation, sets it.
 *
 * <p>Whenever the lines are to change (and when an item's packaging changed), every line of the resulting contract is
 * judged against the baseline per base unit ({@link #assess}), never against the line it replaces: so no sequence of
 * small steps, unit switches, removals and re-additions or new periods walks a price away from what was approved.
 * For a line, the comparable approved prices are those of the same item in the same currency (none: a new item or a
 * new currency on the contract, which needs approval); of these, those whose period overlaps the line's (else the
 * nearest before it, else the nearest after it), then those of the same tier and then of the same unit where there
 * are any. The line's price per base unit must be within the threshold of every one of them.
 */
public final class ContractPrices {

    private ContractPrices() {
    }

    /**
     * The baseline these lines set: each line with the conversion factor of its unit in its item's packaging now.
     * Lines that cannot be converted (no item id, a unit that is not a level of the item's packaging: the record
     * rules refuse them) are left out, so a later price for them needs approval.
     */
    public static List<ApprovedPrice> baseline(List<ContractLine> lines, ReferenceLookup items) {
        List<ApprovedPrice> baseline = new ArrayList<>();
        if (lines != null) {
            for (ContractLine line : lines) {
                Long factor = line == null || line.price() == null ? null : factor(line, items);
                if (factor != null && factor > 0) {
                    baseline.add(new ApprovedPrice(line.item().id(), line.tier(), line.unit(), line.price(),
                            line.currency(), factor, line.effectiveFrom(), line.effectiveTo()));
                }
            }
        }
        return List.copyOf(baseline);
    }

    /**
     * Why the prices of {@code contract} need approval against {@code baseline}, or null when every line is within
     * {@code threshold} (a fraction, e.g. 0.05) of the approved prices it is compared with. Lines without item id,
     * unit or price are the record rules' business and are skipped here.
     */
    public static String assess(List<ApprovedPrice> baseline, ContractAttributes contract, ReferenceLookup items,
                                BigDecimal threshold) {
        if (contract.lines() == null) {
            return null;
        }
        for (ContractLine line : contract.lines()) {
            if (line == null || line.item() == null || line.item().id() == null || line.unit() == null
                    || line.price() == null) {
                continue;
            }
            String reason = assess(baseline, contract, line, items, threshold);
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    private static String assess(List<ApprovedPrice> baseline, ContractAttributes contract, ContractLine line,
                                 ReferenceLookup items, BigDecimal threshold) {
        String item = line.item().id();
        String quoted = line.price().toPlainString() + " " + line.currency() + " per " + line.unit();
        Long factor = factor(line, items);
        if (factor == null || factor <= 0) {
            return "price of item " + item + " (" + quoted + ") cannot be compared per base unit: " + line.unit()
                    + " is not a level of the item's packaging";
        }
        List<ApprovedPrice> candidates = baseline.stream()
                .filter(p -> item.equals(p.item()) && Objects.equals(p.currency(), line.currency())).toList();
        if (candidates.isEmpty()) {
            return "price of item " + item + " (" + quoted + ") has no approved price in " + line.currency()
                    + " on this contract to be compared with";
        }
        candidates = samePeriod(candidates, contract, line);
        candidates = preferring(candidates, p -> Objects.equals(p.tier(), line.tier()));
        candidates = preferring(candidates, p -> Objects.equals(p.unit(), line.unit()));
        String base = baseUnit(item, items);
        for (ApprovedPrice approved : candidates) {
            // |price / factor - approved.price / approved.factor| > threshold * approved.price / approved.factor,
            // multiplied out so that it is exact
            BigDecimal now = line.price().multiply(BigDecimal.valueOf(approved.unitsPerPrice()));
            BigDecimal then = approved.price().multiply(BigDecimal.valueOf(factor));
            if (now.subtract(then).abs().compareTo(threshold.multiply(then)) > 0) {
                BigDecimal change = now.subtract(then).divide(then, MathContext.DECIMAL64);
                return "price of item " + item + " per " + base + " moves from the approved "
                        + perBase(approved.price(), approved.unitsPerPrice()) + " to "
                        + perBase(line.price(), factor) + " " + line.currency() + " (" + quoted + "; "
                        + (change.signum() > 0 ? "+" : "") + change.movePointRight(2).setScale(1, RoundingMode.HALF_UP)
                        .toPlainString() + " %, beyond " + threshold.movePointRight(2).stripTrailingZeros()
                        .toPlainString() + " %)";
            }
        }
        return null;
    }

    /** The approved prices in force in the line's period, else the nearest before it, else the nearest after. */
    private static List<ApprovedPrice> samePeriod(List<ApprovedPrice> candidates, ContractAttributes contract,
                                                  ContractLine line) {
        LocalDate from = from(line.effectiveFrom(), contract);
        LocalDate to = to(line.effectiveTo(), contract);
        List<ApprovedPrice> overlapping = candidates.stream().filter(p -> !from(p.effectiveFrom(), contract)
                .isAfter(to) && !to(p.effectiveTo(), contract).isBefore(from)).toList();
        if (!overlapping.isEmpty()) {
            return overlapping;
        }
        List<ApprovedPrice> before = candidates.stream().filter(p -> to(p.effectiveTo(), contract).isBefore(from))
                .toList();
        if (!before.isEmpty()) {
            LocalDate last = before.stream().map(p -> to(p.effectiveTo(), contract)).max(Comparator.naturalOrder())
                    .orElseThrow();
            return before.stream().filter(p -> to(p.effectiveTo(), contract).equals(last)).toList();
        }
        LocalDate first = candidates.stream().map(p -> from(p.effectiveFrom(), contract))
                .min(Comparator.naturalOrder()).orElseThrow();
        return candidates.stream().filter(p -> from(p.effectiveFrom(), contract).equals(first)).toList();
    }

    private static List<ApprovedPrice> preferring(List<ApprovedPrice> candidates, Predicate<ApprovedPrice> match) {
        List<ApprovedPrice> matching = candidates.stream().filter(match).toList();
        return matching.isEmpty() ? candidates : matching;
    }

    private static LocalDate from(LocalDate own, ContractAttributes contract) {
        return own != null ? own : contract.effectiveFrom() != null ? contract.effectiveFrom() : LocalDate.MIN;
    }

    private static LocalDate to(LocalDate own, ContractAttributes contract) {
        return own != null ? own : contract.effectiveTo() != null ? contract.effectiveTo() : LocalDate.MAX;
    }

    private static Long factor(ContractLine line, ReferenceLookup items) {
        if (line.item() == null || line.item().id() == null) {
            return null;
        }
        return Units.conversionFactor(line.unit(), packaging(line.item().id(), items));
    }

    private static List<PackagingLevel> packaging(String item, ReferenceLookup items) {
        return items.find(item).map(facts -> facts.attributes() instanceof ItemAttributes i ? i.packaging() : null)
                .orElse(null);
    }

    private static String baseUnit(String item, ReferenceLookup items) {
        String base = Units.baseUnit(packaging(item, items));
        return base == null ? "base unit" : base;
    }

    private static String perBase(BigDecimal price, long factor) {
        return price.divide(BigDecimal.valueOf(factor), 4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
