package io.mdg.rules.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.mdg.api.model.Address;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.Contact;
import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.ContractLine;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.LocationAttributes;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.model.PackagingLevel;
import io.mdg.api.model.Ref;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.model.UdiAgency;

class NormalizeTest {

    @Test
    void puts_supplier_values_in_canonical_form() {
        var submitted = new SupplierAttributes("  Acme   Medical Inc. ", List.of(" Acme "), "123456789",
                "15-048-3782", " 8904000210037 ", new Address(" 1 Main St ", null, "Boston", "MA", " 02139 ", "us"),
                null, new BankAccount(" Acme ", "First Bank", " 011000015", "12345678", "gb82 west 1234 5698 7654 32",
                "usd"), List.of(new Contact(" Ann Lee ", null, " ann@acme.example ", null)), null);

        SupplierAttributes normalized = RecordRules.normalize(submitted);

        assertThat(normalized.legalName()).isEqualTo("Acme Medical Inc.");
        assertThat(normalized.tradingNames()).containsExactly("Acme");
        assertThat(normalized.taxId()).isEqualTo("12-3456789");
        assertThat(normalized.duns()).isEqualTo("150483782");
        assertThat(normalized.gln()).isEqualTo("8904000210037");
        assertThat(normalized.orderingAddress()).isEqualTo(
                new Address("1 Main St", null, "Boston", "MA", "02139", "US"));
        assertThat(normalized.bankAccount()).isEqualTo(
                new BankAccount("Acme", "First Bank", "011000015", "12345678", "GB82WEST12345698765432", "USD"));
        assertThat(normalized.contacts()).containsExactly(new Contact("Ann Lee", null, "ann@acme.example", null));
    }

    @Test
    void keeps_invalid_and_blank_values_for_check_values_to_report() {
        SupplierAttributes normalized = RecordRules.normalize(
                new SupplierAttributes("   ", null, " 12-34 ", "abc", null, null, null, null, null, null));

        assertThat(normalized.legalName()).isEmpty();
        assertThat(normalized.taxId()).isEqualTo("12-34");
        assertThat(normalized.duns()).isEqualTo("abc");
        assertThat(RecordRules.checkValues(normalized)).extracting(v -> v.field() + "=" + v.code())
                .containsExactly("legalName=BLANK", "taxId=TAX_ID_FORMAT", "duns=DUNS_FORMAT");
    }

    @Test
    void pads_gtins_and_gs1_udi_dis_and_upper_cases_units_and_codes() {
        var submitted = new ItemAttributes(" Gauze ", Ref.to(" sup-1 "), null, "8904000210037", UdiAgency.GS1,
                " +a123bjc5d6e71g ", " 42312201 ", null,
                Arrays.asList(new PackagingLevel(" ea ", null, null, "12345670"),
                        new PackagingLevel("bx", 10, "ea", " 1234567890128 "), null),
                null, null, null, null);

        ItemAttributes normalized = RecordRules.normalize(submitted);

        assertThat(normalized.description()).isEqualTo("Gauze");
        assertThat(normalized.manufacturer()).isEqualTo(Ref.to("sup-1"));
        assertThat(normalized.udiDi()).isEqualTo("08904000210037");
        assertThat(normalized.hibcCode()).isEqualTo("+A123BJC5D6E71G");
        assertThat(normalized.unspsc()).isEqualTo("42312201");
        assertThat(normalized.packaging()).containsExactly(
                new PackagingLevel("EA", null, null, "00000012345670"),
                new PackagingLevel("BX", 10, "EA", "01234567890128"), null);
    }

    @Test
    void does_not_pad_a_udi_di_of_another_agency_nor_a_gtin_of_an_impossible_length() {
        var submitted = new ItemAttributes(null, null, null, " a999912345 ", UdiAgency.ICCBBA, null, null, null,
                List.of(new PackagingLevel("EA", null, null, "123456789")), null, null, null, null);

        ItemAttributes normalized = RecordRules.normalize(submitted);

        assertThat(normalized.udiDi()).isEqualTo("A999912345");
        assertThat(normalized.packaging().get(0).gtin()).isEqualTo("123456789");
    }

    @Test
    void keeps_a_hibc_check_character_that_is_a_space() {
        String code = findCodeWithSpaceCheck();

        ItemAttributes normalized = RecordRules.normalize(new ItemAttributes(null, null, null, null, null, " " + code,
                null, null, null, null, null, null, null));

        assertThat(normalized.hibcCode()).isEqualTo(code);
    }

    private static String findCodeWithSpaceCheck() {
        for (char c : io.mdg.rules.identifier.HibcCode.CHARSET.substring(0, 36).toCharArray()) {
            String data = "+A123" + c + "0";
            if (io.mdg.rules.identifier.HibcCode.checkCharacter(data) == ' ') {
                return data + ' ';
            }
        }
        throw new AssertionError("no code with a space check character in the search range");
    }

    @Test
    void upper_cases_contract_units_and_currencies() {
        var submitted = new ContractAttributes(" C-1 ", Ref.bySource(" erp-9 "), null, " TIER-1 ", null, null,
                List.of(new ContractLine(Ref.to("item-1"), " bx ", new BigDecimal("12.50"), " usd ", null, null,
                        null)));

        ContractAttributes normalized = RecordRules.normalize(submitted);

        assertThat(normalized.contractNumber()).isEqualTo("C-1");
        assertThat(normalized.supplier()).isEqualTo(Ref.bySource("erp-9"));
        assertThat(normalized.tier()).isEqualTo("TIER-1");
        assertThat(normalized.lines()).containsExactly(
                new ContractLine(Ref.to("item-1"), "BX", new BigDecimal("12.5"), "USD", null, null, null));
    }

    @Test
    void upper_cases_a_hin_and_a_country() {
        var normalized = RecordRules.normalize(new LocationAttributes(" OR 3 ", null, null, null, " 1a2b3c4d5 ",
                new Address(null, null, null, null, "sw1a 1aa", "gb"), " CC-12 ", null, null));

        assertThat(normalized.name()).isEqualTo("OR 3");
        assertThat(normalized.hin()).isEqualTo("1A2B3C4D5");
        assertThat(normalized.address().country()).isEqualTo("GB");
        assertThat(normalized.address().postalCode()).isEqualTo("SW1A 1AA");
        assertThat(normalized.costCentre()).isEqualTo("CC-12");
    }

    @Test
    void leaves_unsent_attributes_null_and_never_throws_on_an_empty_record() {
        for (var type : io.mdg.api.EntityType.values()) {
            MasterAttributes empty = io.mdg.api.model.Attributes.empty(type);
            assertThat(RecordRules.normalize(empty)).isEqualTo(empty);
        }
        assertThat(RecordRules.normalize((MasterAttributes) null)).isNull();
    }
}
