package io.mdg.rules.similarity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.mdg.api.model.Address;
import io.mdg.api.model.SupplierAttributes;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SupplierSimilarityPropertiesTest {

    private static final List<String> WORDS = List.of("Acme", "Medical", "Surgical", "Supply", "Co", "Inc.",
            "Northwind", "Contoso", "Health", "The", "&", "Labs", "Médical", "Orthopedics", "Zenith");

    private static SupplierAttributes supplier(String name, String postalCode) {
        return new SupplierAttributes(name, null, null, null, null,
                postalCode == null ? null : new Address("1 Main St", null, null, null, postalCode, "US"),
                null, null, null, null);
    }

    @Property
    void the_score_is_symmetric_and_within_bounds(@ForAll("names") String a, @ForAll("names") String b,
                                                  @ForAll("postalCodes") String pa, @ForAll("postalCodes") String pb) {
        Similarity ab = SupplierSimilarity.score(supplier(a, pa), supplier(b, pb));
        Similarity ba = SupplierSimilarity.score(supplier(b, pb), supplier(a, pa));

        assertThat(ab.score()).isBetween(0.0, 1.0).isEqualTo(ba.score());
    }

    @Property
    void a_supplier_is_a_candidate_duplicate_of_a_copy_of_itself(@ForAll("names") String name) {
        assertThat(SupplierSimilarity.compare(supplier(name, "02139"), supplier(name.toUpperCase(), "02139")))
                .hasValueSatisfying(s -> assertThat(s.score()).isEqualTo(1.0));
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.of(WORDS).list().ofMinSize(1).ofMaxSize(4).map(words -> String.join(" ", words))
                .filter(name -> !SupplierSimilarity.normalizeName(name).isEmpty());
    }

    @Provide
    Arbitrary<String> postalCodes() {
        return Arbitraries.of("02139", "02139-4307", "94105", null);
    }
}
