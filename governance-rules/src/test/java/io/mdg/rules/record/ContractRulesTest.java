package io.mdg.rules.record;

import static io.mdg.rules.record.Fixtures.DEC_31;
import static io.mdg.rules.record.Fixtures.JAN_1;
import static io.mdg.rules.record.Fixtures.codes;
import static io.mdg.rules.record.Fixtures.contract;
import static io.mdg.rules.record.Fixtures.line;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.mdg.api.LifecycleStatus;
import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.ContractLine;
import io.mdg.api.model.ItemClass;
import io.mdg.api.model.Ref;
import io.mdg.api.model.ScreeningStatus;

class ContractRulesTest {

    private final InMemoryLookup lookup = new InMemoryLookup()
            .with("sup-1", Fixtures.supplier())
            .with("item-1", Fixtures.item())
            .with("item-2", Fixtures.item());

    private List<String> record(ContractAttributes contract) {
        return codes(RecordRules.checkRecord("con-1", contract, true, lookup));
    }

    private static List<String> values(ContractLine... lines) {
        return codes(RecordRules.checkValues(contract("sup-1", Arrays.asList(lines))));
    }

    // --- values of a line

    @Test
    void a_valid_contract_has_no_violations() {
        ContractAttributes contract = contract("sup-1", List.of(line("item-1", "BX", "12.5"),
                line("item-1", "CS", "48"), line("item-2", "BX", "0.0125")));

        assertThat(RecordRules.checkValues(contract)).isEmpty();
        assertThat(record(contract)).isEmpty();
    }

    @Test
    void a_price_must_be_positive() {
        assertThat(values(line("item-1", "BX", "0"))).containsExactly("lines[0].price=PRICE_NOT_POSITIVE");
        assertThat(values(line("item-1", "BX", "-1.5"))).containsExactly("lines[0].price=PRICE_NOT_POSITIVE");
    }

    @Test
    void a_price_has_at_most_four_decimals() {
        assertThat(values(line("item-1", "BX", "1.2345"))).isEmpty();
        assertThat(values(line("item-1", "BX", "1.234500"))).isEmpty();
        assertThat(values(line("item-1", "BX", "1.23456"))).containsExactly("lines[0].price=PRICE_PRECISION");
    }

    @Test
    void a_currency_is_an_iso_code_of_three_letters() {
        var line = new ContractLine(Ref.to("item-1"), "BX", BigDecimal.TEN, "US$", null, null, null);
        var unknown = new ContractLine(Ref.to("item-1"), "BX", BigDecimal.TEN, "XYZ", null, null, null);
        assertThat(values(line)).containsExactly("lines[0].currency=CURRENCY_FORMAT");
        assertThat(values(unknown)).containsExactly("lines[0].currency=CURRENCY_FORMAT");
    }

    @Test
    void a_line_needs_item_unit_price_and_currency() {
        assertThat(values(new ContractLine(null, null, null, null, null, null, null)))
                .containsExactly("lines[0].item=REQUIRED", "lines[0].unit=REQUIRED", "lines[0].price=REQUIRED",
                        "lines[0].currency=REQUIRED");
        assertThat(values((ContractLine) null)).containsExactly("lines[0]=REQUIRED");
    }

    @Test
    void a_line_unit_is_from_the_controlled_list() {
        assertThat(values(line("item-1", "GROSS", "1"))).containsExactly("lines[0].unit=UNIT_UNKNOWN");
    }

    @Test
    void a_line_period_must_not_be_inverted() {
        assertThat(values(line("item-1", "BX", "1", null, LocalDate.of(2026, 6, 1), LocalDate.of(2026, 5, 31))))
                .containsExactly("lines[0].effectiveTo=EFFECTIVE_PERIOD_INVERTED");
    }

    // --- the resulting contract

    @Test
    void a_new_contract_needs_number_supplier_type_and_period() {
        var empty = new ContractAttributes(null, null, null, null, null, null, null);

        assertThat(record(empty)).containsExactly("contractNumber=REQUIRED", "supplier=REQUIRED",
                "contractType=REQUIRED", "effectiveFrom=REQUIRED", "effectiveTo=REQUIRED");
        assertThat(RecordRules.checkRecord("con-1", empty, false, lookup)).isEmpty();
    }

    @Test
    void the_contract_period_must_not_be_inverted() {
        var contract = new ContractAttributes("C-1", Ref.to("sup-1"), null, null, DEC_31, JAN_1, null);

        assertThat(codes(RecordRules.checkRecord("con-1", contract, false, lookup)))
                .containsExactly("effectiveTo=EFFECTIVE_PERIOD_INVERTED");
    }

    @Test
    void a_one_day_contract_is_accepted() {
        var contract = new ContractAttributes("C-1", Ref.to("sup-1"), null, null, JAN_1, JAN_1, null);

        assertThat(RecordRules.checkRecord("con-1", contract, false, lookup)).isEmpty();
    }

    @Test
    void the_supplier_must_exist_and_be_a_supplier() {
        assertThat(record(contract("sup-404", null))).containsExactly("supplier=REFERENCE_NOT_FOUND");
        assertThat(record(contract("item-1", null))).containsExactly("supplier=REFERENCE_WRONG_TYPE");
    }

    @Test
    void an_unresolved_supplier_reference_is_refused() {
        var contract = new ContractAttributes("C-1", Ref.bySource("ERP-77"), null, null, JAN_1, DEC_31, null);

        assertThat(codes(RecordRules.checkRecord("con-1", contract, false, lookup)))
                .containsExactly("supplier=REFERENCE_UNRESOLVED");
    }

    @Test
    void the_supplier_must_be_active() {
        lookup.with("sup-2", LifecycleStatus.SUSPENDED, Fixtures.supplier());
        lookup.with("sup-3", LifecycleStatus.RETIRED, Fixtures.supplier());

        assertThat(record(contract("sup-2", null))).containsExactly("supplier=SUPPLIER_NOT_ACTIVE");
        assertThat(record(contract("sup-3", null))).containsExactly("supplier=SUPPLIER_NOT_ACTIVE");
    }

    @Test
    void the_supplier_must_not_be_excluded() {
        lookup.with("sup-x", Fixtures.supplier("Shady Inc", ScreeningStatus.EXCLUDED));
        lookup.with("sup-n", Fixtures.supplier("New Inc", ScreeningStatus.NOT_SCREENED));

        assertThat(record(contract("sup-x", null))).containsExactly("supplier=SUPPLIER_EXCLUDED");
        assertThat(record(contract("sup-n", null))).isEmpty();
    }

    @Test
    void a_line_item_must_exist_be_an_item_and_not_be_retired() {
        lookup.with("item-old", LifecycleStatus.RETIRED, Fixtures.item());

        assertThat(record(contract("sup-1", List.of(line("item-404", "BX", "1"), line("sup-1", "BX", "1"),
                line("item-old", "BX", "1")))))
                .containsExactly("lines[0].item=REFERENCE_NOT_FOUND", "lines[1].item=REFERENCE_WRONG_TYPE",
                        "lines[2].item=REFERENCE_RETIRED");
    }

    @Test
    void the_line_unit_must_be_a_level_of_the_items_packaging() {
        lookup.with("item-np", Fixtures.withPackaging(null));

        assertThat(record(contract("sup-1", List.of(line("item-1", "PL", "1"), line("item-np", "EA", "1")))))
                .containsExactly("lines[0].unit=UNIT_NOT_IN_PACKAGING", "lines[1].unit=UNIT_NOT_IN_PACKAGING");
    }

    @Test
    void a_line_period_must_lie_inside_the_contracts() {
        ContractLine early = line("item-1", "BX", "1", null, JAN_1.minusDays(1), null);
        ContractLine late = line("item-1", "CS", "1", null, null, DEC_31.plusDays(1));
        ContractLine after = line("item-2", "BX", "1", null, DEC_31.plusDays(1), null);
        ContractLine inside = line("item-2", "CS", "1", null, JAN_1, DEC_31);

        assertThat(record(contract("sup-1", List.of(early, late, after, inside))))
                .containsExactly("lines[0].effectiveFrom=LINE_OUTSIDE_CONTRACT",
                        "lines[1].effectiveTo=LINE_OUTSIDE_CONTRACT", "lines[2].effectiveFrom=LINE_OUTSIDE_CONTRACT");
    }

    @Test
    void two_prices_for_the_same_item_tier_and_unit_in_overlapping_periods_are_refused() {
        ContractLine first = line("item-1", "BX", "10", null, JAN_1, LocalDate.of(2026, 6, 30));
        ContractLine second = line("item-1", "BX", "11", null, LocalDate.of(2026, 6, 30), DEC_31);

        assertThat(record(contract("sup-1", List.of(first, second)))).containsExactly("lines[1]=OVERLAPPING_PRICE");
    }

    @Test
    void a_line_without_period_or_tier_has_the_contracts() {
        ContractLine whole = line("item-1", "BX", "10");
        ContractLine secondHalf = line("item-1", "BX", "11", "TIER-1", LocalDate.of(2026, 7, 1), null);

        assertThat(record(contract("sup-1", List.of(whole, secondHalf)))).containsExactly("lines[1]=OVERLAPPING_PRICE");
    }

    @Test
    void consecutive_periods_other_tiers_and_other_units_do_not_overlap() {
        ContractLine firstHalf = line("item-1", "BX", "10", null, JAN_1, LocalDate.of(2026, 6, 30));
        ContractLine secondHalf = line("item-1", "BX", "11", null, LocalDate.of(2026, 7, 1), DEC_31);
        ContractLine otherTier = line("item-1", "BX", "9", "TIER-2", null, null);
        ContractLine otherUnit = line("item-1", "CS", "40");
        ContractLine otherItem = line("item-2", "BX", "10");

        assertThat(record(contract("sup-1", List.of(firstHalf, secondHalf, otherTier, otherUnit, otherItem))))
                .isEmpty();
    }

    @Test
    void contract_lines_of_a_null_line_are_reported_by_check_values_only() {
        assertThat(record(contract("sup-1", Arrays.asList(line("item-1", "BX", "1"), null)))).isEmpty();
    }

    @Test
    void items_of_class_other_than_med_surg_can_be_priced_too() {
        lookup.with("item-lab", Fixtures.item(ItemClass.LAB, Fixtures.EA_BX_CS));

        assertThat(record(contract("sup-1", List.of(line("item-lab", "EA", "0.5"))))).isEmpty();
    }
}
