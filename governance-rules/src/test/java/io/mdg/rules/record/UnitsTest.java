package io.mdg.rules.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.ContractLine;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.ItemClass;
import io.mdg.api.model.PackagingLevel;
import io.mdg.api.model.Ref;

class UnitsTest {

    @Test
    void accepted_spellings_become_their_codes_and_unknown_units_are_kept_for_the_checks() {
        assertThat(Units.canonical(" each ")).isEqualTo("EA");
        assertThat(Units.canonical("Box")).isEqualTo("BX");
        assertThat(Units.canonical("unit dose")).isEqualTo("UD");
        assertThat(Units.canonical("bx")).isEqualTo("BX");
        assertThat(Units.canonical("ca")).isEqualTo("CA");
        assertThat(Units.canonical("barrel")).isEqualTo("BARREL");
        assertThat(Units.canonical(null)).isNull();
    }

    @Test
    void packaging_and_prices_are_normalised_through_the_registry() {
        ItemAttributes item = RecordRules.normalize(new ItemAttributes("gauze", null, null, null, null, null, null,
                ItemClass.MED_SURG, List.of(new PackagingLevel("Each", null, null, null),
                new PackagingLevel("box", 10, "each", null)), null, null, null, null));
        assertThat(item.packaging()).extracting(PackagingLevel::unit).containsExactly("EA", "BX");
        assertThat(item.packaging().get(1).containsUnit()).isEqualTo("EA");
        ContractAttributes contract = RecordRules.normalize(new ContractAttributes(null, null, null, null, null, null,
                List.of(new ContractLine(Ref.to("i-1"), "Case", BigDecimal.TEN, "usd", null, null, null))));
        assertThat(contract.lines().get(0).unit()).isEqualTo("CS");
    }

    @Test
    void the_conversion_factor_and_base_unit_come_from_the_items_packaging() {
        List<PackagingLevel> packaging = List.of(new PackagingLevel("EA", null, null, null),
                new PackagingLevel("BX", 12, "EA", null), new PackagingLevel("CS", 4, "BX", null));
        assertThat(Units.conversionFactor("CS", packaging)).isEqualTo(48L);
        assertThat(Units.conversionFactor("PL", packaging)).isNull();
        assertThat(Units.baseUnit(packaging)).isEqualTo("EA");
        assertThat(Units.baseUnit(null)).isNull();
    }
}
