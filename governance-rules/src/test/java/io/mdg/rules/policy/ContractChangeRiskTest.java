package io.mdg.rules.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.mdg.api.model.ApprovedPrice;
import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.ContractLine;
import io.mdg.api.model.ContractType;
import io.mdg.api.model.Ref;
import io.mdg.rules.file.RulesFile;
import io.mdg.rules.record.ReferenceLookup;

class ContractChangeRiskTest {

    private static final BigDecimal FIVE_PERCENT = new BigDecimal("0.05");
    private static final LocalDate TODAY = LocalDate.of(2026, 6, 1);

    private static ContractAttributes contract(LocalDate from, String price, LocalDate lineFrom) {
        return new ContractAttributes("C-1", Ref.to("s-1"), ContractType.GPO, "T1", from, LocalDate.of(2027, 12, 31),
                List.of(new ContractLine(Ref.to("i-1"), "BX", new BigDecimal(price), "USD", null, lineFrom, null)));
    }

    private static final ContractAttributes CURRENT = contract(LocalDate.of(2026, 1, 1), "100.00", null);
    private static final ReferenceLookup ITEMS = ContractPricesTest.items(Map.of("i-1", 10));
    private static final List<ApprovedPrice> BASELINE = ContractPrices.baseline(CURRENT.lines(), ITEMS);

    private static Map<String, String> assess(ContractAttributes submitted) {
        return ContractChangeRisk.assess(CURRENT, submitted, BASELINE, ITEMS, FIVE_PERCENT, TODAY);
    }

    @Test
    void a_price_change_within_the_threshold_needs_no_approval() {
        assertThat(assess(contract(null, "104.99", null))).isEmpty();
    }

    @Test
    void a_price_change_above_the_threshold_needs_approval_either_way() {
        assertThat(assess(contract(null, "105.01", null)))
                .containsOnlyKeys("lines").extractingByKey("lines").asString().contains("+5.0 %");
        assertThat(assess(contract(null, "80", null)))
                .containsOnlyKeys("lines");
    }

    @Test
    void backdating_the_contract_or_a_price_needs_approval_but_a_future_date_does_not() {
        assertThat(assess(contract(LocalDate.of(2025, 12, 1), "100", null)))
                .containsOnlyKeys("effectiveFrom");
        assertThat(assess(contract(LocalDate.of(2026, 7, 1), "100", null)))
                .isEmpty();
        assertThat(assess(contract(null, "100", LocalDate.of(2026, 2, 1))))
                .containsOnlyKeys("lines").extractingByKey("lines").asString().contains("backdated");
        assertThat(assess(contract(null, "100", LocalDate.of(2026, 9, 1))))
                .isEmpty();
    }

    @Test
    void the_default_rules_file_sets_a_five_percent_threshold() {
        assertThat(RulesFile.loadDefault().policy().contractPriceChangeThreshold()).isEqualByComparingTo("0.05");
    }
}
