package io.mdg.rules.supplier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.mdg.rules.Violation;

class SupplierSubmissionRulesTest {

    @Test
    void a_new_supplier_with_valid_attributes_is_accepted_in_canonical_form() {
        var outcome = SupplierSubmissionRules.check("  Acme   Medical Inc. ", "123456789", "150483782",
                "8904000210037", true);

        assertThat(outcome.valid()).isTrue();
        assertThat(outcome.canonical()).isEqualTo(new SupplierSubmissionRules.Canonical(
                "Acme Medical Inc.", "12-3456789", "150483782", "8904000210037"));
    }

    @Test
    void a_new_supplier_needs_a_legal_name() {
        var outcome = SupplierSubmissionRules.check(null, null, null, null, true);

        assertThat(outcome.violations()).containsExactly(
                new Violation("legalName", "REQUIRED", "legalName is required for a new supplier"));
    }

    @Test
    void a_partial_update_may_leave_the_legal_name_out() {
        var outcome = SupplierSubmissionRules.check(null, "12-3456789", null, null, false);

        assertThat(outcome.valid()).isTrue();
    }

    @Test
    void every_invalid_field_is_reported_with_its_code() {
        var outcome = SupplierSubmissionRules.check("x".repeat(201), "1", "abc", "8904000210038", true);

        assertThat(outcome.violations()).extracting(Violation::field, Violation::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple("legalName", "TOO_LONG"),
                org.assertj.core.groups.Tuple.tuple("taxId", "TAX_ID_FORMAT"),
                org.assertj.core.groups.Tuple.tuple("duns", "DUNS_FORMAT"),
                org.assertj.core.groups.Tuple.tuple("gln", "GLN_CHECK_DIGIT"));
    }

    @Test
    void control_characters_in_a_name_are_refused() {
        var outcome = SupplierSubmissionRules.check("Acme\u0000Medical", null, null, null, true);

        assertThat(outcome.violations()).extracting(Violation::code).containsExactly("INVALID_CHARACTERS");
    }
}
