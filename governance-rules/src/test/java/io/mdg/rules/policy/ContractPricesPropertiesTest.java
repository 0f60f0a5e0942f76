package io.mdg.rules.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.mdg.api.model.ApprovedPrice;
import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.ContractLine;
import io.mdg.api.model.ContractType;
import io.mdg.api.model.Ref;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Generated sequences of edits to a contract's lines (prices, units, currencies, removals, additions, periods),
 * approvals of what was held and approved changes of the items' packaging, played against {@link ContractPrices} as
 * the contract aggregate plays them: an edit is applied when the decision finds nothing, else held until approved;
 * an approval sets the baseline; a packaging change re-checks the lines and holds them when they moved. Whatever the
 * sequence, every price in force is within the threshold of an approved price of its item and currency, per base
 * unit, unless the last packaging change moved it and its re-check waits for approval.
 */
class ContractPricesPropertiesTest {

    private static final BigDecimal THRESHOLD = new BigDecimal("0.05");
    private static final LocalDate FROM = LocalDate.of(2026, 1, 1);
    private static final LocalDate TO = LocalDate.of(2028, 12, 31);
    private static final List<String> ITEMS = List.of("i-1", "i-2");
    private static final List<String> UNITS = List.of("EA", "BX", "CS");
    private static final List<LocalDate[]> PERIODS = List.of(new LocalDate[] {null, null},
            new LocalDate[] {FROM, LocalDate.of(2026, 12, 31)}, new LocalDate[] {LocalDate.of(2027, 1, 1),
                    LocalDate.of(2027, 12, 31)}, new LocalDate[] {LocalDate.of(2028, 1, 1), null});

    enum Kind { PRICE, UNIT, UNIT_SAME_NUMBER, CURRENCY, REMOVE, ADD, PERIOD, REPACK, APPROVE }

    /** One generated step; each kind reads the parameters it needs. */
    record Edit(Kind kind, int index, String item, String unit, String currency, int permille, int period,
                int perBox) {
    }

    @Property(tries = 500)
    void no_sequence_of_edits_moves_a_price_beyond_the_threshold_without_an_approval(
            @ForAll("initialLines") List<ContractLine> initial, @ForAll("edits") List<Edit> edits) {
        Map<String, Integer> perBox = new HashMap<>(Map.of("i-1", 10, "i-2", 12));
        List<ContractLine> current = initial;
        List<ApprovedPrice> baseline = ContractPrices.baseline(current, ContractPricesTest.items(perBox));
        List<ContractLine> held = null;
        boolean movedByPackaging = false;

        for (Edit edit : edits) {
            if (edit.kind() == Kind.APPROVE) {
                if (held != null) {
                    current = held;
                    baseline = ContractPrices.baseline(held, ContractPricesTest.items(perBox));
                    held = null;
                    movedByPackaging = false;
                    Statistics.label("step").collect("approved");
                }
            } else if (edit.kind() == Kind.REPACK) {
                perBox.put(edit.item(), edit.perBox());
                if (ContractPrices.assess(baseline, contract(current), ContractPricesTest.items(perBox),
                        THRESHOLD) != null) {
                    held = current;
                    movedByPackaging = true;
                    Statistics.label("step").collect("re-check held");
                }
            } else {
                List<ContractLine> proposed = apply(edit, current);
                if (!proposed.equals(current)) {
                    if (ContractPrices.assess(baseline, contract(proposed), ContractPricesTest.items(perBox),
                            THRESHOLD) == null) {
                        assertThat(within(baseline, proposed, perBox)).as("applied %s", proposed).isTrue();
                        current = proposed;
                        Statistics.label("step").collect("applied");
                    } else {
                        held = proposed;
                        Statistics.label("step").collect("held");
                    }
                }
            }
            assertThat(movedByPackaging || within(baseline, current, perBox))
                    .as("in force %s against %s", current, baseline).isTrue();
        }
    }

    /**
     * The oracle, independent of how {@link ContractPrices} picks the prices to compare with: every line's price
     * per base unit is within the threshold of some approved price of its item in its currency.
     */
    private static boolean within(List<ApprovedPrice> baseline, List<ContractLine> lines, Map<String, Integer> perBox) {
        for (ContractLine line : lines) {
            long factor = switch (line.unit()) {
                case "EA" -> 1;
                case "BX" -> perBox.get(line.item().id());
                default -> 4L * perBox.get(line.item().id());
            };
            boolean near = baseline.stream().anyMatch(approved -> approved.item().equals(line.item().id())
                    && approved.currency().equals(line.currency())
                    && line.price().multiply(BigDecimal.valueOf(approved.unitsPerPrice()))
                    .subtract(approved.price().multiply(BigDecimal.valueOf(factor))).abs()
                    .compareTo(THRESHOLD.multiply(approved.price()).multiply(BigDecimal.valueOf(factor))) <= 0);
            if (!near) {
                return false;
            }
        }
        return true;
    }

    private static List<ContractLine> apply(Edit edit, List<ContractLine> lines) {
        List<ContractLine> next = new ArrayList<>(lines);
        if (edit.kind() == Kind.ADD) {
            LocalDate[] period = PERIODS.get(edit.period());
            next.add(new ContractLine(Ref.to(edit.item()), edit.unit(), price(edit.permille()), edit.currency(), null,
                    period[0], period[1]));
            return next;
        }
        if (next.isEmpty()) {
            return next;
        }
        int at = edit.index() % next.size();
        ContractLine l = next.get(at);
        switch (edit.kind()) {
            case PRICE -> next.set(at, new ContractLine(l.item(), l.unit(), step(l.price(), edit.permille()),
                    l.currency(), l.tier(), l.effectiveFrom(), l.effectiveTo()));
            case UNIT -> next.set(at, new ContractLine(l.item(), edit.unit(), step(l.price(), edit.permille()),
                    l.currency(), l.tier(), l.effectiveFrom(), l.effectiveTo()));
            case UNIT_SAME_NUMBER -> next.set(at, new ContractLine(l.item(), edit.unit(), l.price(), l.currency(),
                    l.tier(), l.effectiveFrom(), l.effectiveTo()));
            case CURRENCY -> next.set(at, new ContractLine(l.item(), l.unit(), l.price(), edit.currency(), l.tier(),
                    l.effectiveFrom(), l.effectiveTo()));
            case REMOVE -> next.remove(at);
            case PERIOD -> {
                LocalDate[] period = PERIODS.get(edit.period());
                next.set(at, new ContractLine(l.item(), l.unit(), step(l.price(), edit.permille()), l.currency(),
                        l.tier(), period[0], period[1]));
            }
            default -> throw new IllegalStateException(edit.kind().name());
        }
        return next;
    }

    /** The price moved by {@code permille} (e.g. 49: +4.9 %), kept to 4 decimals as the record rules ask. */
    private static BigDecimal step(BigDecimal price, int permille) {
        return price.multiply(BigDecimal.valueOf(1000 + permille)).divide(BigDecimal.valueOf(1000), 4,
                RoundingMode.HALF_UP).max(new BigDecimal("0.0001"));
    }

    private static BigDecimal price(int permille) {
        return step(new BigDecimal("100"), permille);
    }

    private static ContractAttributes contract(List<ContractLine> lines) {
        return new ContractAttributes("C-1", Ref.to("s-1"), ContractType.GPO, "T1", FROM, TO, lines);
    }

    @Provide
    Arbitrary<List<ContractLine>> initialLines() {
        Arbitrary<ContractLine> line = Combinators.combine(Arbitraries.of(ITEMS), Arbitraries.of(UNITS),
                Arbitraries.integers().between(-500, 500), Arbitraries.integers().between(0, PERIODS.size() - 1))
                .as((item, unit, permille, period) -> new ContractLine(Ref.to(item), unit, price(permille), "USD",
                        null, PERIODS.get(period)[0], PERIODS.get(period)[1]));
        return line.list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<List<Edit>> edits() {
        Arbitrary<Kind> kinds = Arbitraries.frequency(
                Tuple.of(6, Kind.PRICE), Tuple.of(2, Kind.UNIT),
                Tuple.of(1, Kind.UNIT_SAME_NUMBER), Tuple.of(1, Kind.CURRENCY),
                Tuple.of(1, Kind.REMOVE), Tuple.of(2, Kind.ADD),
                Tuple.of(1, Kind.PERIOD), Tuple.of(1, Kind.REPACK),
                Tuple.of(1, Kind.APPROVE));
        Arbitrary<Edit> edit = Combinators.combine(kinds, Arbitraries.integers().between(0, 5),
                Arbitraries.of(ITEMS), Arbitraries.of(UNITS), Arbitraries.of("USD", "USD", "USD", "EUR"),
                Arbitraries.integers().between(-120, 120), Arbitraries.integers().between(0, PERIODS.size() - 1),
                Arbitraries.of(6, 10, 11, 12, 24))
                .as(Edit::new);
        return edit.list().ofMinSize(1).ofMaxSize(25);
    }
}
