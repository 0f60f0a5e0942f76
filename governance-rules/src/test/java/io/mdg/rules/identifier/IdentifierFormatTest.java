package io.mdg.rules.identifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdentifierFormatTest {

    @Test
    void accepts_a_duns_of_nine_digits() {
        assertThat(new Duns("150483782").value()).isEqualTo("150483782");
    }

    @Test
    void rejects_a_duns_of_another_length_or_with_letters() {
        assertThatThrownBy(() -> new Duns("15048378")).hasMessageContaining("9 digits");
        assertThatThrownBy(() -> new Duns("15048378X")).hasMessageContaining("9 digits");
    }

    @Test
    void accepts_a_tax_id_with_or_without_hyphen_and_stores_it_hyphenated() {
        assertThat(new TaxId("12-3456789").value()).isEqualTo("12-3456789");
        assertThat(new TaxId("123456789").value()).isEqualTo("12-3456789");
    }

    @Test
    void rejects_a_malformed_tax_id_and_an_unissued_prefix() {
        assertThatThrownBy(() -> new TaxId("12-345678")).isInstanceOf(InvalidIdentifierException.class)
                .extracting(e -> ((InvalidIdentifierException) e).code()).isEqualTo("TAX_ID_FORMAT");
        assertThatThrownBy(() -> new TaxId("00-3456789")).isInstanceOf(InvalidIdentifierException.class)
                .extracting(e -> ((InvalidIdentifierException) e).code()).isEqualTo("TAX_ID_PREFIX");
    }

    @Test
    void rejects_a_gln_of_the_wrong_length() {
        assertThatThrownBy(() -> new Gln("123")).isInstanceOf(InvalidIdentifierException.class)
                .extracting(e -> ((InvalidIdentifierException) e).code()).isEqualTo("GLN_FORMAT");
    }
}
