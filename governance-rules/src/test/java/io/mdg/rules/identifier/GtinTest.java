package io.mdg.rules.identifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class GtinTest {

    @Test
    void accepts_the_gs1_example_and_stores_it_padded_to_14_digits() {
        assertThat(new Gtin("8904000210037").value()).isEqualTo("08904000210037");
        assertThat(new Gtin("8904000210037").compact()).isEqualTo("8904000210037");
    }

    @Test
    void accepts_every_standard_length() {
        assertThat(new Gtin("96385074").value()).isEqualTo("00000096385074");
        assertThat(new Gtin("036000291452").value()).isEqualTo("00036000291452");
        assertThat(new Gtin("10036000291459").value()).isEqualTo("10036000291459");
        assertThat(Gtin.isValid("036000291452")).isTrue();
    }

    @Test
    void rejects_a_wrong_check_digit_saying_which_is_expected() {
        assertThatThrownBy(() -> new Gtin("8904000210038"))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageContaining("should be 7")
                .extracting(e -> ((InvalidIdentifierException) e).code()).isEqualTo("GTIN_CHECK_DIGIT");
        assertThat(Gtin.isValid("8904000210038")).isFalse();
    }

    @Test
    void rejects_other_lengths_letters_and_null() {
        for (String bad : new String[] {"1234567", "123456789", "1234567890", "123456789012345", "89040002100A7",
                " 8904000210037", ""}) {
            assertThatThrownBy(() -> new Gtin(bad)).as(bad)
                    .isInstanceOf(InvalidIdentifierException.class)
                    .extracting(e -> ((InvalidIdentifierException) e).code()).isEqualTo("GTIN_FORMAT");
        }
        assertThatThrownBy(() -> new Gtin(null)).isInstanceOf(InvalidIdentifierException.class);
    }

    @Property
    void every_valid_gtin_round_trips_through_its_canonical_form(@ForAll("gtins") String gtin) {
        Gtin parsed = new Gtin(gtin);
        assertThat(parsed.value()).hasSize(14).endsWith(gtin);
        assertThat(new Gtin(parsed.value())).isEqualTo(parsed);
        assertThat(new Gtin(parsed.compact())).isEqualTo(parsed);
    }

    @Property
    void every_single_digit_substitution_is_caught(@ForAll("gtins") String gtin,
                                                   @ForAll @IntRange(min = 0, max = 13) int position,
                                                   @ForAll @IntRange(min = 1, max = 9) int delta) {
        int at = position % gtin.length();
        char[] chars = gtin.toCharArray();
        chars[at] = (char) ('0' + (chars[at] - '0' + delta) % 10);
        String wrong = new String(chars);
        assertThatThrownBy(() -> new Gtin(wrong))
                .isInstanceOf(InvalidIdentifierException.class)
                .extracting(e -> ((InvalidIdentifierException) e).code()).isEqualTo("GTIN_CHECK_DIGIT");
    }

    @Provide
    Arbitrary<String> gtins() {
        return Arbitraries.of(7, 11, 12, 13)
                .flatMap(n -> Arbitraries.strings().numeric().ofLength(n))
                .map(data -> data + Gs1CheckDigit.compute(data));
    }
}
