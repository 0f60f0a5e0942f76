package io.mdg.rules.record;

import static io.mdg.rules.record.Fixtures.codes;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.mdg.api.model.ItemAttributes;

class ItemValuesTest {

    private static ItemAttributes coded(String hibc, String unspsc) {
        return new ItemAttributes(null, null, null, null, null, hibc, unspsc, null, null, null, null, null, null);
    }

    @Test
    void a_complete_valid_item_has_no_violations() {
        assertThat(RecordRules.checkValues(Fixtures.item())).isEmpty();
    }

    @Test
    void a_valid_hibc_code_is_accepted_and_a_wrong_check_character_refused() {
        assertThat(RecordRules.checkValues(coded("+A123BJC5D6E71G", null))).isEmpty();
        assertThat(codes(RecordRules.checkValues(coded("+A123BJC5D6E71H", null))))
                .containsExactly("hibcCode=HIBC_CHECK_CHARACTER");
        assertThat(codes(RecordRules.checkValues(coded("A123BJC5D6E71G", null))))
                .containsExactly("hibcCode=HIBC_FORMAT");
    }

    @Test
    void a_unspsc_code_must_be_valid_and_at_commodity_level() {
        assertThat(RecordRules.checkValues(coded(null, "42312201"))).isEmpty();
        assertThat(codes(RecordRules.checkValues(coded(null, "42310000"))))
                .containsExactly("unspsc=UNSPSC_NOT_COMMODITY");
        assertThat(codes(RecordRules.checkValues(coded(null, "4231220"))))
                .containsExactly("unspsc=UNSPSC_FORMAT");
    }

    @Test
    void a_udi_di_is_checked_as_text_here_and_against_its_agency_on_the_record() {
        var item = new ItemAttributes(null, null, null, "A1\tB", null, null, null, null, null, null, null, null, null);

        assertThat(codes(RecordRules.checkValues(item))).containsExactly("udiDi=INVALID_CHARACTERS");
    }

    @Test
    void a_reference_must_name_an_id_or_a_source_id() {
        var item = new ItemAttributes(null, new io.mdg.api.model.Ref(null, null), null, null, null, null, null, null,
                null, null, null, null, null);

        assertThat(codes(RecordRules.checkValues(item))).containsExactly("manufacturer=REQUIRED");
    }
}
