package io.mdg.rules.identifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class HibcCodeTest {

    @Test
    void accepts_the_hibc_example_and_splits_it_into_its_parts() {
        HibcCode code = new HibcCode("+A123BJC5D6E71G");

        assertThat(code.labeler()).isEqualTo("A123");
        assertThat(code.productNumber()).isEqualTo("BJC5D6E7");
        assertThat(code.unitOfMeasure()).isEqualTo(1);
        assertThat(HibcCode.checkCharacter("+A123BJC5D6E71")).isEqualTo('G');
    }

    @Test
    void accepts_lower_case_and_scanner_asterisks_and_stores_the_bare_upper_case_code() {
        assertThat(new HibcCode("+a123bjc5d6e71g").value()).isEqualTo("+A123BJC5D6E71G");
        assertThat(new HibcCode("*+A123BJC5D6E71G*").value()).isEqualTo("+A123BJC5D6E71G");
    }

    @Test
    void rejects_a_wrong_check_character_saying_which_is_expected() {
        assertThatThrownBy(() -> new HibcCode("+A123BJC5D6E71H"))
                .hasMessageContaining("should be 'G'")
                .extracting(e -> ((InvalidIdentifierException) e).code()).isEqualTo("HIBC_CHECK_CHARACTER");
    }

    @Test
    void rejects_a_missing_plus_a_labeler_starting_with_a_digit_and_a_missing_unit_of_measure() {
        for (String bad : new String[] {"A123BJC5D6E71G", "+1123BJC5D6E71G", "+A123G", "+A123BJC5D6E7X1",
                "+A123" + "X".repeat(14) + "1G", "", "+A12-B1G"}) {
            assertThatThrownBy(() -> new HibcCode(bad)).as(bad)
                    .extracting(e -> ((InvalidIdentifierException) e).code()).isEqualTo("HIBC_FORMAT");
        }
        assertThat(HibcCode.isValid(null)).isFalse();
    }

    @Property
    void every_valid_code_round_trips(@ForAll("codes") String code) {
        assertThat(new HibcCode(code).value()).isEqualTo(code);
        assertThat(new HibcCode(code.toLowerCase()).value()).isEqualTo(code);
    }

    @Property
    void every_single_character_substitution_is_caught(@ForAll("codes") String code,
                                                       @ForAll @IntRange(min = 0, max = 19) int position,
                                                       @ForAll @IntRange(min = 1, max = 42) int shift) {
        int at = position % code.length();
        char original = code.charAt(at);
        char replacement = HibcCode.CHARSET.charAt((HibcCode.CHARSET.indexOf(original) + shift) % 43);
        String wrong = code.substring(0, at) + replacement + code.substring(at + 1);
        assertThat(HibcCode.isValid(wrong)).as(wrong).isFalse();
    }

    @Provide
    Arbitrary<String> codes() {
        Arbitrary<String> labeler = Combinators.combine(
                Arbitraries.chars().range('A', 'Z'),
                Arbitraries.strings().withCharRange('A', 'Z').withCharRange('0', '9').ofLength(3))
                .as((first, rest) -> first + rest);
        Arbitrary<String> product = Arbitraries.strings().withCharRange('A', 'Z').withCharRange('0', '9')
                .ofMinLength(1).ofMaxLength(13);
        Arbitrary<Integer> unit = Arbitraries.integers().between(0, 9);
        return Combinators.combine(labeler, product, unit).as((l, p, u) -> {
            String data = "+" + l + p + u;
            return data + HibcCode.checkCharacter(data);
        });
    }
}
