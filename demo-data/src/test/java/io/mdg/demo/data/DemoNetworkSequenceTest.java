package io.mdg.demo.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.mdg.api.EntityType;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.PackagingLevel;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.demo.data.DemoNetwork.Sequence;
import io.mdg.demo.data.DemoNetwork.Submission;
import io.mdg.rules.record.RecordRules;

/** The benchmark's records (moved here from the benchmark's BenchDataTest with the generator). */
class DemoNetworkSequenceTest {

    @Test
    void generatedRecordsPassTheValueRules() {
        Sequence data = new Sequence();
        for (Submission s : data.manufacturers()) {
            assertThat(RecordRules.checkValues(s.attributes())).as(s.sourceId()).isEmpty();
        }
        for (Submission s : data.next(3_000)) {
            assertThat(RecordRules.checkValues(s.attributes())).as(s.sourceId()).isEmpty();
        }
        Submission contract = Sequence.contract(7, "s-1", List.of("i-1", "i-2"));
        assertThat(RecordRules.checkValues(contract.attributes())).isEmpty();
    }

    @Test
    void identifiersStayUniqueFarIntoTheStream() {
        Set<String> sourceIds = new HashSet<>();
        Set<String> identifiers = new HashSet<>();
        Sequence data = new Sequence();
        data.manufacturers().forEach(s -> unique(s, sourceIds, identifiers));
        for (int i = 0; i < 50_000; i++) {
            unique(data.next(), sourceIds, identifiers);
        }
        // far out: supplier 900,000 and item 3,000,000 are still distinct from the first ones
        unique(Sequence.supplier(900_000), sourceIds, identifiers);
        unique(Sequence.item(3_000_000), sourceIds, identifiers);
    }

    private static void unique(Submission s, Set<String> sourceIds, Set<String> identifiers) {
        assertThat(sourceIds.add(s.sourceId())).as("source id " + s.sourceId()).isTrue();
        if (s.attributes() instanceof SupplierAttributes a) {
            for (String id : List.of("tax:" + a.taxId(), "duns:" + a.duns(), "gln:" + a.gln(), "name:" + a.legalName())) {
                assertThat(identifiers.add(id)).as(id).isTrue();
            }
        } else if (s.attributes() instanceof ItemAttributes a) {
            for (PackagingLevel level : a.packaging()) {
                assertThat(identifiers.add("gtin:" + level.gtin())).as(level.gtin()).isTrue();
            }
        }
    }

    @Test
    void theMixIsOneSupplierToFourItemsAndItemsNameAManufacturer() {
        List<Submission> next = new Sequence().next(10);
        assertThat(next.stream().filter(s -> s.attributes().entityType() == EntityType.SUPPLIER)).hasSize(2);
        ItemAttributes item = (ItemAttributes) next.get(1).attributes();
        assertThat(item.manufacturer().sourceId()).matches("V1000\\d\\d");
    }

    @Test
    void theGraphQlInputIsTheAttributesWithTheSourceId() {
        Map<String, Object> input = Sequence.item(5).input();
        assertThat(input).containsEntry("sourceId", "I1000005").doesNotContainKey("@type")
                .containsKeys("description", "packaging", "manufacturer");
        assertThat(new String(DemoNetwork.json(Sequence.contract(1, "s", List.of("i")).input())))
                .contains("\"price\":\"").contains("\"effectiveFrom\":\"2026-");
    }
}
