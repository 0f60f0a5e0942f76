package io.mdg.rules.policy;

import io.mdg.rules.file.RulesFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;

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
        return RulesFile.parse("version: \"t\"\n" + approvals + ENTITIES.formatted(supplierRole), "test.yaml").policy();
    }

    @Test
    void the_default_file_names_the_domain_steward_roles_and_a_five_day_deadline() {
        GovernancePolicy policy = RulesFile.loadDefault().policy();
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

    @Test
    void by_default_merges_and_retirements_need_a_second_steward_and_suspension_never_waits() {
        GovernancePolicy policy = RulesFile.loadDefault().policy();
        for (EntityType type : EntityType.values()) {
            StewardActions actions = policy.stewardActions(type);
            assertThat(actions.mergeApprovals()).as("merge of %s", type).isEqualTo(1);
            assertThat(actions.lifecycleApprovals(LifecycleStatus.RETIRED)).as("retire %s", type).isEqualTo(1);
            assertThat(actions.lifecycleApprovals(LifecycleStatus.SUSPENDED)).as("suspend %s", type).isZero();
        }
        assertThat(policy.stewardActions(EntityType.SUPPLIER).lifecycleApprovals(LifecycleStatus.ACTIVE)).isEqualTo(1);
        assertThat(policy.stewardActions(EntityType.ITEM).lifecycleApprovals(LifecycleStatus.ACTIVE)).isZero();
    }

    @Test
    void steward_actions_are_configurable_and_absent_means_applied_at_once() {
        GovernancePolicy policy = parse("", "stewardActions: { merge: 2, lifecycle: { SUSPENDED: 1 } }");
        assertThat(policy.stewardActions(EntityType.SUPPLIER).mergeApprovals()).isEqualTo(2);
        assertThat(policy.stewardActions(EntityType.SUPPLIER).lifecycleApprovals(LifecycleStatus.SUSPENDED)).isEqualTo(1);
        assertThat(policy.stewardActions(EntityType.SUPPLIER).lifecycleApprovals(LifecycleStatus.RETIRED)).isZero();
        assertThat(policy.stewardActions(EntityType.ITEM)).isEqualTo(StewardActions.NONE);
    }

    @Test
    void malformed_steward_actions_stop_loading_with_their_path() {
        assertThatThrownBy(() -> parse("", "stewardActions: { merge: 3 }"))
                .isInstanceOf(RulesFileException.class).hasMessageContaining("entities.SUPPLIER.stewardActions.merge");
        assertThatThrownBy(() -> parse("", "stewardActions: { lifecycle: { ARCHIVED: 1 } }"))
                .isInstanceOf(RulesFileException.class)
                .hasMessageContaining("entities.SUPPLIER.stewardActions.lifecycle.ARCHIVED");
        assertThatThrownBy(() -> parse("", "stewardActions: { delete: 1 }"))
                .isInstanceOf(RulesFileException.class).hasMessageContaining("delete");
    }
}
