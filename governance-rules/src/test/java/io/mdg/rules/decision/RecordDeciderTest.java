package io.mdg.rules.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.ApprovalStep;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.changerequest.ChangeRequestStatus;
import io.mdg.api.changerequest.PendingChangeReleasedEvent;
import io.mdg.api.changerequest.ReleaseHeldChangeCommand;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.ApplyApprovedChangeCommand;
import io.mdg.api.record.ChangeHeldForApprovalEvent;
import io.mdg.api.record.DecideSubmissionCommand;
import io.mdg.api.record.HeldAttribute;
import io.mdg.api.record.HoldProposedChangeCommand;
import io.mdg.api.record.MergeRecordIntoCommand;
import io.mdg.api.record.RecordChangedEvent;
import io.mdg.api.record.RecordMergedEvent;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.api.submission.AttributeStatus;
import io.mdg.api.submission.SubmissionOutcome;
import io.mdg.rules.Violation;
import io.mdg.rules.file.RulesFile;
import io.mdg.rules.policy.GovernancePolicy;

/**
 * The decisions on a golden record with plain values (no framework): what a submission, a steward's proposal, an
 * approval, a release and a merge come to, as events and answer, on a state built from events.
 */
class RecordDeciderTest {

    private static final GovernancePolicy POLICY = RulesFile.loadDefault().policy();
    private static final String ID = "s-1";
    private static final Actor ERP = Actor.client("erp");
    private static final Actor SAM = Actor.user("sam.supplier");
    private static final SourceRef ERP_1 = new SourceRef(SourceSystem.ERP, "V-1", 1L);
    private static final SourceRef ERP_2 = new SourceRef(SourceSystem.ERP, "V-1", 2L);
    private static final SupplierAttributes ACME = SupplierAttributes.named("Acme Medical Inc.");
    private static final BankAccount ACCOUNT = new BankAccount("Acme", "First Bank", "021000021", "123456789", null,
            "USD");
    private static final RecordValidator VALID = (resulting, isNew) -> List.of();
    private static final RecordState REGISTERED = RecordState.NONE.evolve(
            new RecordRegisteredEvent(ID, EntityType.SUPPLIER, ERP_1, ACME, ERP));

    private static SupplierAttributes bank(BankAccount account) {
        return new SupplierAttributes(null, null, null, null, null, null, null, account, null, null);
    }

    private static DecideSubmissionCommand submit(SourceRef source, SupplierAttributes attributes, String request) {
        return new DecideSubmissionCommand(ID, source, attributes, ERP, null, request, null);
    }

    @Test
    void a_new_record_is_registered_without_the_values_held_on_creation_and_the_answer_names_their_request() {
        SupplierAttributes withBank = new SupplierAttributes(ACME.legalName(), null, null, null, null, null, null,
                ACCOUNT, null, null);
        var decision = RecordDecider.decide(RecordState.NONE, submit(ERP_1, withBank, "cr-1"), POLICY, VALID);

        assertThat(decision.events()).containsExactly(
                new RecordRegisteredEvent(ID, EntityType.SUPPLIER, ERP_1, ACME, ERP),
                new ChangeHeldForApprovalEvent(ID, EntityType.SUPPLIER, ERP_1,
                        List.of(new HeldAttribute("bankAccount", "banking", 2, true,
                                List.of(new ApprovalStep("supplier-steward", 1),
                                        new ApprovalStep("finance-controller", 1)))), bank(ACCOUNT), bank(null), ERP,
                        "cr-1"));
        assertThat(decision.answer().result().outcome()).isEqualTo(SubmissionOutcome.CREATED);
        assertThat(decision.answer().result().changeRequestId()).isEqualTo("cr-1");
        assertThat(decision.answer().refusal()).isNull();
    }

    @Test
    void a_new_record_the_rules_reject_changes_nothing_and_its_refusal_is_to_be_audited() {
        RecordValidator invalid = (resulting, isNew) -> List.of(new Violation("legalName", "REQUIRED", "required"));
        var decision = RecordDecider.decide(RecordState.NONE, submit(ERP_1, ACME, "cr-1"), POLICY, invalid);

        assertThat(decision.events()).isEmpty();
        assertThat(decision.answer().result().outcome()).isEqualTo(SubmissionOutcome.REJECTED);
        assertThat(decision.answer().result().changeRequestId()).isNull();
        assertThat(decision.answer().refusal().outcome()).isEqualTo(SubmissionOutcome.REJECTED);
        assertThat(decision.answer().refusal().recordId()).isNull();
    }

    @Test
    void a_not_owned_attribute_is_refused_and_to_be_audited_while_the_rest_is_decided() {
        SupplierAttributes portalOwned = new SupplierAttributes(null, List.of("Acme Med"), null, null, null, null,
                null, null, List.of(new io.mdg.api.model.Contact("Kim", "sales", "kim@acme.example", null)), null);
        var decision = RecordDecider.decide(REGISTERED, submit(ERP_2, portalOwned, "cr-2"), POLICY, VALID);

        assertThat(decision.answer().result().outcome()).isEqualTo(SubmissionOutcome.UPDATED);
        assertThat(decision.answer().refusal().attributes()).singleElement()
                .satisfies(refused -> assertThat(refused.status()).isEqualTo(AttributeStatus.NOT_SYSTEM_OF_RECORD));
    }

    @Test
    void a_newer_different_high_risk_value_supersedes_the_held_change_naming_the_request_that_holds_it_anew() {
        RecordState held = REGISTERED.evolve(RecordDecider.decide(REGISTERED, submit(ERP_2, bank(ACCOUNT), "cr-1"),
                POLICY, VALID).events());
        assertThat(held.pendingRequestOf()).containsEntry("bankAccount", "cr-1");

        BankAccount other = new BankAccount("Acme", "Other Bank", "011000015", "987654321", null, "USD");
        var decision = RecordDecider.decide(held, submit(new SourceRef(SourceSystem.ERP, "V-1", 3L), bank(other),
                "cr-2"), POLICY, VALID);

        assertThat(decision.events()).first().isEqualTo(new PendingChangeReleasedEvent(ID, EntityType.SUPPLIER,
                "cr-1", List.of("bankAccount"), ChangeRequestStatus.SUPERSEDED,
                new SourceRef(SourceSystem.ERP, "V-1", 3L), "cr-2"));
        assertThat(held.evolve(decision.events()).pendingRequestOf()).containsEntry("bankAccount", "cr-2");
    }

    @Test
    void a_stewards_proposal_is_held_with_their_reason_and_an_empty_one_is_refused() {
        var held = RecordDecider.propose(REGISTERED, new HoldProposedChangeCommand(ID,
                SupplierAttributes.named("Acme Medical Holdings Inc."), "new legal name", SAM, "cr-9"), POLICY, VALID);
        assertThat(held.answer()).isEqualTo("cr-9");
        assertThat(held.events()).singleElement().isInstanceOfSatisfying(ChangeHeldForApprovalEvent.class,
                event -> assertThat(event.reason()).isEqualTo("new legal name"));

        var empty = RecordDecider.propose(REGISTERED, new HoldProposedChangeCommand(ID, ACME, null, SAM, "cr-10"),
                POLICY, VALID);
        assertThat(empty.isRefused()).isTrue();
        assertThat(empty.refusal().errorCode()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(empty.refusal().code()).isEqualTo("NO_CHANGE");
        assertThat(empty.events()).isEmpty();
    }

    @Test
    void an_approval_applies_the_held_values_unless_the_record_would_now_break_a_rule() {
        SupplierAttributes renamed = SupplierAttributes.named("Acme Medical Holdings Inc.");
        RecordState held = REGISTERED.evolve(RecordDecider.propose(REGISTERED,
                new HoldProposedChangeCommand(ID, renamed, null, SAM, "cr-9"), POLICY, VALID).events());
        Actor ann = Actor.user("ann.approver");

        var applied = RecordDecider.applyApproved(held, new ApplyApprovedChangeCommand(ID, "cr-9", ann), VALID);
        assertThat(applied.answer()).isEmpty();
        assertThat(applied.events()).containsExactly(new RecordChangedEvent(ID, EntityType.SUPPLIER,
                new SourceRef(SourceSystem.STEWARD, "sam.supplier", null), List.of("legalName"), renamed, ACME, ann,
                "cr-9"));
        assertThat(held.evolve(applied.events()).attributes()).isEqualTo(renamed);
        assertThat(held.evolve(applied.events()).heldChanges()).isEmpty();

        RecordValidator duplicate = (resulting, isNew) -> List.of(new Violation("taxId", "DUPLICATE_IDENTIFIER",
                "taken"));
        var refused = RecordDecider.applyApproved(held, new ApplyApprovedChangeCommand(ID, "cr-9", ann), duplicate);
        assertThat(refused.events()).isEmpty();
        assertThat(refused.answer()).extracting(Violation::code).containsExactly("DUPLICATE_IDENTIFIER");

        var unknown = RecordDecider.applyApproved(held, new ApplyApprovedChangeCommand(ID, "cr-0", ann), VALID);
        assertThat(unknown.refusal().code()).isEqualTo("NOT_PENDING");
    }

    @Test
    void a_released_request_drops_its_values_and_a_merged_record_takes_no_more_changes() {
        RecordState held = REGISTERED.evolve(RecordDecider.propose(REGISTERED, new HoldProposedChangeCommand(ID,
                SupplierAttributes.named("Acme Medical Holdings Inc."), null, SAM, "cr-9"), POLICY, VALID).events());
        var released = RecordDecider.release(held, new ReleaseHeldChangeCommand(EntityType.SUPPLIER, ID, "cr-9",
                ChangeRequestStatus.REJECTED));
        assertThat(held.evolve(released.events()).pending()).isEmpty();
        assertThat(RecordDecider.release(held.evolve(released.events()), new ReleaseHeldChangeCommand(
                EntityType.SUPPLIER, ID, "cr-9", ChangeRequestStatus.REJECTED)).events()).isEmpty();

        var merged = RecordDecider.mergeInto(REGISTERED, new MergeRecordIntoCommand(ID, "s-2", "duplicate", SAM,
                null));
        assertThat(merged.answer()).containsExactly(ERP_1);
        assertThat(merged.events()).singleElement().isInstanceOf(RecordMergedEvent.class);
        RecordState retired = REGISTERED.evolve(merged.events());
        assertThat(retired.status()).isEqualTo(LifecycleStatus.RETIRED);
        assertThat(RecordDecider.decide(retired, submit(ERP_2, SupplierAttributes.named("Other"), "cr-3"), POLICY,
                VALID).answer().result().errors()).singleElement()
                .satisfies(error -> assertThat(error.code()).isEqualTo("RECORD_MERGED"));
        assertThat(RecordDecider.mergeInto(retired, new MergeRecordIntoCommand(ID, "s-3", null, SAM, null))
                .refusal().code()).isEqualTo("RECORD_RETIRED");
    }
}
