package io.mdg.rules.record;

import static io.mdg.rules.record.Fixtures.codes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.mdg.api.model.PackagingLevel;

class PackagingTest {

    private static List<String> check(PackagingLevel... levels) {
        return codes(RecordRules.checkValues(Fixtures.withPackaging(Arrays.asList(levels))));
    }

    private static PackagingLevel base(String unit) {
        return new PackagingLevel(unit, null, null, null);
    }

    private static PackagingLevel level(String unit, Integer quantity, String contains) {
        return new PackagingLevel(unit, quantity, contains, null);
    }

    @Test
    void each_box_case_with_valid_gtins_is_accepted() {
        assertThat(RecordRules.checkValues(Fixtures.withPackaging(Fixtures.EA_BX_CS))).isEmpty();
    }

    @Test
    void a_branching_hierarchy_is_accepted() {
        assertThat(check(base("EA"), level("BX", 10, "EA"), level("PK", 5, "EA"))).isEmpty();
    }

    @Test
    void a_unit_not_on_the_controlled_list_is_refused() {
        assertThat(check(base("EA"), level("CRATE", 10, "EA"))).containsExactly("packaging[1].unit=UNIT_UNKNOWN");
    }

    @Test
    void a_level_without_unit_is_refused() {
        assertThat(check(base("EA"), level(null, 10, "EA"))).containsExactly("packaging[1].unit=REQUIRED");
        assertThat(check(base("EA"), null)).containsExactly("packaging[1]=REQUIRED");
    }

    @Test
    void exactly_one_base_level_is_required() {
        assertThat(check(base("EA"), base("BX"))).containsExactly("packaging=PACKAGING_BASE");
        assertThat(check(level("BX", 10, "CS"), level("CS", 2, "BX")))
                .contains("packaging=PACKAGING_BASE");
        assertThat(codes(RecordRules.checkValues(Fixtures.withPackaging(List.of()))))
                .containsExactly("packaging=PACKAGING_BASE");
    }

    @Test
    void a_level_needs_both_quantity_and_contains_unit_or_neither() {
        assertThat(check(base("EA"), level("BX", 10, null)))
                .containsExactly("packaging[1].containsUnit=PACKAGING_LEVEL_INCOMPLETE");
        assertThat(check(base("EA"), level("BX", null, "EA")))
                .containsExactly("packaging[1].quantity=PACKAGING_LEVEL_INCOMPLETE");
    }

    @Test
    void quantities_must_be_positive() {
        assertThat(check(base("EA"), level("BX", 0, "EA"))).containsExactly("packaging[1].quantity=QUANTITY_NOT_POSITIVE");
        assertThat(check(base("EA"), level("BX", -3, "EA"))).containsExactly("packaging[1].quantity=QUANTITY_NOT_POSITIVE");
    }

    @Test
    void contains_unit_must_be_another_level_of_the_item() {
        assertThat(check(base("EA"), level("BX", 10, "PK"))).containsExactly("packaging[1].containsUnit=CONTAINS_UNIT_UNKNOWN");
    }

    @Test
    void a_level_containing_itself_is_a_cycle() {
        assertThat(check(base("EA"), level("BX", 10, "BX"))).containsExactly("packaging[1].containsUnit=PACKAGING_CYCLE");
    }

    @Test
    void levels_containing_each_other_are_a_cycle_reported_once() {
        List<String> violations = check(base("EA"), level("BX", 10, "CS"), level("CS", 4, "BX"),
                level("PL", 20, "CS"));

        assertThat(violations).filteredOn(v -> v.endsWith("PACKAGING_CYCLE")).hasSize(1);
    }

    @Test
    void a_unit_may_appear_only_once() {
        assertThat(check(base("EA"), level("BX", 10, "EA"), level("BX", 12, "EA")))
                .containsExactly("packaging[2].unit=DUPLICATE_UNIT");
    }

    @Test
    void gtins_must_be_valid_and_distinct() {
        assertThat(check(new PackagingLevel("EA", null, null, "00012345678906")))
                .containsExactly("packaging[0].gtin=GTIN_CHECK_DIGIT");
        assertThat(check(new PackagingLevel("EA", null, null, "123")))
                .containsExactly("packaging[0].gtin=GTIN_FORMAT");
        assertThat(check(new PackagingLevel("EA", null, null, "00012345678905"),
                new PackagingLevel("BX", 10, "EA", "12345678905")))
                .containsExactly("packaging[1].gtin=GTIN_FORMAT");
        assertThat(check(new PackagingLevel("EA", null, null, "00012345678905"),
                new PackagingLevel("BX", 10, "EA", "012345678905")))
                .containsExactly("packaging[1].gtin=DUPLICATE_GTIN");
    }

    @Test
    void conversion_factors_are_the_product_of_quantities_down_to_the_base() {
        assertThat(Units.conversionFactors(Fixtures.EA_BX_CS))
                .containsExactly(Map.entry("EA", 1L), Map.entry("BX", 10L), Map.entry("CS", 40L));
        assertThat(Units.conversionFactors(List.of(base("EA"), level("PK", 5, "EA"), level("BX", 4, "PK"),
                level("CS", 6, "BX"), level("PL", 50, "CS"))))
                .containsEntry("PL", 6000L);
    }

    @Test
    void conversion_factors_leave_out_units_that_do_not_reach_the_base() {
        assertThat(Units.conversionFactors(List.of(base("EA"), level("BX", 10, "PK"), level("CS", 2, "CT"),
                level("CT", 3, "CS"))))
                .containsOnlyKeys("EA");
        assertThat(Units.conversionFactors(null)).isEmpty();
    }
}
