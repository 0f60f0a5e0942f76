package io.mdg.rules.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.mdg.api.EntityType;

class ApprovalPolicyTest {

    private static final String ENTITIES = """
            entities:
              SUPPLIER:
                %s
                groups:
                  all: { attributes: [legalName, tradingNames, taxId, duns, gln, orderingAddress, remitToAddress, bankAccount, contacts, screeningStatus], owners: [ERP], risk: LOW }
              ITEM:
                groups:
                  all: { attributes: [description, manufacturer, manufacturerPartNumber, udiDi, udiAgency, hibcCode, unspsc, itemClass, packaging, sterile, latex, implantable, mriSafety], owners: [ERP], risk: LOW }
              CONTRACT:
                groups:
                  all: { attributes: [contractNumber, supplier, contractType, tier, effectiveFrom, effectiveTo, lines], owners: [SOURCING], risk: LOW }
              LOCATION:
                groups:
                  all: { attributes: [name, locationType, parent, gln, hin, address, costCentre, storageCondition, replenishmentMethod], owners: [ERP], risk: LOW }
            """;

    private static GovernancePolicy parse(String approvals, String supplierRole) {
        return GovernancePolicy.parse("version: \"t\"\n" + approvals + ENTITIES.formatted(supplierRole), "test.yaml");
    }

    @Test
    void the_default_file_names_the_domain_steward_roles_and_a_five_day_deadline() {
        GovernancePolicy policy = GovernancePolicy.loadDefault();
        assertThat(policy.approverRole(EntityType.SUPPLIER)).isEqualTo("supplier-steward");
        assertThat(policy.approverRole(EntityType.LOCATION)).isEqualTo("location-steward");
        assertThat(policy.approvalDeadline()).isEqualTo(Duration.ofDays(5));
    }

    @Test
    void an_operator_may_set_the_deadline_and_the_approver_role() {
        GovernancePolicy policy = parse("approvals: { deadline: PT12H }\n", "approverRole: vendor-master-team");
        assertThat(policy.approvalDeadline()).isEqualTo(Duration.ofHours(12));
        assertThat(policy.approverRole(EntityType.SUPPLIER)).isEqualTo("vendor-master-team");
        assertThat(policy.approverRole(EntityType.ITEM)).isEqualTo("item-steward");
    }

    @Test
    void a_malformed_deadline_or_role_stops_loading_with_its_path() {
        assertThatThrownBy(() -> parse("approvals: { deadline: five days }\n", ""))
                .isInstanceOf(RulesFileException.class).hasMessageContaining("approvals.deadline");
        assertThatThrownBy(() -> parse("", "approverRole: [a, b]"))
                .isInstanceOf(RulesFileException.class).hasMessageContaining("entities.SUPPLIER.approverRole");
        assertThatThrownBy(() -> parse("approvals: { deadline: P1D, escalate: x }\n", ""))
                .isInstanceOf(RulesFileException.class).hasMessageContaining("escalate");
    }
}
