package io.mdg.rules.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mdg.api.EntityType;
import io.mdg.api.SourceSystem;
import io.mdg.api.ApprovalStep;
import io.mdg.api.model.Attributes;
import io.mdg.api.model.ItemClass;
import io.mdg.api.model.ScreeningStatus;
import io.mdg.rules.access.AccessRules;
import io.mdg.rules.access.RequestLimits;
import io.mdg.rules.policy.AttributeGroup;
import io.mdg.rules.policy.GovernancePolicy;
import io.mdg.rules.policy.Risk;
import io.mdg.rules.policy.RulesFileException;
import io.mdg.rules.policy.StewardActions;
import io.mdg.rules.quality.CompletenessRules;
import io.mdg.rules.similarity.MatchingRules;

/**
 * The rules file reader: a valid file gives the policy and matching rules it states, and every problem of an invalid
 * one is reported at once with its path.
 */
class RulesFileTest {

    /** A small valid file: one group for each of item, contract and location, two for supplier. */
    private static final String VALID = """
            version: "test.1"
            entities:
              SUPPLIER:
                groups:
                  legal-identity: { attributes: [legalName, taxId], owners: [ERP], risk: HIGH, approvals: 1 }
                  banking: { attributes: [bankAccount], owners: [ERP, STEWARD], risk: HIGH, approvals: 2, evidenceRequired: true }
                  rest: { attributes: [tradingNames, duns, gln, orderingAddress, remitToAddress, contacts, screeningStatus], owners: [ERP], risk: LOW }
              ITEM:
                groups:
                  all: { attributes: [%s], owners: [ERP], risk: LOW }
              CONTRACT:
                groups:
                  all: { attributes: [%s], owners: [SOURCING], risk: LOW, approvals: 0 }
              LOCATION:
                groups:
                  all: { attributes: [%s], owners: [ERP, INVENTORY], risk: LOW }
            """.formatted(names(EntityType.ITEM), names(EntityType.CONTRACT), names(EntityType.LOCATION));

    private static String names(EntityType type) {
        return String.join(", ", Attributes.names(type));
    }

    private static RulesFileException refused(String yaml) {
        try {
            RulesFile.parse(yaml, "ops/rules.yaml").policy();
        } catch (RulesFileException e) {
            return e;
        }
        throw new AssertionError("the rules file was accepted");
    }

    @Test
    void parses_a_valid_file() {
        GovernancePolicy policy = RulesFile.parse(VALID, "ops/rules.yaml").policy();

        assertThat(policy.version()).isEqualTo("test.1");
        assertThat(policy.origin()).isEqualTo("ops/rules.yaml");
        AttributeGroup banking = policy.group(EntityType.SUPPLIER, "bankAccount");
        assertThat(banking).isEqualTo(new AttributeGroup(EntityType.SUPPLIER, "banking", List.of("bankAccount"),
                Set.of(SourceSystem.ERP, SourceSystem.STEWARD), Risk.HIGH, 2, true));
        assertThat(policy.groups(EntityType.SUPPLIER)).extracting(AttributeGroup::name)
                .containsExactly("legal-identity", "banking", "rest");
        assertThat(policy.group(EntityType.CONTRACT, "lines").approvals()).isZero();
        assertThat(policy.owns(SourceSystem.INVENTORY, EntityType.LOCATION, "name")).isTrue();
        assertThat(policy.owns(SourceSystem.SUPPLIER_PORTAL, EntityType.SUPPLIER, "legalName")).isFalse();
    }

    @Test
    void every_attribute_of_every_type_belongs_to_exactly_one_group_of_the_default_file() {
        GovernancePolicy policy = RulesFile.loadDefault().policy();

        assertThat(policy.version()).isNotBlank();
        for (EntityType type : EntityType.values()) {
            for (String attribute : Attributes.names(type)) {
                assertThat(policy.group(type, attribute).attributes()).contains(attribute);
            }
            assertThat(policy.groups(type).stream().mapToInt(g -> g.attributes().size()).sum())
                    .isEqualTo(Attributes.names(type).size());
        }
    }

    @Test
    void the_default_file_holds_the_documented_groups() {
        GovernancePolicy policy = RulesFile.loadDefault().policy();

        assertThat(policy.group(EntityType.SUPPLIER, "taxId")).satisfies(g -> {
            assertThat(g.name()).isEqualTo("legal-identity");
            assertThat(g.risk()).isEqualTo(Risk.HIGH);
            assertThat(g.approvals()).isEqualTo(1);
        });
        assertThat(policy.group(EntityType.SUPPLIER, "bankAccount")).satisfies(g -> {
            assertThat(g.approvals()).isEqualTo(2);
            assertThat(g.evidenceRequired()).isTrue();
            assertThat(g.owners()).containsExactly(SourceSystem.ERP);
            assertThat(g.heldOnCreation()).isTrue();
        });
        assertThat(policy.group(EntityType.SUPPLIER, "remitToAddress").heldOnCreation()).isFalse();
        assertThat(policy.group(EntityType.SUPPLIER, "remitToAddress").approvals()).isEqualTo(2);
        assertThat(policy.group(EntityType.SUPPLIER, "remitToAddress").evidenceRequired()).isFalse();
        assertThat(policy.owns(SourceSystem.SUPPLIER_PORTAL, EntityType.SUPPLIER, "orderingAddress")).isTrue();
        assertThat(policy.owns(SourceSystem.ERP, EntityType.SUPPLIER, "orderingAddress")).isTrue();
        assertThat(policy.owns(SourceSystem.SUPPLIER_PORTAL, EntityType.SUPPLIER, "contacts")).isTrue();
        assertThat(policy.owns(SourceSystem.ERP, EntityType.SUPPLIER, "contacts")).isFalse();
        assertThat(policy.group(EntityType.SUPPLIER, "duns").risk()).isEqualTo(Risk.LOW);
        assertThat(policy.group(EntityType.ITEM, "packaging").risk()).isEqualTo(Risk.HIGH);
        assertThat(policy.group(EntityType.ITEM, "mriSafety").name()).isEqualTo("regulatory");
        assertThat(policy.group(EntityType.ITEM, "hibcCode").name()).isEqualTo("identifiers");
        assertThat(policy.group(EntityType.ITEM, "unspsc").risk()).isEqualTo(Risk.LOW);
        assertThat(policy.group(EntityType.CONTRACT, "tier").risk()).isEqualTo(Risk.HIGH);
        assertThat(policy.group(EntityType.CONTRACT, "lines").risk()).isEqualTo(Risk.LOW);
        assertThat(policy.owns(SourceSystem.SOURCING, EntityType.CONTRACT, "effectiveTo")).isTrue();
        assertThat(policy.group(EntityType.LOCATION, "parent").risk()).isEqualTo(Risk.HIGH);
        assertThat(policy.group(EntityType.LOCATION, "hin").name()).isEqualTo("identifiers");
        assertThat(policy.owns(SourceSystem.INVENTORY, EntityType.LOCATION, "replenishmentMethod")).isTrue();
        assertThat(policy.owns(SourceSystem.INVENTORY, EntityType.LOCATION, "name")).isFalse();
    }

    @Test
    void the_default_file_holds_clearing_an_exclusion_but_not_an_exclusion_hit() {
        GovernancePolicy policy = RulesFile.loadDefault().policy();

        assertThat(policy.group(EntityType.SUPPLIER, "screeningStatus").risk()).isEqualTo(Risk.LOW);
        assertThat(policy.heldChange(EntityType.SUPPLIER, "screeningStatus", ScreeningStatus.EXCLUDED,
                ScreeningStatus.CLEAR)).hasValueSatisfying(change -> {
                    assertThat(change.approvals()).isEqualTo(1);
                    assertThat(change.reason()).isEqualTo("screening EXCLUDED -> CLEAR");
                });
        assertThat(policy.heldChange(EntityType.SUPPLIER, "screeningStatus", ScreeningStatus.CLEAR,
                ScreeningStatus.EXCLUDED)).isEmpty();
        assertThat(policy.heldChange(EntityType.SUPPLIER, "screeningStatus", null, ScreeningStatus.CLEAR)).isEmpty();
        assertThat(policy.heldChange(EntityType.SUPPLIER, "screeningStatus", ScreeningStatus.EXCLUDED,
                ScreeningStatus.EXCLUDED)).isEmpty();
    }

    @Test
    void a_held_change_needs_a_known_value_approvals_and_a_low_risk_group() {
        String unknownValue = VALID.replace("contacts, screeningStatus], owners: [ERP], risk: LOW }",
                "contacts], owners: [ERP], risk: LOW }\n      screening: { attributes: [screeningStatus], owners: [ERP], "
                        + "risk: LOW, heldChanges: [{ from: BANNED, to: CLEAR }] }");
        assertThat(refused(unknownValue).problems()).containsExactly(
                "entities.SUPPLIER.groups.screening.heldChanges[0].from: unknown value 'BANNED' of screeningStatus"
                        + " (known: [NOT_SCREENED, CLEAR, EXCLUDED])",
                "entities.SUPPLIER.groups.screening.heldChanges[0].approvals: a held change needs 1 or 2 approvals"
                        + " (or steps), not 'null'");
        String highRisk = VALID.replace("risk: HIGH, approvals: 1 }",
                "risk: HIGH, approvals: 1, heldChanges: [{ attribute: legalName, to: X, approvals: 1 }] }");
        assertThat(refused(highRisk).problems()).containsExactly(
                "entities.SUPPLIER.groups.legal-identity.heldChanges: a HIGH-risk group holds every change already");
    }

    @Test
    void tells_the_groups_a_change_touches() {
        GovernancePolicy policy = RulesFile.loadDefault().policy();

        assertThat(policy.groupsOf(EntityType.SUPPLIER, List.of("bankAccount", "duns", "gln")))
                .extracting(AttributeGroup::name).containsExactly("identity", "banking");
    }

    @Test
    void an_unknown_attribute_asked_of_the_policy_is_refused() {
        assertThatThrownBy(() -> RulesFile.loadDefault().policy().group(EntityType.ITEM, "colour"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("colour");
    }

    @Test
    void loads_an_operators_file_and_names_it_in_errors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, VALID);
        assertThat(RulesFile.load(file).policy().version()).isEqualTo("test.1");

        Files.writeString(file, VALID.replace("version: \"test.1\"", ""));
        assertThatThrownBy(() -> RulesFile.load(file).policy()).isInstanceOf(RulesFileException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("version");
    }

    @Test
    void a_missing_file_is_reported_with_its_name(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> RulesFile.load(missing).policy()).isInstanceOf(RulesFileException.class)
                .hasMessageContaining("nope.yaml");
    }

    @Test
    void the_version_is_required() {
        RulesFileException e = refused(VALID.replace("version: \"test.1\"", ""));
        assertThat(e.getMessage()).contains("ops/rules.yaml").contains("version: is missing");
        assertThat(e.origin()).isEqualTo("ops/rules.yaml");
    }

    @Test
    void an_unquoted_date_as_version_is_refused() {
        assertThat(refused(VALID.replace("\"test.1\"", "2026-11-27")).getMessage())
                .contains("version: must be a quoted string");
    }

    @Test
    void an_unknown_entity_type_is_refused() {
        String yaml = VALID + "  PATIENT:\n    groups:\n      all: { attributes: [name], owners: [ERP], risk: LOW }\n";
        assertThat(refused(yaml).problems()).anyMatch(p -> p.startsWith("entities.PATIENT: unknown entity type"));
    }

    @Test
    void a_missing_entity_type_is_refused() {
        String yaml = VALID.substring(0, VALID.indexOf("  LOCATION:"));
        assertThat(refused(yaml).problems()).anyMatch(p -> p.startsWith("entities.LOCATION: is missing"));
    }

    @Test
    void an_unknown_attribute_is_refused_with_its_path() {
        String yaml = VALID.replace("[legalName, taxId]", "[legalName, taxId, vatNumber]");
        assertThat(refused(yaml).problems()).anyMatch(p -> p.startsWith(
                "entities.SUPPLIER.groups.legal-identity.attributes[2]: unknown attribute 'vatNumber'"));
    }

    @Test
    void an_attribute_in_two_groups_is_refused() {
        String yaml = VALID.replace("[bankAccount]", "[bankAccount, taxId]");
        assertThat(refused(yaml).problems()).anyMatch(p -> p.startsWith(
                "entities.SUPPLIER.groups.banking.attributes[1]: attribute taxId is already in group legal-identity"));
    }

    @Test
    void an_attribute_in_no_group_is_refused() {
        String yaml = VALID.replace("[legalName, taxId]", "[legalName]");
        assertThat(refused(yaml).problems()).anyMatch(p -> p.equals(
                "entities.SUPPLIER.groups: attribute taxId of SUPPLIER is in no group"));
    }

    @Test
    void an_unknown_source_system_is_refused() {
        String yaml = VALID.replace("owners: [ERP, STEWARD]", "owners: [ERP, BANK]");
        RulesFileException e = refused(yaml);
        assertThat(e.getMessage()).contains("ops/rules.yaml")
                .contains("entities.SUPPLIER.groups.banking.owners[1]: unknown source system 'BANK'");
    }

    @Test
    void a_group_without_owners_is_refused() {
        String yaml = VALID.replace("owners: [ERP, STEWARD]", "owners: []");
        assertThat(refused(yaml).problems()).contains("entities.SUPPLIER.groups.banking.owners: must not be empty");
    }

    @Test
    void a_risk_other_than_low_or_high_is_refused() {
        String yaml = VALID.replace("risk: HIGH, approvals: 2", "risk: MEDIUM, approvals: 2");
        assertThat(refused(yaml).problems())
                .contains("entities.SUPPLIER.groups.banking.risk: must be LOW or HIGH, not 'MEDIUM'");
    }

    @Test
    void a_high_risk_group_needs_one_or_two_approvals() {
        assertThat(refused(VALID.replace("approvals: 2", "approvals: 3")).problems())
                .contains("entities.SUPPLIER.groups.banking.approvals: a HIGH-risk group needs 1 or 2 approvals, not 3");
        assertThat(refused(VALID.replace("approvals: 2", "approvals: 0")).problems())
                .anyMatch(p -> p.startsWith("entities.SUPPLIER.groups.banking.approvals:"));
        assertThat(refused(VALID.replace(", approvals: 2", "")).problems())
                .anyMatch(p -> p.startsWith("entities.SUPPLIER.groups.banking.approvals: is missing"));
    }

    @Test
    void a_low_risk_group_takes_no_approvals() {
        String yaml = VALID.replace("owners: [SOURCING], risk: LOW, approvals: 0", "owners: [SOURCING], risk: LOW, approvals: 1");
        assertThat(refused(yaml).problems()).anyMatch(p -> p.startsWith("entities.CONTRACT.groups.all.approvals:"));
    }

    @Test
    void an_unknown_key_is_refused_rather_than_ignored() {
        String yaml = VALID.replace("evidenceRequired: true", "evidenceRequird: true");
        assertThat(refused(yaml).problems()).anyMatch(p -> p.startsWith(
                "entities.SUPPLIER.groups.banking.evidenceRequird: unknown key"));
    }

    @Test
    void evidence_required_must_be_a_boolean() {
        String yaml = VALID.replace("evidenceRequired: true", "evidenceRequired: maybe");
        assertThat(refused(yaml).problems()).anyMatch(p -> p.startsWith(
                "entities.SUPPLIER.groups.banking.evidenceRequired: must be true or false"));
    }

    @Test
    void held_on_creation_is_read_and_only_allowed_for_high_risk_groups() {
        String held = VALID.replace("evidenceRequired: true }", "evidenceRequired: true, heldOnCreation: true }");
        assertThat(RulesFile.parse(held, "ops/rules.yaml").policy().group(EntityType.SUPPLIER, "bankAccount")
                .heldOnCreation()).isTrue();
        assertThat(RulesFile.parse(VALID, "ops/rules.yaml").policy().group(EntityType.SUPPLIER, "duns")
                .heldOnCreation()).isFalse();
        String low = VALID.replace("screeningStatus], owners: [ERP], risk: LOW }",
                "screeningStatus], owners: [ERP], risk: LOW, heldOnCreation: true }");
        assertThat(refused(low).problems()).anyMatch(p -> p.startsWith(
                "entities.SUPPLIER.groups.rest.heldOnCreation: only a HIGH-risk group"));
        String notBoolean = VALID.replace("evidenceRequired: true }", "evidenceRequired: true, heldOnCreation: 2 }");
        assertThat(refused(notBoolean).problems()).anyMatch(p -> p.startsWith(
                "entities.SUPPLIER.groups.banking.heldOnCreation: must be true or false"));
    }

    @Test
    void the_matching_rules_are_read_and_are_the_shipped_ones_when_the_file_has_none() {
        // an operator's file without the section gets the shipped file's
        assertThat(RulesFile.parse(VALID, "ops/rules.yaml").matching()).isEqualTo(RulesFile.loadDefault().matching());
        assertThat(RulesFile.parse(VALID + "matching:\n  duplicateMinScore: 0.9\n", "ops/rules.yaml").matching())
                .isEqualTo(new MatchingRules(0.9));
        assertThat(RulesFile.loadDefault().matching().duplicateMinScore()).isEqualTo(0.8);
    }

    @Test
    void the_completeness_rules_are_read_per_item_class_and_are_the_shipped_ones_when_the_file_has_none() {
        assertThat(RulesFile.parse(VALID, "ops/rules.yaml").completeness())
                .isEqualTo(RulesFile.loadDefault().completeness());
        CompletenessRules shipped = RulesFile.loadDefault().completeness();
        assertThat(shipped.requiredItemAttributes(ItemClass.IMPLANT)).containsExactly("description", "manufacturer",
                "manufacturerPartNumber", "unspsc", "itemClass", "packaging", "udiDi", "udiAgency", "implantable",
                "sterile", "latex", "mriSafety");
        assertThat(shipped.requiredItemAttributes(ItemClass.PHARMACY)).endsWith(CompletenessRules.PACKAGING_GTIN);
        assertThat(shipped.requiredItemAttributes(null)).isEqualTo(shipped.base());

        CompletenessRules own = RulesFile.parse(VALID + """
                quality:
                  requiredItemAttributes:
                    base: [description]
                    LAB: [sterile]
                """, "ops/rules.yaml").completeness();
        assertThat(own.requiredItemAttributes(ItemClass.LAB)).containsExactly("description", "sterile");
        assertThat(own.requiredItemAttributes(ItemClass.IMPLANT)).containsExactly("description");
    }

    @Test
    void an_unknown_item_attribute_or_class_in_the_completeness_rules_is_refused_with_its_path() {
        assertThat(refused(VALID + """
                quality:
                  requiredItemAttributes:
                    base: [description, colour]
                    GADGET: [sterile]
                    LAB: sterile
                """).problems()).satisfiesExactlyInAnyOrder(
                problem -> assertThat(problem).startsWith(
                        "quality.requiredItemAttributes.base: unknown item attribute 'colour'"),
                problem -> assertThat(problem).startsWith("quality.requiredItemAttributes.GADGET: unknown item class"),
                problem -> assertThat(problem).startsWith("quality.requiredItemAttributes.LAB: must be a list"));
        assertThat(refused(VALID + "quality:\n  requiredItemAttributes:\n    LAB: [sterile]\n").problems())
                .containsExactly("quality.requiredItemAttributes.base: is missing (what every item needs)");
    }

    @Test
    void a_duplicate_threshold_outside_zero_to_one_or_an_unknown_matching_key_is_refused() {
        assertThat(refused(VALID + "matching:\n  duplicateMinScore: 1.5\n").problems())
                .containsExactly("matching.duplicateMinScore: must be a number above 0 and at most 1 (e.g. 0.8),"
                        + " not '1.5'");
        assertThat(refused(VALID + "matching:\n  duplicateMinScore: high\n").problems()).singleElement()
                .asString().startsWith("matching.duplicateMinScore: must be a number");
        assertThat(refused(VALID + "matching:\n  minScore: 0.9\n").problems()).containsExactly(
                "matching.minScore: unknown key (allowed: duplicateMinScore)", "matching.duplicateMinScore: is missing");
    }

    @Test
    void the_access_rules_take_the_stewards_roles_from_the_approver_roles_and_the_rest_from_the_shipped_file() {
        AccessRules shipped = RulesFile.loadDefault().access();
        assertThat(shipped.stewardRole(EntityType.SUPPLIER)).isEqualTo("supplier-steward");
        assertThat(shipped.readers()).containsExactlyInAnyOrder("analyst", "auditor", "admin");
        assertThat(shipped.bankAccountReaders()).containsExactlyInAnyOrder("supplier-steward", "finance-controller",
                "auditor");
        assertThat(shipped.noteReaders()).containsExactly("auditor");
        assertThat(shipped.bankAccountConsumers()).containsExactly("erp");
        assertThat(shipped.deliversBankAccounts("erp")).isTrue();
        assertThat(shipped.deliversBankAccounts("inventory")).isFalse();

        AccessRules own = RulesFile.parse(VALID.replace("  ITEM:\n", "  ITEM:\n    approverRole: materials-manager\n")
                + "access:\n  bankAccountReaders: [treasury]\n", "ops/rules.yaml").access();
        assertThat(own.stewardRole(EntityType.ITEM)).isEqualTo("materials-manager");
        assertThat(own.bankAccountReaders()).containsExactly("treasury");
        assertThat(own.readers()).isEqualTo(shipped.readers());
        assertThat(own.reads(List.of("materials-manager"))).isTrue();
        assertThat(own.stewards(List.of("item-steward"))).isFalse();
        assertThat(own.seesBankAccounts(List.of("supplier-steward"))).isFalse();
        assertThat(own.seesNotes(List.of("materials-manager"), EntityType.ITEM)).isTrue();
        assertThat(own.seesNotes(List.of("materials-manager"), EntityType.SUPPLIER)).isFalse();
        assertThat(own.seesNotes(List.of("auditor"), EntityType.SUPPLIER)).isTrue();
    }

    @Test
    void access_rules_that_are_not_lists_of_role_names_are_refused_with_their_path() {
        assertThat(refused(VALID + "access:\n  readers: auditor\n  noteReaders: [Auditors]\n  writers: []\n"
                + "  bankAccountConsumers: [ERP]\n").problems()).satisfiesExactlyInAnyOrder(
                problem -> assertThat(problem).isEqualTo("access.writers: unknown key (allowed: bankAccountConsumers,"
                        + " bankAccountReaders, noteReaders, readers)"),
                problem -> assertThat(problem).startsWith("access.bankAccountConsumers: 'ERP' is not a client id"),
                problem -> assertThat(problem).startsWith("access.readers: must be a list of role names"),
                problem -> assertThat(problem).startsWith("access.noteReaders: 'Auditors' is not a role name"));
    }

    @Test
    void the_request_limits_are_read_and_each_missing_one_is_the_shipped_files() {
        assertThat(RulesFile.loadDefault().limits()).isEqualTo(new RequestLimits(1000, 500));
        assertThat(RulesFile.parse(VALID + "limits:\n  pageSize: 50\n", "ops/rules.yaml").limits())
                .isEqualTo(new RequestLimits(1000, 50));
        assertThat(refused(VALID + "limits:\n  pageSize: 0\n  batchEntries: many\n").problems())
                .containsExactlyInAnyOrder("limits.pageSize: must be a whole number from 1 to 100000, not '0'",
                        "limits.batchEntries: must be a whole number from 1 to 100000, not 'many'");
    }

    @Test
    void malformed_yaml_is_refused_with_its_line() {
        RulesFileException e = refused("version: \"1\"\nentities: [unclosed\n");
        assertThat(e.getMessage()).contains("ops/rules.yaml").contains("malformed YAML").contains("line");
    }

    @Test
    void a_duplicate_key_is_refused() {
        String yaml = VALID.replace("version: \"test.1\"", "version: \"test.1\"\nversion: \"test.2\"");
        assertThat(refused(yaml).getMessage()).contains("malformed YAML").contains("version");
    }

    @Test
    void an_empty_file_is_refused() {
        assertThat(refused("").getMessage()).contains("ops/rules.yaml").contains("empty");
    }

    @Test
    void every_problem_is_reported_at_once() {
        String yaml = VALID.replace("version: \"test.1\"", "").replace("risk: HIGH, approvals: 2", "risk: SEVERE");
        assertThat(refused(yaml).problems()).hasSizeGreaterThanOrEqualTo(2);
    }

    private static final String TWO_APPROVALS = "risk: HIGH, approvals: 2, evidenceRequired: true";

    private static String banking(String approval) {
        return VALID.replace(TWO_APPROVALS, "risk: HIGH, " + approval + ", evidenceRequired: true");
    }

    @Test
    void a_high_risk_group_may_name_ordered_approval_steps_instead_of_a_number() {
        GovernancePolicy policy = RulesFile.parse(banking(
                "steps: [{ role: supplier-steward, approvals: 1 }, { role: finance-controller, approvals: 2 }]"),
                "ops/rules.yaml").policy();

        AttributeGroup banking = policy.group(EntityType.SUPPLIER, "bankAccount");
        assertThat(policy.approvalSteps(banking)).containsExactly(new ApprovalStep("supplier-steward", 1),
                new ApprovalStep("finance-controller", 2));
        assertThat(banking.approvals()).isEqualTo(3);
        assertThat(policy.deciderRoles(EntityType.SUPPLIER)).containsExactly("supplier-steward",
                "finance-controller");
        assertThat(RulesFile.parse(banking("steps: [{ role: finance-controller, approvals: 1 }]"), "x").access()
                .decides(List.of("finance-controller"), EntityType.SUPPLIER)).isTrue();
    }

    @Test
    void approvals_n_stays_one_step_of_the_types_approver_role() {
        GovernancePolicy policy = RulesFile.parse(VALID, "ops/rules.yaml").policy();

        assertThat(policy.approvalSteps(policy.group(EntityType.SUPPLIER, "bankAccount")))
                .containsExactly(new ApprovalStep("supplier-steward", 2));
        assertThat(policy.approvalSteps(policy.group(EntityType.ITEM, "description")))
                .containsExactly(new ApprovalStep("item-steward", 1));
        assertThat(policy.deciderRoles(EntityType.SUPPLIER)).containsExactly("supplier-steward");
    }

    @Test
    void malformed_approval_steps_are_refused_with_their_path() {
        assertThat(refused(banking("approvals: 1, steps: [{ role: finance-controller, approvals: 1 }]")).problems())
                .containsExactly("entities.SUPPLIER.groups.banking: give either approvals (one step of the type's"
                        + " approverRole) or steps, not both");
        assertThat(refused(banking("steps: [{ role: '', approvals: 1 }, { role: Finance Controller, approvals: 0 },"
                + " { approvals: 1 }]")).problems()).containsExactly(
                "entities.SUPPLIER.groups.banking.steps[0].role: is missing (the realm role that approves the step,"
                        + " e.g. finance-controller)",
                "entities.SUPPLIER.groups.banking.steps[1].role: must be a role name (lower case letters, digits and"
                        + " dashes, e.g. finance-controller), not 'Finance Controller'",
                "entities.SUPPLIER.groups.banking.steps[1].approvals: a step needs 1 or 2 approvals (different people"
                        + " of its role), not '0'",
                "entities.SUPPLIER.groups.banking.steps[2].role: is missing (the realm role that approves the step,"
                        + " e.g. finance-controller)");
        assertThat(refused(banking("steps: [{ role: supplier-steward, approvals: 1 },"
                + " { role: supplier-steward, approvals: 1, when: later }]")).problems()).containsExactly(
                "entities.SUPPLIER.groups.banking.steps[1].when: unknown key (allowed: approvals, role)",
                "entities.SUPPLIER.groups.banking.steps[1].role: supplier-steward already approves an earlier step (a"
                        + " role is one step; ask for more approvals of it there)");
        assertThat(refused(banking("steps: []")).problems())
                .containsExactly("entities.SUPPLIER.groups.banking.steps: must not be empty");
        assertThat(refused(VALID.replace("screeningStatus], owners: [ERP], risk: LOW }",
                "screeningStatus], owners: [ERP], risk: LOW, steps: [{ role: finance-controller, approvals: 1 }] }"))
                .problems()).containsExactly("entities.SUPPLIER.groups.rest.steps: a LOW-risk group is applied"
                + " without approval; only a HIGH-risk group has approval steps");
    }

    @Test
    void groups_that_order_two_roles_both_ways_are_refused() {
        String yaml = banking("steps: [{ role: supplier-steward, approvals: 1 }, { role: finance-controller,"
                + " approvals: 1 }]").replace("legal-identity: { attributes: [legalName, taxId], owners: [ERP],"
                + " risk: HIGH, approvals: 1 }", "legal-identity: { attributes: [legalName, taxId], owners: [ERP],"
                + " risk: HIGH, steps: [{ role: finance-controller, approvals: 1 }, { role: supplier-steward,"
                + " approvals: 1 }] }");

        assertThat(refused(yaml).problems()).singleElement().asString().startsWith(
                "entities.SUPPLIER: the approval steps of its groups order the same roles both ways");
    }

    @Test
    void a_held_change_may_name_steps() {
        GovernancePolicy policy = RulesFile.parse(VALID.replace("contacts, screeningStatus], owners: [ERP], risk: LOW }",
                "contacts], owners: [ERP], risk: LOW }\n      screening: { attributes: [screeningStatus], owners: [ERP], "
                        + "risk: LOW, heldChanges: [{ from: EXCLUDED, to: CLEAR, steps: [{ role: supplier-steward,"
                        + " approvals: 1 }, { role: compliance-officer, approvals: 1 }] }] }"), "x").policy();

        var change = policy.heldChange(EntityType.SUPPLIER, "screeningStatus", ScreeningStatus.EXCLUDED,
                ScreeningStatus.CLEAR).orElseThrow();
        assertThat(change.approvals()).isEqualTo(2);
        assertThat(policy.approvalSteps(EntityType.SUPPLIER, change)).containsExactly(
                new ApprovalStep("supplier-steward", 1), new ApprovalStep("compliance-officer", 1));
        assertThat(policy.deciderRoles(EntityType.SUPPLIER)).contains("compliance-officer");
    }

    @Test
    void the_shipped_rules_check_bank_changes_by_a_supplier_steward_then_a_finance_controller() {
        GovernancePolicy shipped = RulesFile.loadDefault().policy();

        AttributeGroup banking = shipped.group(EntityType.SUPPLIER, "bankAccount");
        assertThat(shipped.approvalSteps(banking)).containsExactly(new ApprovalStep("supplier-steward", 1),
                new ApprovalStep("finance-controller", 1));
        assertThat(banking.evidenceRequired()).isTrue();
        assertThat(shipped.approvalSteps(shipped.group(EntityType.CONTRACT, "tier"))).containsExactly(
                new ApprovalStep("category-manager", 1), new ApprovalStep("contract-steward", 1));
        assertThat(shipped.approvalSteps(shipped.group(EntityType.SUPPLIER, "remitToAddress")))
                .containsExactly(new ApprovalStep("supplier-steward", 2));
    }

    /** VALID with approvals { deadline, escalateAfter } and a supplier escalation role. */
    private static String escalating(String escalateAfter, String supplierEscalationRole) {
        return VALID.replace("entities:\n", "approvals: { deadline: P5D" + (escalateAfter == null ? ""
                : ", escalateAfter: " + escalateAfter) + " }\nentities:\n")
                .replace("  SUPPLIER:\n", "  SUPPLIER:\n" + (supplierEscalationRole == null ? ""
                        : "    escalationRole: " + supplierEscalationRole + "\n"));
    }

    @Test
    void a_file_with_escalate_after_and_an_escalation_role_escalates_that_types_requests_only() {
        GovernancePolicy policy = RulesFile.parse(escalating("P2D", "data-governance-lead"), "x").policy();

        assertThat(policy.escalateAfter()).isEqualTo(java.time.Duration.ofDays(2));
        assertThat(policy.escalationRole(EntityType.SUPPLIER)).contains("data-governance-lead");
        assertThat(policy.escalationRole(EntityType.ITEM)).isEmpty();
        // the escalation role reads the type's change requests and notes, as the roles of its steps do
        assertThat(policy.deciderRoles(EntityType.SUPPLIER)).contains("data-governance-lead");
        assertThat(RulesFile.parse(escalating("P2D", "data-governance-lead"), "x").access()
                .deciderRoles().get(EntityType.SUPPLIER)).contains("data-governance-lead");
    }

    @Test
    void a_file_without_escalation_keeps_only_the_deadline() {
        GovernancePolicy policy = RulesFile.parse(VALID, "x").policy();

        assertThat(policy.escalateAfter()).isNull();
        for (EntityType type : EntityType.values()) {
            assertThat(policy.escalationRole(type)).as(type.name()).isEmpty();
        }
        // an escalateAfter without any escalation role escalates nothing either
        assertThat(RulesFile.parse(escalating("P2D", null), "x").policy().escalationRole(EntityType.SUPPLIER))
                .isEmpty();
    }

    @Test
    void the_shipped_file_escalates_every_type_to_the_data_governance_lead_after_two_days() {
        GovernancePolicy policy = RulesFile.loadDefault().policy();

        assertThat(policy.escalateAfter()).isEqualTo(java.time.Duration.ofDays(2));
        assertThat(policy.escalateAfter()).isLessThan(policy.approvalDeadline());
        for (EntityType type : EntityType.values()) {
            assertThat(policy.escalationRole(type)).as(type.name()).contains("data-governance-lead");
        }
    }

    @Test
    void a_bad_escalation_is_refused_with_its_path() {
        assertThat(refused(escalating("P5D", "data-governance-lead")).problems()).contains(
                "approvals.escalateAfter: must be shorter than approvals.deadline (PT120H), not P5D: a request"
                        + " escalates before it expires");
        assertThat(refused(escalating("soon", "data-governance-lead")).problems()).contains(
                "approvals.escalateAfter: must be an ISO-8601 duration such as P2D or PT12H, not 'soon'");
        assertThat(refused(escalating("-P1D", "data-governance-lead")).problems())
                .contains("approvals.escalateAfter: must be positive, not -P1D");
        assertThat(refused(escalating(null, "data-governance-lead")).problems()).contains(
                "entities.SUPPLIER.escalationRole: needs approvals.escalateAfter (e.g. P2D), the time after which a"
                        + " pending request escalates");
        assertThat(refused(escalating("P2D", "Governance Lead")).problems()).contains(
                "entities.SUPPLIER.escalationRole: must be a role name such as data-governance-lead, not"
                        + " Governance Lead");
        assertThat(refused(escalating("P2D", "supplier-steward")).problems()).singleElement().asString()
                .startsWith("entities.SUPPLIER.escalationRole: must not be the type's approverRole (supplier-steward)");
    }
}
