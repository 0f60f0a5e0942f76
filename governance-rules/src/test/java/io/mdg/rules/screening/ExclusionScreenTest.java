package io.mdg.rules.screening;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.mdg.api.model.Address;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.screening.ExclusionEntry;
import io.mdg.api.screening.ScreeningHit;
import io.mdg.rules.file.RulesFile;

class ExclusionScreenTest {

    static final LocalDate LIST_DATE = LocalDate.of(2026, 12, 1);
    final ScreeningRules rules = RulesFile.loadDefault().screening();

    static ExclusionEntry entry(String name, String taxId, String city, String state, String zip,
                                LocalDate reinstated) {
        return new ExclusionEntry("LEIE:" + name, 7, name, false, taxId, null, "1 Main St", city, state, zip, "1128b7",
                LocalDate.of(2020, 1, 15), reinstated);
    }

    static SupplierAttributes supplier(String name, String taxId, String city, String region, String zip) {
        return new SupplierAttributes(name, null, taxId, null, null,
                new Address("9 Other Rd", null, city, region, zip, "US"), null, null, null, null);
    }

    @Test
    void aSimilarNameAtTheSameZipIsAHitWithItsReasons() {
        ExclusionScreen screen = new ExclusionScreen(List.of(entry("ACME MEDICAL SUPPLY, INC", null, "ATLANTA", "GA",
                "30301", null)), LIST_DATE, rules);
        List<ScreeningHit> hits = screen.screen(supplier("Acme Medical Supply LLC", null, "Atlanta", "GA",
                "30301-1234"));
        assertThat(hits).hasSize(1);
        assertThat(hits.get(0).score()).isEqualTo(1.0);
        assertThat(hits.get(0).reasons()).containsExactly(
                "same business name: 'Acme Medical Supply LLC' and 'ACME MEDICAL SUPPLY, INC'",
                "same ZIP 30301",
                "excluded since 2020-01-15 (1128b7), list line 7");
    }

    @Test
    void aSimilarNameInTheSameCityAndStateIsAHit() {
        ExclusionScreen screen = new ExclusionScreen(List.of(entry("ACME MEDICAL SUPPLIES", null, "ATLANTA", "GA",
                "30302", null)), LIST_DATE, rules);
        List<ScreeningHit> hits = screen.screen(supplier("Acme Medical Supply", null, "Atlanta", "GA", "30318"));
        assertThat(hits).singleElement().satisfies(hit -> assertThat(hit.reasons())
                .contains("same city and state ATLANTA, GA"));
    }

    @Test
    void aSimilarNameElsewhereIsNoHitUnlessTheNameAloneIsCloseEnough() {
        ExclusionScreen screen = new ExclusionScreen(List.of(entry("ACME MEDICAL SUPPLIES", null, "DALLAS", "TX",
                "75201", null), entry("BETA ORTHOPEDICS", null, "DALLAS", "TX", "75201", null)), LIST_DATE, rules);
        assertThat(screen.screen(supplier("Acme Medical Supply", null, "Atlanta", "GA", "30318"))).isEmpty();
        List<ScreeningHit> hits = screen.screen(supplier("Beta Orthopedics Inc.", null, "Atlanta", "GA", "30318"));
        assertThat(hits).singleElement().satisfies(hit -> assertThat(hit.reasons())
                .anyMatch(r -> r.startsWith("address differs (entry ZIP 75201)")));
    }

    @Test
    void theSameTaxIdIsAHitWhateverTheName() {
        ExclusionScreen screen = new ExclusionScreen(List.of(entry("ZETA HOLDINGS", "12-3456789", "DALLAS", "TX",
                "75201", null)), LIST_DATE, rules);
        List<ScreeningHit> hits = screen.screen(supplier("Completely Different Co", "123456789", "Atlanta", "GA",
                "30318"));
        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.score()).isEqualTo(1.0);
            assertThat(hit.reasons()).contains("same tax id 12-3456789");
        });
    }

    @Test
    void anEntryReinstatedByTheListDateDoesNotCount() {
        ExclusionScreen screen = new ExclusionScreen(List.of(entry("ACME MEDICAL SUPPLY", null, "ATLANTA", "GA",
                "30301", LocalDate.of(2024, 5, 1))), LIST_DATE, rules);
        assertThat(screen.inForce()).isZero();
        assertThat(screen.screen(supplier("Acme Medical Supply", null, "Atlanta", "GA", "30301"))).isEmpty();
    }

    @Test
    void aDifferentNameAtTheSameZipIsNoHit() {
        ExclusionScreen screen = new ExclusionScreen(List.of(entry("GAMMA SURGICAL", null, "ATLANTA", "GA", "30301",
                null)), LIST_DATE, rules);
        assertThat(screen.screen(supplier("Acme Medical Supply", null, "Atlanta", "GA", "30301"))).isEmpty();
    }

    @Test
    void aListOfEightyThousandEntriesIsScreenedByBlocksNotPairwise() {
        List<ExclusionEntry> entries = new ArrayList<>();
        for (int i = 0; i < 80_000; i++) {
            entries.add(new ExclusionEntry("LEIE:" + i, i + 2, "PERSON" + Integer.toString(i, 36).toUpperCase()
                    + ", NAME" + (i % 97), true, null, null, null, "CITY", "ST", String.format("%05d", i % 99_999),
                    "1128a1", LocalDate.of(2019, 1, 1), null));
        }
        entries.add(entry("ACME MEDICAL SUPPLY", null, "ATLANTA", "GA", "30301", null));
        ExclusionScreen screen = new ExclusionScreen(entries, LIST_DATE, rules);
        assertThat(screen.screen(supplier("Acme Medical Supply", null, "Atlanta", "GA", "30301")))
                .singleElement().satisfies(hit -> assertThat(hit.entry().name()).isEqualTo("ACME MEDICAL SUPPLY"));
    }

    @Test
    void theScreenedFactsChangeWithANameTaxIdZipCityOrStateButNotWithAStreetLineOrTheNamesCase() {
        SupplierAttributes before = supplier("Acme Medical Supply, Inc.", "12-3456789", "Atlanta", "GA", "30301");
        ExclusionScreen.ScreenedFacts facts = ExclusionScreen.screenedFacts(before);

        assertThat(ExclusionScreen.screenedFacts(supplier("ACME MEDICAL SUPPLY INC", "123456789", "ATLANTA", "GA",
                "30301-1234"))).isEqualTo(facts);
        assertThat(ExclusionScreen.screenedFacts(new SupplierAttributes(before.legalName(), null, before.taxId(),
                "123456789", null, new Address("77 New Street", "Suite 4", "Atlanta", "GA", "30301", "US"), null,
                null, null, null))).as("street lines and DUNS are not screened").isEqualTo(facts);

        assertThat(ExclusionScreen.screenedFacts(supplier("Vexar Surgical Supply", "12-3456789", "Atlanta", "GA",
                "30301"))).isNotEqualTo(facts);
        assertThat(ExclusionScreen.screenedFacts(supplier(before.legalName(), "98-7654321", "Atlanta", "GA",
                "30301"))).isNotEqualTo(facts);
        assertThat(ExclusionScreen.screenedFacts(supplier(before.legalName(), "12-3456789", "Denver", "CO",
                "80202"))).isNotEqualTo(facts);
        assertThat(ExclusionScreen.screenedFacts(new SupplierAttributes(before.legalName(), List.of("Vexar"),
                before.taxId(), null, null, before.orderingAddress(), null, null, null, null)))
                .as("a trading name is screened").isNotEqualTo(facts);
    }
}
