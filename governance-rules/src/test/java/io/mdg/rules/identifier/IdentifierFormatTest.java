package io.mdg.rules.identifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.mdg.api.model.UdiAgency;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class IdentifierFormatTest {

    private static String codeOf(Throwable e) {
        return ((InvalidIdentifierException) e).code();
    }

    @Test
    void accepts_a_duns_of_nine_digits_with_or_without_dashes() {
        assertThat(new Duns("150483782").value()).isEqualTo("150483782");
        assertThat(new Duns("15-048-3782").value()).isEqualTo("150483782");
    }

    @Test
    void rejects_a_duns_of_another_length_or_with_letters() {
        assertThatThrownBy(() -> new Duns("15048378")).hasMessageContaining("9 digits");
        assertThatThrownBy(() -> new Duns("15048378X")).hasMessageContaining("9 digits");
        assertThatThrownBy(() -> new Duns("1504837821")).extracting(IdentifierFormatTest::codeOf)
                .isEqualTo("DUNS_FORMAT");
    }

    @Test
    void accepts_a_tax_id_with_or_without_hyphen_and_stores_it_hyphenated() {
        assertThat(new TaxId("12-3456789").value()).isEqualTo("12-3456789");
        assertThat(new TaxId("123456789").value()).isEqualTo("12-3456789");
    }

    @Test
    void rejects_a_malformed_tax_id_and_an_unissued_prefix() {
        assertThatThrownBy(() -> new TaxId("12-345678")).isInstanceOf(InvalidIdentifierException.class)
                .extracting(IdentifierFormatTest::codeOf).isEqualTo("TAX_ID_FORMAT");
        assertThatThrownBy(() -> new TaxId("123-456789")).extracting(IdentifierFormatTest::codeOf)
                .isEqualTo("TAX_ID_FORMAT");
        assertThatThrownBy(() -> new TaxId("00-3456789")).isInstanceOf(InvalidIdentifierException.class)
                .extracting(IdentifierFormatTest::codeOf).isEqualTo("TAX_ID_PREFIX");
        assertThatThrownBy(() -> new TaxId("893456789")).extracting(IdentifierFormatTest::codeOf)
                .isEqualTo("TAX_ID_PREFIX");
        assertThat(TaxId.isValid("07-1234567")).isFalse();
    }

    @Property
    void every_issued_tax_id_round_trips_to_the_dashed_form(@ForAll("einDigits") String digits) {
        TaxId taxId = new TaxId(digits);
        assertThat(taxId.value()).matches("\\d{2}-\\d{7}");
        assertThat(new TaxId(taxId.value())).isEqualTo(taxId);
    }

    @Provide
    Arbitrary<String> einDigits() {
        return Arbitraries.strings().numeric().ofLength(9)
                .filter(s -> !java.util.Set.of("00", "07", "08", "09", "17", "18", "19", "28", "29", "49", "69",
                        "70", "78", "79", "89").contains(s.substring(0, 2)));
    }

    @Test
    void accepts_a_valid_gln() {
        assertThat(new Gln("8904000210037").value()).isEqualTo("8904000210037");
        assertThat(Gln.isValid("8904000210037")).isTrue();
    }

    @Test
    void rejects_a_gln_of_the_wrong_length() {
        assertThatThrownBy(() -> new Gln("123")).isInstanceOf(InvalidIdentifierException.class)
                .extracting(IdentifierFormatTest::codeOf).isEqualTo("GLN_FORMAT");
        assertThat(Gln.isValid("123")).isFalse();
    }

    @Test
    void accepts_a_hin_and_stores_it_in_upper_case() {
        Hin hin = new Hin("1a2b3c4d5");
        assertThat(hin.value()).isEqualTo("1A2B3C4D5");
        assertThat(hin.facility()).isEqualTo("1A2B3C4");
        assertThat(hin.subLocation()).isEqualTo("D5");
    }

    @Test
    void rejects_a_hin_of_the_wrong_length_or_with_punctuation() {
        for (String bad : new String[] {"1A2B3C4D", "1A2B3C4D56", "1A2B3C-D5", ""}) {
            assertThatThrownBy(() -> new Hin(bad)).as(bad).extracting(IdentifierFormatTest::codeOf)
                    .isEqualTo("HIN_FORMAT");
        }
        assertThatThrownBy(() -> new Hin(null)).isInstanceOf(InvalidIdentifierException.class);
    }

    @Property
    void every_hin_round_trips(@ForAll("hins") String hin) {
        assertThat(new Hin(hin.toLowerCase()).value()).isEqualTo(hin);
        assertThat(new Hin(hin)).isEqualTo(new Hin(new Hin(hin).value()));
    }

    @Provide
    Arbitrary<String> hins() {
        return Arbitraries.strings().withCharRange('A', 'Z').withCharRange('0', '9').ofLength(9);
    }

    @Test
    void accepts_a_gs1_udi_di_as_a_gtin_padded_to_14_digits() {
        assertThat(new UdiDi(UdiAgency.GS1, "8904000210037").value()).isEqualTo("08904000210037");
    }

    @Test
    void rejects_a_gs1_udi_di_that_is_not_a_valid_gtin() {
        assertThatThrownBy(() -> new UdiDi(UdiAgency.GS1, "8904000210038")).hasMessageContaining("GTIN")
                .extracting(IdentifierFormatTest::codeOf).isEqualTo("GTIN_CHECK_DIGIT");
        assertThatThrownBy(() -> new UdiDi(UdiAgency.GS1, "H123456780")).extracting(IdentifierFormatTest::codeOf)
                .isEqualTo("GTIN_FORMAT");
    }

    @Test
    void accepts_a_hibcc_udi_di_of_6_to_23_characters() {
        assertThat(new UdiDi(UdiAgency.HIBCC, "a123bjc5d6e71").value()).isEqualTo("A123BJC5D6E71");
        assertThat(new UdiDi(UdiAgency.HIBCC, "A12345").value()).isEqualTo("A12345");
        assertThat(new UdiDi(UdiAgency.HIBCC, "A".repeat(23)).value()).hasSize(23);
    }

    @Test
    void rejects_a_hibcc_udi_di_too_short_too_long_or_with_the_plus() {
        for (String bad : new String[] {"A1234", "A".repeat(24), "+A123BJC5D6E71"}) {
            assertThatThrownBy(() -> new UdiDi(UdiAgency.HIBCC, bad)).as(bad)
                    .extracting(IdentifierFormatTest::codeOf).isEqualTo("UDI_DI_FORMAT");
        }
    }

    @Test
    void accepts_an_iccbba_udi_di_of_10_or_16_characters() {
        assertThat(new UdiDi(UdiAgency.ICCBBA, "A999912345").value()).isEqualTo("A999912345");
        assertThat(new UdiDi(UdiAgency.ICCBBA, "A99991234567890B").value()).hasSize(16);
    }

    @Test
    void rejects_an_iccbba_udi_di_of_another_length() {
        assertThatThrownBy(() -> new UdiDi(UdiAgency.ICCBBA, "A9999123456"))
                .extracting(IdentifierFormatTest::codeOf).isEqualTo("UDI_DI_FORMAT");
    }

    @Test
    void rejects_a_udi_di_without_agency() {
        assertThatThrownBy(() -> new UdiDi(null, "8904000210037"))
                .extracting(IdentifierFormatTest::codeOf).isEqualTo("UDI_AGENCY_REQUIRED");
    }

    @Test
    void accepts_a_unspsc_code_and_tells_its_level() {
        Unspsc commodity = new Unspsc("42142609");
        assertThat(commodity.isCommodityLevel()).isTrue();
        assertThat(commodity.segment()).isEqualTo("42");
        assertThat(commodity.family()).isEqualTo("14");
        assertThat(commodity.classCode()).isEqualTo("26");
        assertThat(commodity.commodity()).isEqualTo("09");
        assertThat(new Unspsc("42140000").isCommodityLevel()).isFalse();
        assertThat(new Unspsc("42142600").isCommodityLevel()).isFalse();
        assertThat(Unspsc.isCommodityLevel("42001001")).isFalse();
        assertThat(Unspsc.isCommodityLevel("4214260")).isFalse();
    }

    @Test
    void rejects_a_unspsc_code_of_the_wrong_shape() {
        for (String bad : new String[] {"4214260", "421426091", "4214260A", "00142609", "42001000", ""}) {
            assertThatThrownBy(() -> new Unspsc(bad)).as(bad).extracting(IdentifierFormatTest::codeOf)
                    .isEqualTo("UNSPSC_FORMAT");
        }
    }

    @Property
    void every_commodity_code_round_trips(@ForAll("commodities") String code) {
        assertThat(new Unspsc(code).value()).isEqualTo(code);
        assertThat(Unspsc.isCommodityLevel(code)).isTrue();
    }

    @Provide
    Arbitrary<String> commodities() {
        return Arbitraries.integers().between(1, 99).list().ofSize(4)
                .map(pairs -> pairs.stream().map(p -> String.format("%02d", p)).reduce("", String::concat));
    }
}
