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

class Gs1CheckDigitTest {

    @Test
    void computes_the_check_digit_of_the_gs1_example() {
        assertThat(Gs1CheckDigit.compute("890400021003")).isEqualTo(7);
        assertThat(Gs1CheckDigit.isValid("8904000210037")).isTrue();
    }

    @Test
    void rejects_a_wrong_check_digit_and_non_digits() {
        assertThat(Gs1CheckDigit.isValid("8904000210038")).isFalse();
        assertThat(Gs1CheckDigit.isValid("89040002100A7")).isFalse();
        assertThat(Gs1CheckDigit.isValid("7")).isFalse();
    }

    @Property
    void every_gln_built_with_its_check_digit_is_accepted(@ForAll("twelveDigits") String data) {
        String gln = data + Gs1CheckDigit.compute(data);
        assertThat(new Gln(gln).value()).isEqualTo(gln);
    }

    @Property
    void every_single_digit_error_in_a_gln_is_caught(@ForAll("twelveDigits") String data,
                                                     @ForAll @IntRange(min = 0, max = 12) int position,
                                                     @ForAll @IntRange(min = 1, max = 9) int delta) {
        String gln = data + Gs1CheckDigit.compute(data);
        char[] chars = gln.toCharArray();
        chars[position] = (char) ('0' + (chars[position] - '0' + delta) % 10);
        String wrong = new String(chars);
        assertThatThrownBy(() -> new Gln(wrong))
                .isInstanceOf(InvalidIdentifierException.class)
                .extracting(e -> ((InvalidIdentifierException) e).code())
                .isEqualTo("GLN_CHECK_DIGIT");
    }

    @Provide
    Arbitrary<String> twelveDigits() {
        return Arbitraries.strings().numeric().ofLength(12);
    }
}
