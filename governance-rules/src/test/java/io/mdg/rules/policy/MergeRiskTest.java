package io.mdg.rules.policy;

import io.mdg.rules.file.RulesFile;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.mdg.api.EntityType;
import io.mdg.api.ApprovalStep;
import io.mdg.api.model.Address;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.SupplierAttributes;

/**
 * A merge moves the merged record's source records to the survivor: where the survivor's HIGH-risk values differ
 * (bank account, remit-to, tax id), the merge follows those groups' approval rules (default rules file).
 */
class MergeRiskTest {

    private static final GovernancePolicy POLICY = RulesFile.loadDefault().policy();
    private static final BankAccount REAL =
            new BankAccount("Acme", "First Bank", "021000021", "123456789", null, "USD");
    private static final BankAccount LOOK_ALIKE =
            new BankAccount("Acme", "Other Bank", "011000015", "555555555", null, "USD");
    private static final Address REMIT = new Address("PO Box 1", null, "Springfield", "IL", "62701", "US");

    private static SupplierAttributes supplier(String name, String taxId, Address remitTo, BankAccount account) {
        return new SupplierAttributes(name, null, taxId, "123456789", null, null, remitTo, account, null, null);
    }

    @Test
    void a_merge_onto_another_bank_account_needs_the_banking_steps_with_the_verification_note() {
        MergeRisk risk = MergeRisk.assess(POLICY, EntityType.SUPPLIER,
                supplier("Acme Medical Inc.", "12-3456789", REMIT, REAL),
                supplier("Acme Medical Inc", "12-3456789", REMIT, LOOK_ALIKE));

        assertThat(risk).isEqualTo(new MergeRisk(2, true, List.of("legal-identity", "banking"),
                List.of("legalName", "bankAccount"), List.of(new ApprovalStep("supplier-steward", 1),
                new ApprovalStep("finance-controller", 1))));
        assertThat(risk.changesHighRisk()).isTrue();
    }

    @Test
    void a_merge_that_loses_or_changes_a_remit_to_or_tax_id_needs_their_approvals() {
        MergeRisk remit = MergeRisk.assess(POLICY, EntityType.SUPPLIER,
                supplier("Acme", "12-3456789", REMIT, null), supplier("Acme", "12-3456789", null, null));
        assertThat(remit).isEqualTo(new MergeRisk(2, false, List.of("remit-to"), List.of("remitToAddress"),
                List.of(new ApprovalStep("supplier-steward", 2))));

        MergeRisk tax = MergeRisk.assess(POLICY, EntityType.SUPPLIER,
                supplier("Acme", "12-3456789", null, null), supplier("Acme", "98-7654321", null, null));
        assertThat(tax).isEqualTo(new MergeRisk(1, false, List.of("legal-identity"), List.of("taxId"),
                List.of(new ApprovalStep("supplier-steward", 1))));
    }

    @Test
    void a_merge_of_identical_high_risk_values_needs_the_merge_approval_only() {
        MergeRisk risk = MergeRisk.assess(POLICY, EntityType.SUPPLIER,
                new SupplierAttributes("Acme", List.of("Acme Med"), "12-3456789", "123456789", null, null, REMIT,
                        REAL, null, null),
                new SupplierAttributes("Acme", null, "12-3456789", "987654321", null, null, REMIT, REAL, null, null));

        assertThat(risk).isEqualTo(new MergeRisk(1, false, List.of(), List.of(),
                List.of(new ApprovalStep("supplier-steward", 1))));
        assertThat(risk.changesHighRisk()).isFalse();
    }

    @Test
    void high_risk_differences_need_approval_even_where_the_rules_file_applies_merges_at_once() throws Exception {
        String defaults;
        try (var in = RulesFile.class.getClassLoader().getResourceAsStream(RulesFile.DEFAULT_RESOURCE)) {
            defaults = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        GovernancePolicy atOnce = RulesFile.parse(defaults.replace(
                "stewardActions: { merge: 1, lifecycle: { RETIRED: 1, ACTIVE: 1 } }", "stewardActions: { merge: 0 }"),
                "ops/rules.yaml").policy();
        assertThat(atOnce.stewardActions(EntityType.SUPPLIER).mergeApprovals()).isZero();

        assertThat(MergeRisk.assess(atOnce, EntityType.SUPPLIER, supplier("Acme", null, null, REAL),
                supplier("Acme", null, null, LOOK_ALIKE)).approvals()).isEqualTo(2);
        assertThat(MergeRisk.assess(atOnce, EntityType.SUPPLIER, supplier("Acme", null, null, REAL),
                supplier("Acme", null, null, REAL)).approvals()).isZero();
    }

    @Test
    void item_merges_follow_the_packaging_and_regulatory_groups() {
        ItemAttributes latex = new ItemAttributes("Glove", null, null, null, null, null, null, null, null, null,
                true, null, null);
        ItemAttributes latexFree = new ItemAttributes("Glove", null, null, null, null, null, null, null, null, null,
                false, null, null);
        MergeRisk risk = MergeRisk.assess(POLICY, EntityType.ITEM, latex, latexFree);
        assertThat(risk.groups()).containsExactly("regulatory");
        assertThat(risk.attributes()).containsExactly("latex");
        assertThat(risk.approvals()).isEqualTo(1);
    }
}
