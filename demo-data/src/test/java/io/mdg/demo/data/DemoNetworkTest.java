package io.mdg.demo.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.mdg.api.EntityType;
import io.mdg.api.SourceSystem;
import io.mdg.api.model.Identifier;
import io.mdg.api.model.LocationAttributes;
import io.mdg.api.model.LocationType;
import io.mdg.api.model.MasterAttributes;
import io.mdg.rules.Violation;
import io.mdg.rules.record.RecordRules;
import io.mdg.rules.record.UniqueIdentifiers;

/** The demo network is valid master data of the promised size, so that the demo load exercises the happy path. */
class DemoNetworkTest {

    private final List<DemoNetwork.Step> steps = new DemoNetwork(2026, 500, 20_000).steps();

    @Test
    void every_record_passes_the_value_rules() {
        for (DemoNetwork.Step step : steps) {
            for (DemoNetwork.Submission submission : step.submissions()) {
                MasterAttributes normalized = RecordRules.normalize(submission.attributes());
                List<Violation> violations = RecordRules.checkValues(normalized);
                assertThat(violations).as("%s %s", step.name(), submission.sourceId()).isEmpty();
            }
        }
    }

    @Test
    void the_erp_masters_have_the_promised_size_and_unique_identifiers() {
        Map<EntityType, Integer> erp = new HashMap<>();
        Map<String, String> identifiers = new HashMap<>();
        for (DemoNetwork.Step step : steps) {
            for (DemoNetwork.Submission submission : step.submissions()) {
                if (submission.system() != SourceSystem.ERP || step.name().startsWith("ERP high-risk")) {
                    continue;
                }
                MasterAttributes attributes = RecordRules.normalize(submission.attributes());
                erp.merge(attributes.entityType(), 1, Integer::sum);
                for (Identifier identifier : UniqueIdentifiers.of(attributes)) {
                    String key = attributes.entityType() + " " + identifier;
                    assertThat(identifiers.put(key, submission.sourceId())).as(key).isNull();
                }
            }
        }
        assertThat(erp.get(EntityType.SUPPLIER)).isEqualTo(500);
        assertThat(erp.get(EntityType.ITEM)).isEqualTo(20_000);
        long hospitals = steps.stream().flatMap(s -> s.submissions().stream())
                .filter(s -> s.attributes() instanceof LocationAttributes l && l.locationType() == LocationType.HOSPITAL_CAMPUS)
                .count();
        assertThat(hospitals).isEqualTo(3);
        assertThat(steps.stream().filter(s -> s.name().contains("contracts")).findFirst().orElseThrow()
                .submissions()).hasSizeGreaterThan(50);
    }

    @Test
    void the_demo_leaves_high_risk_changes_for_the_stewards_of_existing_erp_suppliers() {
        DemoNetwork.Step held = steps.get(steps.size() - 1);
        assertThat(held.name()).startsWith("ERP high-risk");
        assertThat(held.submissions()).hasSize(4).allSatisfy(s -> assertThat(s.sourceId()).startsWith("V1000"));
        assertThat(held.submissions().stream().filter(s -> ((io.mdg.api.model.SupplierAttributes) s.attributes())
                .bankAccount() != null)).hasSize(3);
    }
}
