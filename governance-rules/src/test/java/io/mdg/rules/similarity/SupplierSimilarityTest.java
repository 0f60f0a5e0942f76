package io.mdg.rules.similarity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.mdg.api.model.Address;
import io.mdg.api.model.SupplierAttributes;

class SupplierSimilarityTest {

    private static SupplierAttributes supplier(String legalName, Address ordering) {
        return new SupplierAttributes(legalName, null, null, null, null, ordering, null, null, null, null);
    }

    private static SupplierAttributes supplier(String legalName, String taxId, String duns, String gln,
                                               Address ordering, Address remitTo, List<String> tradingNames) {
        return new SupplierAttributes(legalName, tradingNames, taxId, duns, gln, ordering, remitTo, null, null, null);
    }

    private static Address address(String line1, String postalCode) {
        return new Address(line1, null, "Cambridge", "MA", postalCode, "US");
    }

    @Test
    void normalises_case_punctuation_accents_and_legal_suffixes() {
        assertThat(SupplierSimilarity.normalizeName("Acme Medical, Inc.")).isEqualTo("acme medical");
        assertThat(SupplierSimilarity.normalizeName("ACME Medical Incorporated")).isEqualTo("acme medical");
        assertThat(SupplierSimilarity.normalizeName("The Acme Médical Co., Ltd.")).isEqualTo("acme medical");
        assertThat(SupplierSimilarity.normalizeName("Müller & Söhne GmbH")).isEqualTo("muller sohne");
        assertThat(SupplierSimilarity.normalizeName("Acme Holdings L.L.C.")).isEqualTo("acme holdings");
        assertThat(SupplierSimilarity.normalizeName("  Acme   Corp ")).isEqualTo("acme");
    }

    @Test
    void a_name_made_only_of_a_legal_form_is_kept_rather_than_emptied() {
        assertThat(SupplierSimilarity.normalizeName("Company")).isEqualTo("company");
        assertThat(SupplierSimilarity.normalizeName("The Co")).isEqualTo("co");
        assertThat(SupplierSimilarity.normalizeName(null)).isEmpty();
        assertThat(SupplierSimilarity.normalizeName(" ,. ")).isEmpty();
    }

    @Test
    void the_same_company_written_differently_at_the_same_postcode_is_a_candidate() {
        var a = supplier("Acme Medical, Inc.", address("1 Main Street", "02139"));
        var b = supplier("ACME Medical Incorporated", address("1 Main St", "02139-4307"));

        var similarity = SupplierSimilarity.compare(a, b);

        assertThat(similarity).isPresent();
        assertThat(similarity.get().score()).isGreaterThanOrEqualTo(0.95);
        assertThat(similarity.get().reasons()).contains("same legal name", "same postal code 02139",
                "same street address");
    }

    @Test
    void a_misspelt_name_at_the_same_postcode_is_a_candidate() {
        var a = supplier("Acme Medcial Supplies LLC", address("1 Main Street", "02139"));
        var b = supplier("Acme Medical Supplies", address("1 Main Street Suite 4", "02139"));

        var similarity = SupplierSimilarity.compare(a, b);

        assertThat(similarity).isPresent();
        assertThat(similarity.get().reasons()).anyMatch(r -> r.startsWith("similar legal name 0."));
        assertThat(similarity.get().reasons()).contains("same postal code 02139");
    }

    @Test
    void different_companies_sharing_common_words_are_not_candidates() {
        var a = supplier("Medical Supply Co", address("1 Main Street", "02139"));
        var b = supplier("Surgical Supply Co", address("1 Main Street", "02139"));

        assertThat(SupplierSimilarity.compare(a, b)).isEmpty();
        assertThat(SupplierSimilarity.score(a, b).score()).isLessThan(SupplierSimilarity.THRESHOLD);
    }

    @Test
    void different_companies_with_similar_surnames_are_not_candidates() {
        var a = supplier("Johnson Medical Supply", address("1 Main Street", "02139"));
        var b = supplier("Jackson Medical Supply", address("1 Main Street", "02139"));

        assertThat(SupplierSimilarity.compare(a, b)).isEmpty();
    }

    @Test
    void a_shared_address_alone_does_not_make_a_candidate() {
        var a = supplier("Northwind Traders", address("1 Main Street", "02139"));
        var b = supplier("Contoso Pharma", address("1 Main Street", "02139"));

        assertThat(SupplierSimilarity.compare(a, b)).isEmpty();
    }

    @Test
    void the_same_name_in_another_postcode_scores_lower_than_at_the_same_postcode() {
        var here = supplier("Acme Medical", address("1 Main Street", "02139"));
        var same = supplier("Acme Medical Inc", address("1 Main Street", "02139"));
        var elsewhere = supplier("Acme Medical Inc", address("9 Elm Road", "94105"));

        double samePlace = SupplierSimilarity.score(here, same).score();
        double otherPlace = SupplierSimilarity.score(here, elsewhere).score();

        assertThat(otherPlace).isLessThan(samePlace);
        assertThat(SupplierSimilarity.compare(here, elsewhere)).isPresent();
    }

    @Test
    void the_same_tax_id_is_a_strong_reason_even_with_different_names() {
        var a = supplier("Acme Medical", "12-3456789", null, null, null, null, null);
        var b = supplier("Totally Different Name", "123456789", null, null, null, null, null);

        var similarity = SupplierSimilarity.compare(a, b);

        assertThat(similarity).isPresent();
        assertThat(similarity.get().score()).isGreaterThanOrEqualTo(0.95);
        assertThat(similarity.get().reasons()).contains("same tax id 12-3456789");
    }

    @Test
    void the_same_duns_or_gln_is_a_strong_reason() {
        var a = supplier("Acme", null, "150483782", "8904000210037", null, null, null);
        var b = supplier("Zenith", null, "150483782", "8904000210037", null, null, null);

        assertThat(SupplierSimilarity.compare(a, b)).get()
                .satisfies(s -> assertThat(s.reasons()).contains("same DUNS 150483782", "same GLN 8904000210037"));
    }

    @Test
    void different_tax_ids_lower_the_score_of_similar_names() {
        var a = supplier("Acme Medical", "12-3456789", null, null, null, null, null);
        var b = supplier("Acme Medical", "98-7654321", null, null, null, null, null);
        var unknown = supplier("Acme Medical", null, null, null, null, null, null);

        assertThat(SupplierSimilarity.score(a, b).score()).isLessThan(SupplierSimilarity.score(a, unknown).score());
        assertThat(SupplierSimilarity.score(a, b).reasons()).contains("different tax ids");
    }

    @Test
    void the_remit_to_address_counts_as_well_as_the_ordering_address() {
        var a = supplier("Acme Medical Products", null, null, null, null, address("PO Box 77", "02139"), null);
        var b = supplier("Acme Medical", null, null, null, address("PO Box 77", "02139"), null, null);

        assertThat(SupplierSimilarity.compare(a, b)).get()
                .satisfies(s -> assertThat(s.reasons()).contains("same postal code 02139"));
    }

    @Test
    void a_legal_name_matching_the_other_suppliers_trading_name_is_a_candidate() {
        var a = supplier("Acme Holdings Inc", null, null, null, null, null, List.of("Acme Medical"));
        var b = supplier("Acme Medical LLC", address("1 Main Street", "02139"));

        assertThat(SupplierSimilarity.compare(a, b)).get()
                .satisfies(s -> assertThat(s.reasons()).anyMatch(r -> r.contains("trading name 'Acme Medical'")));
    }

    @Test
    void names_that_differ_only_in_spacing_are_the_same() {
        var a = supplier("MedLine Industries", null);
        var b = supplier("Med-Line Industries, Inc.", null);

        assertThat(SupplierSimilarity.compare(a, b)).get()
                .satisfies(s -> assertThat(s.score()).isEqualTo(1.0));
    }

    @Test
    void the_comparison_is_symmetric_and_within_bounds() {
        var a = supplier("Acme Medcial Supplies LLC", address("1 Main Street", "02139"));
        var b = supplier("Acme Medical Supplies", address("1 Main St", "02139"));

        assertThat(SupplierSimilarity.score(a, b)).isEqualTo(SupplierSimilarity.score(b, a));
        assertThat(SupplierSimilarity.score(a, b).score()).isBetween(0.0, 1.0);
    }

    @Test
    void suppliers_without_names_or_identifiers_are_not_candidates() {
        var empty = supplier(null, null);

        assertThat(SupplierSimilarity.compare(empty, empty)).isEmpty();
    }
}
