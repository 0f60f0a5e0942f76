package io.mdg.rules.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.mdg.api.LifecycleStatus;
import io.mdg.api.model.ApprovedPrice;
import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.ContractLine;
import io.mdg.api.model.ContractType;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.ItemClass;
import io.mdg.api.model.PackagingLevel;
import io.mdg.api.model.Ref;
import io.mdg.rules.record.RecordFacts;
import io.mdg.rules.record.ReferenceLookup;

class ContractPricesTest {

    private static final BigDecimal FIVE_PERCENT = new BigDecimal("0.05");
    private static final LocalDate FROM = LocalDate.of(2026, 1, 1);
    private static final LocalDate TO = LocalDate.of(2028, 12, 31);
    private static final ReferenceLookup ITEMS = items(Map.of("i-1", 10, "i-2", 12));

    /** Items by id, each packaged EA; BX of {@code perBox} EA; CS of 4 BX. */
    static ReferenceLookup items(Map<String, Integer> perBox) {
        return new ReferenceLookup() {
            @Override
            public Optional<RecordFacts> find(String id) {
                Integer box = perBox.get(id);
                return box == null ? Optional.empty() : Optional.of(new RecordFacts(id, io.mdg.api.EntityType.ITEM,
                        LifecycleStatus.ACTIVE, new ItemAttributes("item " + id, null, null, null, null, null, null,
                        ItemClass.MED_SURG, packaging(box), null, null, null, null)));
            }

            @Override
            public List<RecordFacts> referencing(String id) {
                return List.of();
            }
        };
    }

    static List<PackagingLevel> packaging(int perBox) {
        return List.of(new PackagingLevel("EA", null, null, null), new PackagingLevel("BX", perBox, "EA", null),
                new PackagingLevel("CS", 4, "BX", null));
    }

    static ContractLine line(String item, String unit, String price) {
        return new ContractLine(Ref.to(item), unit, new BigDecimal(price), "USD", null, null, null);
    }

    private static ContractAttributes contract(ContractLine... lines) {
        return new ContractAttributes("C-1", Ref.to("s-1"), ContractType.GPO, "T1", FROM, TO, List.of(lines));
    }

    private static String assess(List<ApprovedPrice> baseline, ContractLine... lines) {
        return ContractPrices.assess(baseline, contract(lines), ITEMS, FIVE_PERCENT);
    }

    private static List<ApprovedPrice> baseline(ContractLine... lines) {
        return ContractPrices.baseline(List.of(lines), ITEMS);
    }

    @Test
    void the_baseline_records_each_lines_conversion_factor_to_the_base_unit() {
        assertThat(baseline(line("i-1", "BX", "100"), line("i-2", "CS", "480")))
                .extracting(ApprovedPrice::unitsPerPrice).containsExactly(10L, 48L);
        assertThat(baseline(line("i-1", "BX", "100")).get(0).perBaseUnit()).isEqualByComparingTo("10");
        assertThat(baseline(line("i-1", "PL", "100"), line("unknown", "EA", "1"))).isEmpty();
    }

    @Test
    void a_price_is_judged_against_the_approved_price_not_the_line_it_replaces() {
        List<ApprovedPrice> approved = baseline(line("i-1", "EA", "100"));
        assertThat(assess(approved, line("i-1", "EA", "104.9"))).isNull();
        // the second +4.9 % step is +10 % from what was approved
        assertThat(assess(approved, line("i-1", "EA", "110.04"))).contains("+10.0 %", "beyond 5 %");
        assertThat(assess(approved, line("i-1", "EA", "94.9"))).contains("-5.1 %");
    }

    @Test
    void a_switch_of_unit_is_compared_per_base_unit() {
        List<ApprovedPrice> approved = baseline(line("i-1", "EA", "100"));
        assertThat(assess(approved, line("i-1", "BX", "100"))).contains("per EA", "-90.0 %");
        assertThat(assess(approved, line("i-1", "BX", "1000"))).isNull();
        assertThat(assess(approved, line("i-1", "CS", "4100"))).isNull();
        assertThat(assess(approved, line("i-1", "CS", "4300"))).contains("+7.5 %");
    }

    @Test
    void a_new_item_or_a_new_currency_has_no_approved_price_and_needs_approval() {
        List<ApprovedPrice> approved = baseline(line("i-1", "EA", "100"));
        assertThat(assess(approved, line("i-1", "EA", "100"), line("i-2", "EA", "5"))).contains("no approved price");
        ContractLine euros = new ContractLine(Ref.to("i-1"), "EA", new BigDecimal("100"), "EUR", null, null, null);
        assertThat(assess(approved, euros)).contains("no approved price in EUR");
    }

    @Test
    void removing_a_line_and_adding_it_again_keeps_the_baseline() {
        List<ApprovedPrice> approved = baseline(line("i-1", "EA", "100"), line("i-2", "EA", "7"));
        assertThat(assess(approved, line("i-2", "EA", "7"))).isNull();
        assertThat(assess(approved, line("i-2", "EA", "7"), line("i-1", "EA", "120"))).contains("+20.0 %");
    }

    @Test
    void a_future_period_is_compared_with_the_price_in_force_before_it() {
        List<ApprovedPrice> approved = baseline(line("i-1", "EA", "100"));
        ContractLine now = new ContractLine(Ref.to("i-1"), "EA", new BigDecimal("100"), "USD", null, FROM,
                LocalDate.of(2026, 12, 31));
        ContractLine next = new ContractLine(Ref.to("i-1"), "EA", new BigDecimal("130"), "USD", null,
                LocalDate.of(2027, 1, 1), LocalDate.of(2027, 12, 31));
        assertThat(assess(approved, now, next)).contains("+30.0 %");
        List<ApprovedPrice> twoYears = ContractPrices.baseline(List.of(now, next), ITEMS);
        // once approved, each year keeps its own price (2026 cannot take 2027's); 2028, not priced yet, is
        // compared with the price in force before it
        assertThat(ContractPrices.assess(twoYears, contract(now, next), ITEMS, FIVE_PERCENT)).isNull();
        ContractLine raised = new ContractLine(Ref.to("i-1"), "EA", new BigDecimal("130"), "USD", null, FROM,
                LocalDate.of(2026, 12, 31));
        assertThat(ContractPrices.assess(twoYears, contract(raised, next), ITEMS, FIVE_PERCENT)).contains("+30.0 %");
        ContractLine beyond = new ContractLine(Ref.to("i-1"), "EA", new BigDecimal("131"), "USD", null,
                LocalDate.of(2028, 1, 1), null);
        assertThat(ContractPrices.assess(twoYears, contract(now, next, beyond), ITEMS, FIVE_PERCENT)).isNull();
    }

    @Test
    void a_changed_packaging_moves_the_price_per_base_unit() {
        List<ApprovedPrice> approved = baseline(line("i-1", "BX", "100"));
        ReferenceLookup repacked = items(Map.of("i-1", 12));
        String reason = ContractPrices.assess(approved, contract(line("i-1", "BX", "100")), repacked, FIVE_PERCENT);
        assertThat(reason).contains("per EA moves from the approved 10 to 8.3333", "-16.7 %");
        assertThat(ContractPrices.assess(approved, contract(line("i-1", "BX", "100")), items(Map.of("i-1", 10)),
                FIVE_PERCENT)).isNull();
    }

    @Test
    void each_tier_keeps_its_own_price() {
        ContractLine tier1 = new ContractLine(Ref.to("i-1"), "EA", new BigDecimal("100"), "USD", "T1", null, null);
        ContractLine tier2 = new ContractLine(Ref.to("i-1"), "EA", new BigDecimal("90"), "USD", "T2", null, null);
        List<ApprovedPrice> approved = baseline(tier1, tier2);
        ContractLine tier2Up = new ContractLine(Ref.to("i-1"), "EA", new BigDecimal("100"), "USD", "T2", null, null);
        assertThat(assess(approved, tier1, tier2Up)).contains("+11.1 %");
        assertThat(assess(approved, tier1, tier2)).isNull();
    }
}
