package io.mdg.rules.record;

import static io.mdg.rules.record.Fixtures.codes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.mdg.api.model.Address;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.Contact;
import io.mdg.api.model.ScreeningStatus;
import io.mdg.api.model.SupplierAttributes;

class SupplierValuesTest {

    private static SupplierAttributes named(String legalName) {
        return SupplierAttributes.named(legalName);
    }

    private static SupplierAttributes withIds(String taxId, String duns, String gln) {
        return new SupplierAttributes(null, null, taxId, duns, gln, null, null, null, null, null);
    }

    private static SupplierAttributes withOrdering(Address address) {
        return new SupplierAttributes(null, null, null, null, null, address, null, null, null, null);
    }

    private static SupplierAttributes withBank(BankAccount account) {
        return new SupplierAttributes(null, null, null, null, null, null, null, account, null, null);
    }

    private static SupplierAttributes withContacts(List<Contact> contacts) {
        return new SupplierAttributes(null, null, null, null, null, null, null, null, contacts, null);
    }

    @Test
    void a_complete_valid_supplier_has_no_violations() {
        var supplier = new SupplierAttributes("Acme Medical Inc.", List.of("Acme"), "12-3456789", "150483782",
                "8904000210037", Fixtures.usAddress("02139"), Fixtures.usAddress("02139-4307"),
                new BankAccount("Acme Medical Inc.", "First Bank", "011000015", "000123456789", null, "USD"),
                List.of(new Contact("Ann Lee", "sales", "ann.lee@acme.example", "+1 (617) 555-0100 x12")),
                ScreeningStatus.CLEAR);

        assertThat(RecordRules.checkValues(supplier)).isEmpty();
    }

    @Test
    void an_empty_submission_has_no_violations() {
        assertThat(RecordRules.checkValues(SupplierAttributes.named(null))).isEmpty();
    }

    @Test
    void a_blank_value_is_refused() {
        assertThat(codes(RecordRules.checkValues(named("")))).containsExactly("legalName=BLANK");
        assertThat(codes(RecordRules.checkValues(named("  ")))).containsExactly("legalName=BLANK");
    }

    @Test
    void a_value_of_256_characters_is_accepted_and_one_of_257_refused() {
        assertThat(RecordRules.checkValues(named("x".repeat(256)))).isEmpty();
        assertThat(RecordRules.checkValues(named("x".repeat(257)))).singleElement()
                .satisfies(v -> {
                    assertThat(v.code()).isEqualTo("TOO_LONG");
                    assertThat(v.message()).contains("257").contains("256");
                });
    }

    @Test
    void control_characters_are_refused_but_accents_are_accepted() {
        assertThat(codes(RecordRules.checkValues(named("Acme\u0000Medical"))))
                .containsExactly("legalName=INVALID_CHARACTERS");
        assertThat(codes(RecordRules.checkValues(named("Acme\nMedical"))))
                .containsExactly("legalName=INVALID_CHARACTERS");
        assertThat(RecordRules.checkValues(named("Müller Médical GmbH"))).isEmpty();
    }

    @Test
    void each_trading_name_is_checked_with_its_index() {
        var supplier = new SupplierAttributes(null, Arrays.asList("Acme", " ", null), null, null, null, null, null,
                null, null, null);

        assertThat(codes(RecordRules.checkValues(supplier)))
                .containsExactly("tradingNames[1]=BLANK", "tradingNames[2]=REQUIRED");
    }

    @Test
    void identifiers_are_checked_with_the_identifier_codes() {
        assertThat(RecordRules.checkValues(withIds("12-3456789", "150483782", "8904000210037"))).isEmpty();
        assertThat(codes(RecordRules.checkValues(withIds("12-34", "15048378", "8904000210038"))))
                .containsExactly("taxId=TAX_ID_FORMAT", "duns=DUNS_FORMAT", "gln=GLN_CHECK_DIGIT");
        assertThat(codes(RecordRules.checkValues(withIds("07-3456789", null, "123"))))
                .containsExactly("taxId=TAX_ID_PREFIX", "gln=GLN_FORMAT");
    }

    @Test
    void an_address_needs_an_iso_country_and_a_us_zip_code() {
        assertThat(RecordRules.checkValues(withOrdering(Fixtures.usAddress("02139-4307")))).isEmpty();
        assertThat(RecordRules.checkValues(withOrdering(
                new Address("10 Downing St", null, "London", null, "SW1A 2AA", "GB")))).isEmpty();

        assertThat(codes(RecordRules.checkValues(withOrdering(Fixtures.usAddress("2139")))))
                .containsExactly("orderingAddress.postalCode=POSTAL_CODE_FORMAT");
        assertThat(codes(RecordRules.checkValues(withOrdering(
                new Address("1 Main St", null, "Boston", "MA", "02139", "USA")))))
                .containsExactly("orderingAddress.country=COUNTRY_FORMAT");
        assertThat(codes(RecordRules.checkValues(withOrdering(
                new Address("1 Main St", null, "Boston", "MA", "02139", "XX")))))
                .containsExactly("orderingAddress.country=COUNTRY_FORMAT");
    }

    @Test
    void an_address_with_only_a_country_is_incomplete() {
        assertThat(codes(RecordRules.checkValues(withOrdering(new Address(null, null, null, null, null, "US")))))
                .containsExactly("orderingAddress=ADDRESS_INCOMPLETE");
    }

    @Test
    void a_us_bank_account_needs_a_valid_routing_number() {
        assertThat(RecordRules.checkValues(withBank(
                new BankAccount("Acme", "First Bank", "021000021", "123456789", null, "USD")))).isEmpty();

        assertThat(codes(RecordRules.checkValues(withBank(
                new BankAccount("Acme", "First Bank", "011000016", "123456789", null, "USD")))))
                .containsExactly("bankAccount.routingNumber=ROUTING_NUMBER_CHECK_DIGIT");
        assertThat(codes(RecordRules.checkValues(withBank(
                new BankAccount("Acme", "First Bank", "01100001", "12", null, "US")))))
                .containsExactly("bankAccount.routingNumber=ROUTING_NUMBER_FORMAT",
                        "bankAccount.accountNumber=ACCOUNT_NUMBER_FORMAT", "bankAccount.currency=CURRENCY_FORMAT");
    }

    @Test
    void a_bank_account_by_iban_needs_valid_check_digits() {
        assertThat(RecordRules.checkValues(withBank(
                new BankAccount("Acme GmbH", null, null, null, "DE89370400440532013000", "EUR")))).isEmpty();

        assertThat(codes(RecordRules.checkValues(withBank(
                new BankAccount("Acme GmbH", null, null, null, "DE88370400440532013000", "EUR")))))
                .containsExactly("bankAccount.iban=IBAN_CHECK_DIGITS");
        assertThat(codes(RecordRules.checkValues(withBank(
                new BankAccount("Acme GmbH", null, null, null, "DE89-3704", "EUR")))))
                .containsExactly("bankAccount.iban=IBAN_FORMAT");
    }

    @Test
    void a_bank_account_needs_routing_and_account_number_or_an_iban() {
        assertThat(codes(RecordRules.checkValues(withBank(
                new BankAccount("Acme", "First Bank", "021000021", null, null, "USD")))))
                .containsExactly("bankAccount=BANK_ACCOUNT_INCOMPLETE");
    }

    @Test
    void bank_account_messages_never_show_the_numbers() {
        var violations = RecordRules.checkValues(withBank(
                new BankAccount("Acme", null, "011000016", "12345678901234567890123456789012345", null, null)));

        assertThat(violations).isNotEmpty().allSatisfy(v -> assertThat(v.message())
                .doesNotContain("011000016").doesNotContain("1234567890123"));
    }

    @Test
    void a_contact_needs_a_name_and_a_valid_email_and_phone() {
        assertThat(RecordRules.checkValues(withContacts(List.of(
                new Contact("Ann Lee", "recalls", "ann@acme.example", "617-555-0100"))))).isEmpty();

        assertThat(codes(RecordRules.checkValues(withContacts(Arrays.asList(
                new Contact(null, null, "ann.acme.example", "call me"), null)))))
                .containsExactly("contacts[0].name=REQUIRED", "contacts[0].email=EMAIL_FORMAT",
                        "contacts[0].phone=PHONE_FORMAT", "contacts[1]=REQUIRED");
    }
}
