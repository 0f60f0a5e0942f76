package io.mdg.command.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import java.util.Optional;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.FeatureMatcher;
import org.hamcrest.Matcher;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.changerequest.ChangeRequestStatus;
import io.mdg.api.changerequest.PendingChangeReleasedEvent;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.Contact;
import io.mdg.api.model.ScreeningStatus;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.ApplyLifecycleChangeCommand;
import io.mdg.api.record.ChangeHeldForApprovalEvent;
import io.mdg.api.record.DecideSubmissionCommand;
import io.mdg.api.record.HeldAttribute;
import io.mdg.api.record.LifecycleChangedEvent;
import io.mdg.api.record.RecordChangedEvent;
import io.mdg.api.record.RecordCommand;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.api.record.SourceRecordLinkedEvent;
import io.mdg.api.record.SubmissionDecision;
import io.mdg.api.submission.AttributeResult;
import io.mdg.api.submission.AttributeStatus;
import io.mdg.api.submission.FieldError;
import io.mdg.api.submission.SubmissionOutcome;
import io.mdg.api.submission.SubmissionResult;
import io.mdg.command.lookup.CrossRecordChecks;
import io.mdg.command.routing.PayloadTargetResolver;
import io.mdg.rules.Violation;
import io.mdg.rules.decision.RecordValidator;
import io.mdg.rules.file.RulesFile;
import io.mdg.rules.policy.GovernancePolicy;
import io.mdg.rules.record.RecordFacts;
import io.mdg.rules.record.ReferenceLookup;

/**
 * The governance decisions of a golden record (here a supplier, under the default rules file), given and when and
 * then: what a submission applies, refuses, holds or ignores, and which events it stores.
 */
class GovernedRecordTest {

    /** A bank account held for the shipped rules' steps: a supplier steward's check, then a finance controller. */
    private static final HeldAttribute BANK_HELD = new HeldAttribute("bankAccount", "banking", 2, true,
            List.of(new io.mdg.api.ApprovalStep("supplier-steward", 1),
                    new io.mdg.api.ApprovalStep("finance-controller", 1)));

    private static final String ID = "supplier-1";
    private static final GovernancePolicy POLICY = RulesFile.loadDefault().policy();
    private static final Actor ERP = Actor.client("erp");
    private static final Actor PORTAL = Actor.client("supplier-portal");
    private static final SourceRef ERP_1 = new SourceRef(SourceSystem.ERP, "V-1", 1L);
    private static final SourceRef ERP_2 = new SourceRef(SourceSystem.ERP, "V-1", 2L);
    private static final SupplierAttributes ACME = SupplierAttributes.named("Acme Medical Inc.");
    private static final List<Contact> CONTACTS = List.of(new Contact("Kim", "sales", "kim@acme.example", null));
    private static final BankAccount ACCOUNT = new BankAccount("Acme", "First Bank", "021000021", "123456789", null, "USD");

    private AggregateTestFixture<GovernedRecord> fixture;
    /** What the record rules say about the resulting record (empty: valid). */
    private List<Violation> verdict;
    /** The records that reference this one, as the lifecycle rules see them. */
    private List<RecordFacts> referencing;
    private String matchedOn;
    /** The id of the change request the next command would open (in production: a new id per command). */
    private String changeRequestId;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(GovernedRecord.class);
        verdict = new ArrayList<>();
        referencing = new ArrayList<>();
        matchedOn = null;
        changeRequestId = null;
        fixture.registerCommandTargetResolver(
                new PayloadTargetResolver<>(RecordCommand.class, RecordCommand::recordId));
        fixture.registerInjectableResource(io.mdg.command.record.PolicyInForce.of(POLICY));
        fixture.registerInjectableResource(new CrossRecordChecks(null) {
            @Override
            public RecordValidator validator(String recordId) {
                return (resulting, isNew) -> verdict;
            }

            @Override
            public ReferenceLookup references() {
                return new ReferenceLookup() {
                    @Override
                    public Optional<RecordFacts> find(String id) {
                        return Optional.empty();
                    }

                    @Override
                    public List<RecordFacts> referencing(String id) {
                        return referencing;
                    }
                };
            }
        });
    }

    /** What the submission handler sends the record once the set-based part is done. */
    private DecideSubmissionCommand submit(SourceRef source, SupplierAttributes attributes, Actor actor) {
        return new DecideSubmissionCommand(ID, source, attributes, actor, matchedOn, changeRequestId, null);
    }

    /** The decision's answer to the source is {@code result}. */
    private static Matcher<Object> answers(SubmissionResult result) {
        return new FeatureMatcher<>(Matchers.equalTo(result), "a decision answering", "result") {
            @Override
            protected SubmissionResult featureValueOf(Object actual) {
                return ((SubmissionDecision) actual).result();
            }
        };
    }

    private static SupplierAttributes withContacts(SupplierAttributes base, List<Contact> contacts) {
        return new SupplierAttributes(base.legalName(), null, null, null, null, null, null, null, contacts, null);
    }

    private static SupplierAttributes only(List<String> tradingNames, BankAccount account) {
        return new SupplierAttributes(null, tradingNames, null, null, null, null, null, account, null, null);
    }

    @Test
    void a_new_record_takes_the_attributes_its_source_owns_and_refuses_the_others() {
        fixture.givenNoPriorActivity()
                .when(submit(ERP_1, withContacts(ACME, CONTACTS), ERP))
                .expectEvents(new RecordRegisteredEvent(ID, EntityType.SUPPLIER, ERP_1, ACME, ERP))
                .expectResultMessagePayloadMatching(Matchers.hasToString(
                        Matchers.containsString("NOT_SYSTEM_OF_RECORD")));
    }

    @Test
    void a_new_suppliers_bank_account_is_held_for_banking_approval_and_not_part_of_the_record() {
        changeRequestId = "cr-1";
        SupplierAttributes withBank = new SupplierAttributes(ACME.legalName(), null, null, null, null, null, null,
                ACCOUNT, null, null);
        fixture.givenNoPriorActivity()
                .when(submit(ERP_1, withBank, ERP))
                .expectEvents(new RecordRegisteredEvent(ID, EntityType.SUPPLIER, ERP_1, ACME, ERP),
                        new ChangeHeldForApprovalEvent(ID, EntityType.SUPPLIER, ERP_1,
                                List.of(BANK_HELD), only(null, ACCOUNT),
                                only(null, null), ERP, "cr-1"))
                .expectResultMessagePayloadMatching(answers(new SubmissionResult(SubmissionOutcome.CREATED, ID, List.of(
                        AttributeResult.of("legalName", AttributeStatus.APPLIED),
                        new AttributeResult("bankAccount", AttributeStatus.PENDING_APPROVAL, "APPROVAL_REQUIRED",
                                "held for steward approval (banking, 2 approvals in steps: supplier-steward x1 then"
                                        + " finance-controller x1)")), List.of(), "cr-1")));
    }

    @Test
    void a_new_suppliers_bank_account_that_breaks_a_record_rule_rejects_the_submission() {
        changeRequestId = "cr-1";
        verdict.add(new Violation("bankAccount", "INVALID_ROUTING_NUMBER", "bad routing number"));
        fixture.givenNoPriorActivity()
                .when(submit(ERP_1, new SupplierAttributes(ACME.legalName(), null, null, null, null,
                        null, null, ACCOUNT, null, null), ERP))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(Matchers.hasToString(
                        Matchers.containsString("outcome=REJECTED")));
    }

    @Test
    void a_new_record_that_breaks_a_record_rule_is_not_created() {
        verdict.add(new Violation("legalName", "REQUIRED", "legalName is required"));
        fixture.givenNoPriorActivity()
                .when(submit(ERP_1, ACME, ERP))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(answers(new SubmissionResult(SubmissionOutcome.REJECTED, null,
                        List.of(new AttributeResult("legalName", AttributeStatus.INVALID, "NOT_APPLIED",
                                "not applied: the submission was rejected (see errors)")),
                        List.of(new FieldError("legalName", "REQUIRED", "legalName is required")))));
    }

    @Test
    void an_owned_low_risk_change_is_applied_with_its_previous_value() {
        SupplierAttributes change = only(List.of("Acme Med"), null);
        fixture.given(new RecordRegisteredEvent(ID, EntityType.SUPPLIER, ERP_1, ACME, ERP))
                .when(submit(ERP_2, change, ERP))
                .expectEvents(new RecordChangedEvent(ID, EntityType.SUPPLIER, ERP_2, List.of("tradingNames"), change,
                        only(null, null), ERP))
                .expectResultMessagePayloadMatching(answers(new SubmissionResult(SubmissionOutcome.UPDATED, ID,
                        List.of(AttributeResult.of("tradingNames", AttributeStatus.APPLIED)), List.of())));
    }

    @Test
    void a_change_by_a_source_that_does_not_own_the_attribute_is_refused() {
        SourceRef portal = new SourceRef(SourceSystem.SUPPLIER_PORTAL, "P-1", 1L);
        fixture.given(new RecordRegisteredEvent(ID, EntityType.SUPPLIER, ERP_1, ACME, ERP))
                .when(submit(portal, only(List.of("Acme Portal Name"), null), PORTAL))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(Matchers.hasToString(
                        Matchers.containsString("outcome=UNCHANGED")));
    }

    @Test
    void a_high_risk_change_is_held_once_and_not_applied() {
        SupplierAttributes bank = only(null, ACCOUNT);
        fixture.given(new RecordRegisteredEvent(ID, EntityType.SUPPLIER, ERP_1, ACME, ERP))
                .when(submit(ERP_2, bank, ERP))
                .expectEvents(new ChangeHeldForApprovalEvent(ID, EntityType.SUPPLIER, ERP_2,
                        List.of(BANK_HELD), bank, only(null, null), ERP))
                .expectResultMessagePayloadMatching(Matchers.hasToString(
                        Matchers.containsString("outcome=PENDING_APPROVAL")));
    }

    @Test
    void a_retried_held_change_stores_nothing_new() {
        SupplierAttributes bank = only(null, ACCOUNT);
        fixture.given(new RecordRegisteredEvent(ID, EntityType.SUPPLIER, ERP_1, ACME, ERP),
                        new ChangeHeldForApprovalEvent(ID, EntityType.SUPPLIER, ERP_2,
                                List.of(BANK_HELD), bank, only(null, null), ERP))
                .when(submit(ERP_2, bank, ERP))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(Matchers.hasToString(
                        Matchers.containsString("outcome=PENDING_APPROVAL")));
    }

    @Test
    void an_older_submission_is_stale_and_an_identical_repeat_is_unchanged() {
        fixture.given(new RecordRegisteredEvent(ID, EntityType.SUPPLIER, ERP_2, ACME, ERP))
                .when(submit(ERP_1, only(List.of("Old"), null), ERP))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(answers(new SubmissionResult(SubmissionOutcome.STALE, ID, List.of(), List.of())));
        fixture.given(new RecordRegisteredEvent(ID, EntityType.SUPPLIER, ERP_2, ACME, ERP))
                .when(submit(ERP_2, ACME, ERP))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(answers(new SubmissionResult(SubmissionOutcome.UNCHANGED, ID,
                        List.of(AttributeResult.of("legalName", AttributeStatus.UNCHANGED)), List.of())));
    }

    @Test
    void a_change_that_breaks_a_record_rule_is_rejected_and_nothing_changes() {
        verdict.add(new Violation("duns", "DUPLICATE_IDENTIFIER", "DUNS 123456789 already identifies supplier-2"));
        fixture.given(new RecordRegisteredEvent(ID, EntityType.SUPPLIER, ERP_1, ACME, ERP))
                .when(submit(ERP_2, only(List.of("Acme Med"), null), ERP))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(Matchers.hasToString(
                        Matchers.containsString("DUPLICATE_IDENTIFIER")));
    }

    @Test
    void a_new_source_record_matched_by_identifier_is_linked_before_its_change() {
        matchedOn = "TAX_ID 12-3456789";
        SourceRef portal = new SourceRef(SourceSystem.SUPPLIER_PORTAL, "P-9", 1L);
        SupplierAttributes contacts = new SupplierAttributes(null, null, null, null, null, null, null, null, CONTACTS, null);
        fixture.given(new RecordRegisteredEvent(ID, EntityType.SUPPLIER, ERP_1, ACME, ERP))
                .when(submit(portal, contacts, PORTAL))
                .expectEvents(new SourceRecordLinkedEvent(ID, EntityType.SUPPLIER, portal, matchedOn, PORTAL),
                        new RecordChangedEvent(ID, EntityType.SUPPLIER, portal, List.of("contacts"), contacts,
                                only(null, null), PORTAL));
    }

    @Test
    void an_exclusion_screening_hit_suspends_the_supplier() {
        SupplierAttributes hit = new SupplierAttributes(null, null, null, null, null, null, null, null, null,
                ScreeningStatus.EXCLUDED);
        fixture.given(new RecordRegisteredEvent(ID, EntityType.SUPPLIER, ERP_1, ACME, ERP))
                .when(submit(ERP_2, hit, ERP))
                .expectEvents(new RecordChangedEvent(ID, EntityType.SUPPLIER, ERP_2, List.of("screeningStatus"), hit,
                                only(null, null), ERP),
                        new LifecycleChangedEvent(ID, EntityType.SUPPLIER, LifecycleStatus.ACTIVE,
                                LifecycleStatus.SUSPENDED, "exclusion screening hit", ERP));
    }

    @Test
    void clearing_an_exclusion_is_held_for_a_steward_while_its_supplier_stays_suspended() {
        SupplierAttributes hit = screening(ScreeningStatus.EXCLUDED);
        SupplierAttributes clear = screening(ScreeningStatus.CLEAR);
        SourceRef erp3 = new SourceRef(SourceSystem.ERP, "V-1", 3L);
        fixture.given(new RecordRegisteredEvent(ID, EntityType.SUPPLIER, ERP_1, ACME, ERP),
                        new RecordChangedEvent(ID, EntityType.SUPPLIER, ERP_2, List.of("screeningStatus"), hit,
                                only(null, null), ERP),
                        new LifecycleChangedEvent(ID, EntityType.SUPPLIER, LifecycleStatus.ACTIVE,
                                LifecycleStatus.SUSPENDED, "exclusion screening hit", ERP))
                .when(submit(erp3, clear, ERP))
                .expectEvents(new ChangeHeldForApprovalEvent(ID, EntityType.SUPPLIER, erp3,
                        List.of(new HeldAttribute("screeningStatus", "screening", 1, false)), clear, hit, ERP))
                .expectResultMessagePayloadMatching(Matchers.hasToString(Matchers.allOf(
                        Matchers.containsString("outcome=PENDING_APPROVAL"),
                        Matchers.containsString("screening EXCLUDED -> CLEAR"))));
    }

    @Test
    void a_first_screening_result_of_clear_applies_at_once() {
        SupplierAttributes clear = screening(ScreeningStatus.CLEAR);
        fixture.given(new RecordRegisteredEvent(ID, EntityType.SUPPLIER, ERP_1, ACME, ERP))
                .when(submit(ERP_2, clear, ERP))
                .expectEvents(new RecordChangedEvent(ID, EntityType.SUPPLIER, ERP_2, List.of("screeningStatus"),
                        clear, only(null, null), ERP));
    }

    private static SupplierAttributes screening(ScreeningStatus status) {
        return new SupplierAttributes(null, null, null, null, null, null, null, null, null, status);
    }

    @Test
    void a_retired_record_takes_no_more_changes() {
        fixture.given(new RecordRegisteredEvent(ID, EntityType.SUPPLIER, ERP_1, ACME, ERP),
                        new LifecycleChangedEvent(ID, EntityType.SUPPLIER, LifecycleStatus.ACTIVE,
                                LifecycleStatus.RETIRED, "gone", Actor.user("sam.supplier")))
                .when(submit(ERP_2, only(List.of("Acme Med"), null), ERP))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(Matchers.hasToString(
                        Matchers.containsString("RECORD_RETIRED")));
    }

    @Test
    void a_lifecycle_change_refused_by_a_rule_is_answered_with_the_rules_reason_and_changes_nothing() {
        referencing.add(new RecordFacts("contract-1", EntityType.CONTRACT, LifecycleStatus.ACTIVE,
                new io.mdg.api.model.ContractAttributes("C-1", io.mdg.api.model.Ref.to(ID), null, null, null, null,
                        null)));
        fixture.given(new RecordRegisteredEvent(ID, EntityType.SUPPLIER, ERP_1, ACME, ERP))
                .when(new ApplyLifecycleChangeCommand(ID, LifecycleStatus.RETIRED, "gone", Actor.user("sam.supplier"),
                        null))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(Matchers.hasToString(Matchers.containsString("HAS_ACTIVE_CONTRACTS")));
    }

    @Test
    void an_allowed_lifecycle_change_is_recorded() {
        fixture.given(new RecordRegisteredEvent(ID, EntityType.SUPPLIER, ERP_1, ACME, ERP))
                .when(new ApplyLifecycleChangeCommand(ID, LifecycleStatus.SUSPENDED, "audit",
                        Actor.user("sam.supplier"), null))
                .expectEvents(new LifecycleChangedEvent(ID, EntityType.SUPPLIER, LifecycleStatus.ACTIVE,
                        LifecycleStatus.SUSPENDED, "audit", Actor.user("sam.supplier")))
                .expectResultMessagePayload(List.of());
        assertThat(POLICY.version()).isNotBlank();
    }

    // ---------------------------------------------------------------- a newer submission supersedes a held change

    private static final SourceRef ERP_3 = new SourceRef(SourceSystem.ERP, "V-1", 3L);
    private static final SupplierAttributes RENAMED = SupplierAttributes.named("Acme Medical Holdings Inc.");
    private static final BankAccount OTHER_ACCOUNT =
            new BankAccount("Acme", "Other Bank", "011000015", "987654321", null, "USD");

    private static ChangeHeldForApprovalEvent heldRename(SourceRef source, String requestId) {
        return new ChangeHeldForApprovalEvent(ID, EntityType.SUPPLIER, source,
                List.of(new HeldAttribute("legalName", "legal-identity", 1, false)), RENAMED, ACME, ERP, requestId);
    }

    @Test
    void the_source_stating_the_current_value_again_supersedes_its_held_change() {
        fixture.given(new RecordRegisteredEvent(ID, EntityType.SUPPLIER, ERP_1, ACME, ERP), heldRename(ERP_2, "cr-1"))
                .when(submit(ERP_3, ACME, ERP))
                .expectEvents(new PendingChangeReleasedEvent(ID, EntityType.SUPPLIER, "cr-1", List.of("legalName"),
                        ChangeRequestStatus.SUPERSEDED, ERP_3))
                .expectResultMessagePayloadMatching(answers(new SubmissionResult(SubmissionOutcome.UNCHANGED, ID, List.of(
                        new AttributeResult("legalName", AttributeStatus.UNCHANGED, "SUPERSEDES_HELD_CHANGE",
                                "the source states the current value again; its held change (change request cr-1)"
                                        + " is superseded")), List.of())));
    }

    @Test
    void the_source_stating_the_verified_bank_account_again_supersedes_its_held_bank_change() {
        SupplierAttributes verified = only(null, ACCOUNT);
        fixture.given(new RecordRegisteredEvent(ID, EntityType.SUPPLIER, ERP_1,
                                new SupplierAttributes(ACME.legalName(), null, null, null, null, null, null, ACCOUNT,
                                        null, null), ERP),
                        new ChangeHeldForApprovalEvent(ID, EntityType.SUPPLIER, ERP_2,
                                List.of(BANK_HELD),
                                only(null, OTHER_ACCOUNT), verified, ERP, "cr-1"))
                .when(submit(ERP_3, verified, ERP))
                .expectEvents(new PendingChangeReleasedEvent(ID, EntityType.SUPPLIER, "cr-1", List.of("bankAccount"),
                        ChangeRequestStatus.SUPERSEDED, ERP_3));
    }

    @Test
    void a_redelivery_of_the_held_version_after_the_revert_is_stale() {
        fixture.given(new RecordRegisteredEvent(ID, EntityType.SUPPLIER, ERP_1, ACME, ERP), heldRename(ERP_2, "cr-1"),
                        new PendingChangeReleasedEvent(ID, EntityType.SUPPLIER, "cr-1", List.of("legalName"),
                                ChangeRequestStatus.SUPERSEDED, ERP_3))
                .when(submit(ERP_2, RENAMED, ERP))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(answers(new SubmissionResult(SubmissionOutcome.STALE, ID, List.of(), List.of())));
    }

    @Test
    void the_current_value_at_the_held_version_or_older_does_not_supersede() {
        fixture.given(new RecordRegisteredEvent(ID, EntityType.SUPPLIER, ERP_1, ACME, ERP), heldRename(ERP_2, "cr-1"))
                .when(submit(ERP_2, ACME, ERP))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(answers(new SubmissionResult(SubmissionOutcome.UNCHANGED, ID,
                        List.of(AttributeResult.of("legalName", AttributeStatus.UNCHANGED)), List.of())));
        fixture.given(new RecordRegisteredEvent(ID, EntityType.SUPPLIER, ERP_1, ACME, ERP), heldRename(ERP_2, "cr-1"))
                .when(submit(ERP_1, ACME, ERP))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(answers(new SubmissionResult(SubmissionOutcome.STALE, ID, List.of(), List.of())));
    }

    @Test
    void a_source_repeating_the_current_value_does_not_supersede_a_stewards_proposal_or_another_records_change() {
        SourceRef steward = new SourceRef(SourceSystem.STEWARD, "sam.supplier", null);
        fixture.given(new RecordRegisteredEvent(ID, EntityType.SUPPLIER, ERP_1, ACME, ERP),
                        new ChangeHeldForApprovalEvent(ID, EntityType.SUPPLIER, steward,
                                List.of(new HeldAttribute("legalName", "legal-identity", 1, false)), RENAMED, ACME,
                                Actor.user("sam.supplier"), "cr-1"))
                .when(submit(ERP_2, ACME, ERP))
                .expectNoEvents();
        SourceRef otherErpRecord = new SourceRef(SourceSystem.ERP, "V-9", 5L);
        fixture.given(new RecordRegisteredEvent(ID, EntityType.SUPPLIER, ERP_1, ACME, ERP),
                        heldRename(otherErpRecord, "cr-1"))
                .when(submit(ERP_2, ACME, ERP))
                .expectNoEvents();
    }

    @Test
    void a_contradicted_request_is_superseded_and_its_values_still_sent_are_held_anew() {
        changeRequestId = "cr-2";
        SupplierAttributes renameAndTax = new SupplierAttributes(RENAMED.legalName(), null, "12-3456789", null, null,
                null, null, null, null, null);
        SupplierAttributes revertNameKeepTax = new SupplierAttributes(ACME.legalName(), null, "12-3456789", null,
                null, null, null, null, null, null);
        SupplierAttributes taxOnly = new SupplierAttributes(null, null, "12-3456789", null, null, null, null, null,
                null, null);
        fixture.given(new RecordRegisteredEvent(ID, EntityType.SUPPLIER, ERP_1, ACME, ERP),
                        new ChangeHeldForApprovalEvent(ID, EntityType.SUPPLIER, ERP_2,
                                List.of(new HeldAttribute("legalName", "legal-identity", 1, false),
                                        new HeldAttribute("taxId", "legal-identity", 1, false)),
                                renameAndTax, ACME, ERP, "cr-1"))
                .when(submit(ERP_3, revertNameKeepTax, ERP))
                .expectEvents(new PendingChangeReleasedEvent(ID, EntityType.SUPPLIER, "cr-1",
                                List.of("legalName", "taxId"), ChangeRequestStatus.SUPERSEDED, ERP_3, "cr-2"),
                        new ChangeHeldForApprovalEvent(ID, EntityType.SUPPLIER, ERP_3,
                                List.of(new HeldAttribute("taxId", "legal-identity", 1, false)), taxOnly,
                                SupplierAttributes.named(null), ERP, "cr-2"))
                .expectResultMessagePayloadMatching(Matchers.hasToString(
                        Matchers.containsString("outcome=PENDING_APPROVAL")));
    }

    @Test
    void a_newer_different_value_supersedes_the_held_change_with_a_new_request() {
        changeRequestId = "cr-2";
        SupplierAttributes again = SupplierAttributes.named("Acme Medical Group LLC");
        fixture.given(new RecordRegisteredEvent(ID, EntityType.SUPPLIER, ERP_1, ACME, ERP), heldRename(ERP_2, "cr-1"))
                .when(submit(ERP_3, again, ERP))
                .expectEvents(new PendingChangeReleasedEvent(ID, EntityType.SUPPLIER, "cr-1", List.of("legalName"),
                                ChangeRequestStatus.SUPERSEDED, ERP_3, "cr-2"),
                        new ChangeHeldForApprovalEvent(ID, EntityType.SUPPLIER, ERP_3,
                                List.of(new HeldAttribute("legalName", "legal-identity", 1, false)), again, ACME,
                                ERP, "cr-2"));
    }
}
