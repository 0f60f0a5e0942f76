package io.mdg.command.changerequest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.changerequest.ApproveChangeRequestCommand;
import io.mdg.api.changerequest.ChangeRequestApprovalRecordedEvent;
import io.mdg.api.changerequest.ChangeRequestApprovedEvent;
import io.mdg.api.changerequest.ChangeRequestCommand;
import io.mdg.api.changerequest.ChangeRequestExpiredEvent;
import io.mdg.api.changerequest.ChangeRequestOpenedEvent;
import io.mdg.api.changerequest.ChangeRequestRejectedEvent;
import io.mdg.api.changerequest.ChangeRequestStatus;
import io.mdg.api.changerequest.ChangeRequestWithdrawnEvent;
import io.mdg.api.changerequest.CompleteChangeRequestCommand;
import io.mdg.api.changerequest.OpenChangeRequestCommand;
import io.mdg.api.changerequest.RejectChangeRequestCommand;
import io.mdg.api.changerequest.SupersedeChangeRequestCommand;
import io.mdg.api.changerequest.WithdrawChangeRequestCommand;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.error.MdgErrorDetails;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.submission.FieldError;
import io.mdg.command.record.CommandRefusedException;
import io.mdg.command.routing.PayloadTargetResolver;

/**
 * The decisions of a change request, given and when and then: segregation of duties (never the requester, never a
 * source system, only the domain's steward role, never the same steward twice), the number of approvals, the
 * verification evidence of a bank change, withdrawal, supersession, and the expiry at the deadline.
 */
class ChangeRequestTest {

    private static final String ID = "cr-1";
    private static final String LATER_ID = "cr-2";
    private static final String RECORD = "supplier-1";
    private static final String SUPPLIER_STEWARD = "supplier-steward";
    private static final Set<String> STEWARD = Set.of(SUPPLIER_STEWARD);
    private static final Set<String> ADMIN = Set.of("admin");
    private static final Set<String> ADMIN_AND_STEWARD = Set.of("admin", SUPPLIER_STEWARD);

    private static final Instant OPENED_AT = Instant.parse("2025-03-03T09:00:00Z");
    private static final Duration APPROVAL_WINDOW = Duration.ofDays(5);
    private static final Instant DEADLINE = OPENED_AT.plus(APPROVAL_WINDOW);

    /** A steward who proposed an edit (the requester of a proposal). */
    private static final Actor SAM = Actor.user("sam.steward");
    private static final Actor ALEX = Actor.user("alex.steward");
    private static final Actor BLAIR = Actor.user("blair.steward");
    private static final Actor ERP = Actor.client("erp");
    private static final Actor SYSTEM = new Actor(Actor.ActorType.SYSTEM, "mdg");

    private static final SourceRef ERP_2 = new SourceRef(SourceSystem.ERP, "V-1", 2L);
    private static final SourceRef ERP_3 = new SourceRef(SourceSystem.ERP, "V-1", 3L);
    private static final SourceRef STEWARD_EDIT = new SourceRef(SourceSystem.STEWARD, RECORD, null);
    private static final BankAccount ACCOUNT = new BankAccount("Acme", "First Bank", "021000021", "123456789", null, "USD");
    private static final String CALL_BACK = "called Acme back on the number on file; they confirmed the new account";

    /** Nobody decides as a delegate here (see ChangeRequestDelegationTest). */
    private static final io.mdg.command.delegation.ApprovalDelegations NO_DELEGATIONS = (delegate, at) -> List.of();
    private static final io.mdg.rules.delegation.DelegationRules DELEGATION_RULES =
            io.mdg.rules.file.RulesFile.loadDefault().delegation();

    private AggregateTestFixture<ChangeRequest> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ChangeRequest.class);
        fixture.registerInjectableResource(NO_DELEGATIONS);
        fixture.registerInjectableResource((io.mdg.command.delegation.DelegatorAccounts) delegator
                -> io.mdg.command.delegation.DelegatorAccounts.Status.ACTIVE);
        fixture.registerInjectableResource(DELEGATION_RULES);
        fixture.registerCommandTargetResolver(new PayloadTargetResolver<>(ChangeRequestCommand.class,
                ChangeRequestCommand::changeRequestId));
    }

    /** Opens a change request (in production: {@link ChangeRequests#open}, after a record held a change). */
    private static OpenChangeRequestCommand open(ChangeRequestOpenedEvent opened) {
        return new OpenChangeRequestCommand(opened);
    }

    /**
     * A newer submission from {@code source} replaces this request: held anew in {@code laterId}, or (null) stating
     * the current value again (in production: {@link ChangeRequests#supersede}).
     */
    private static SupersedeChangeRequestCommand supersede(String laterId, SourceRef source) {
        return new SupersedeChangeRequestCommand(ID, laterId, source);
    }

    private static SupersedeChangeRequestCommand supersede(String laterId) {
        return supersede(laterId, ERP_3);
    }

    // ---------------------------------------------------------------- history

    /** A steward's proposal to rename the supplier, by {@link #SAM}. */
    private static ChangeRequestOpenedEvent proposal(int approvalsRequired) {
        return new ChangeRequestOpenedEvent(ID, EntityType.SUPPLIER, RECORD, List.of("legalName"),
                List.of("legal-identity"), SupplierAttributes.named("Acme Medical Holdings Inc."),
                SupplierAttributes.named("Acme Medical Inc."), STEWARD_EDIT, SAM, "merger", approvalsRequired, false,
                SUPPLIER_STEWARD, DEADLINE);
    }

    /** A new bank account from the ERP: two approvals, each with a verification note. */
    private static ChangeRequestOpenedEvent bankChange() {
        return new ChangeRequestOpenedEvent(ID, EntityType.SUPPLIER, RECORD, List.of("bankAccount"),
                List.of("banking"), bankAccount(ACCOUNT), bankAccount(null), ERP_2, ERP,
                "high-risk change from ERP record V-1 (banking)", 2, true, SUPPLIER_STEWARD, DEADLINE);
    }

    private static SupplierAttributes bankAccount(BankAccount account) {
        return new SupplierAttributes(null, null, null, null, null, null, null, account, null, null);
    }

    private static ChangeRequestApprovalRecordedEvent approvalRecorded(Actor approver, String note, int approvals,
                                                                       int required) {
        return new ChangeRequestApprovalRecordedEvent(ID, approver, "looks right", note, approvals, required, 1,
                SUPPLIER_STEWARD);
    }

    private static ChangeRequestApprovedEvent approved() {
        return new ChangeRequestApprovedEvent(ID, EntityType.SUPPLIER, RECORD);
    }

    private static ChangeRequestExpiredEvent expired(int approvals) {
        return new ChangeRequestExpiredEvent(ID, EntityType.SUPPLIER, RECORD, DEADLINE, approvals, SUPPLIER_STEWARD);
    }

    // ---------------------------------------------------------------- commands

    private static ApproveChangeRequestCommand approve(Actor actor, Set<String> roles) {
        return new ApproveChangeRequestCommand(ID, "looks right", null, actor, roles);
    }

    private static ApproveChangeRequestCommand approveWithNote(Actor actor, String note) {
        return new ApproveChangeRequestCommand(ID, "looks right", note, actor, STEWARD);
    }

    private static RejectChangeRequestCommand reject(Actor actor, Set<String> roles) {
        return new RejectChangeRequestCommand(ID, "not what the contract says", actor, roles);
    }

    private static RejectChangeRequestCommand rejectWithReason(Actor actor, String reason) {
        return new RejectChangeRequestCommand(ID, reason, actor, STEWARD);
    }

    private static WithdrawChangeRequestCommand withdraw(Actor actor) {
        return new WithdrawChangeRequestCommand(ID, "typo in the proposal", actor);
    }

    // ---------------------------------------------------------------- refusals

    /** The refusal of a rule: its error code, and its own reason code in the first field error. */
    private static Matcher<Object> refused(ErrorCode code, String reason) {
        return new TypeSafeMatcher<>(Object.class) {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof MdgErrorDetails details
                        && details.code() == code
                        && !details.fieldErrors().isEmpty()
                        && reason.equals(details.fieldErrors().get(0).code())
                        && details.message().startsWith(reason + ": ");
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("MdgErrorDetails with code ").appendValue(code)
                        .appendText(" and reason ").appendValue(reason);
            }
        };
    }

    private void expectRefused(Object command, ErrorCode code, String reason, Object... history) {
        fixture.given(history)
                .when(command)
                .expectNoEvents()
                .expectException(CommandRefusedException.class)
                .expectExceptionDetails(refused(code, reason));
    }

    // ---------------------------------------------------------------- opening and approval

    @Test
    void opening_a_request_schedules_its_deadline() {
        fixture.givenCurrentTime(OPENED_AT)
                .when(open(proposal(2)))
                .expectSuccessfulHandlerExecution()
                .expectEvents(proposal(2))
                .expectResultMessagePayload(ID)
                .expectScheduledDeadlineWithName(DEADLINE, ChangeRequest.DEADLINE)
                .expectScheduledDeadlineWithName(APPROVAL_WINDOW, ChangeRequest.DEADLINE)
                .expectNoScheduledDeadlineWithName(OPENED_AT, DEADLINE.minusSeconds(1), ChangeRequest.DEADLINE);
    }

    @Test
    void a_domain_stewards_approval_is_recorded_and_the_request_stays_pending() {
        fixture.given(proposal(2))
                .when(approve(ALEX, STEWARD))
                .expectSuccessfulHandlerExecution()
                .expectEvents(approvalRecorded(ALEX, null, 1, 2))
                .expectResultMessagePayload(false);
    }

    @Test
    void the_requester_can_never_approve_their_own_request_even_as_admin_and_steward() {
        expectRefused(approve(SAM, STEWARD), ErrorCode.FORBIDDEN, "SELF_APPROVAL", proposal(2));
        expectRefused(approve(SAM, ADMIN_AND_STEWARD), ErrorCode.FORBIDDEN, "SELF_APPROVAL", proposal(2));
        expectRefused(approve(SAM, ADMIN_AND_STEWARD), ErrorCode.FORBIDDEN, "SELF_APPROVAL", proposal(1));
    }

    @Test
    void the_requester_can_never_reject_their_own_request_even_as_admin_and_steward() {
        expectRefused(reject(SAM, STEWARD), ErrorCode.FORBIDDEN, "SELF_REJECTION", proposal(2));
        expectRefused(reject(SAM, ADMIN_AND_STEWARD), ErrorCode.FORBIDDEN, "SELF_REJECTION", proposal(2));
    }

    @Test
    void a_source_system_client_can_never_approve_or_reject() {
        Actor sourcing = Actor.client("sourcing");
        expectRefused(approve(sourcing, ADMIN_AND_STEWARD), ErrorCode.FORBIDDEN, "SOURCE_CLIENT_CANNOT_DECIDE",
                proposal(2));
        expectRefused(reject(sourcing, ADMIN_AND_STEWARD), ErrorCode.FORBIDDEN, "SOURCE_CLIENT_CANNOT_DECIDE",
                proposal(2));
        // nor the client that requested it
        expectRefused(approve(ERP, STEWARD), ErrorCode.FORBIDDEN, "SOURCE_CLIENT_CANNOT_DECIDE", bankChange());
        expectRefused(reject(ERP, STEWARD), ErrorCode.FORBIDDEN, "SOURCE_CLIENT_CANNOT_DECIDE", bankChange());
    }

    @Test
    void a_user_without_the_domains_steward_role_cannot_decide_admin_included() {
        expectRefused(approve(ALEX, ADMIN), ErrorCode.FORBIDDEN, "NOT_DOMAIN_STEWARD", proposal(2));
        expectRefused(approve(ALEX, Set.of("item-steward")), ErrorCode.FORBIDDEN, "NOT_DOMAIN_STEWARD", proposal(2));
        expectRefused(approve(ALEX, Set.of()), ErrorCode.FORBIDDEN, "NOT_DOMAIN_STEWARD", proposal(2));
        expectRefused(reject(ALEX, ADMIN), ErrorCode.FORBIDDEN, "NOT_DOMAIN_STEWARD", proposal(2));
        expectRefused(reject(ALEX, Set.of("item-steward")), ErrorCode.FORBIDDEN, "NOT_DOMAIN_STEWARD", proposal(2));
    }

    @Test
    void the_same_steward_cannot_approve_twice() {
        expectRefused(approve(ALEX, STEWARD), ErrorCode.CONFLICT, "ALREADY_APPROVED",
                proposal(2), approvalRecorded(ALEX, null, 1, 2));
        // not even with other roles
        expectRefused(approve(ALEX, ADMIN_AND_STEWARD), ErrorCode.CONFLICT, "ALREADY_APPROVED",
                proposal(2), approvalRecorded(ALEX, null, 1, 2));
    }

    @Test
    void two_different_stewards_complete_a_two_approval_request() {
        fixture.given(proposal(2), approvalRecorded(ALEX, null, 1, 2))
                .when(approve(BLAIR, STEWARD))
                .expectSuccessfulHandlerExecution()
                .expectEvents(approvalRecorded(BLAIR, null, 2, 2))
                .expectResultMessagePayload(true);
    }

    @Test
    void a_one_approval_request_is_approved_by_its_first_approval() {
        fixture.given(proposal(1))
                .when(approve(ALEX, STEWARD))
                .expectSuccessfulHandlerExecution()
                .expectEvents(approvalRecorded(ALEX, null, 1, 1))
                .expectResultMessagePayload(true);
    }

    @Test
    void a_request_whose_approved_change_was_applied_is_approved_and_its_deadline_dropped() {
        fixture.given(proposal(1), approvalRecorded(ALEX, null, 1, 1))
                .when(new CompleteChangeRequestCommand(ID, ALEX, List.of()))
                .expectEvents(approved())
                .expectNoScheduledDeadlines();
    }

    @Test
    void a_request_whose_approved_change_can_no_longer_be_applied_is_rejected_with_the_reason() {
        fixture.given(proposal(1), approvalRecorded(ALEX, null, 1, 1))
                .when(new CompleteChangeRequestCommand(ID, ALEX, List.of(new FieldError("taxId",
                        "DUPLICATE_IDENTIFIER", "TAX_ID 12-3456789 already identifies golden record s-9"))))
                .expectEvents(new ChangeRequestRejectedEvent(ID, ALEX, "the approved change can no longer be applied:"
                        + " taxId DUPLICATE_IDENTIFIER TAX_ID 12-3456789 already identifies golden record s-9"));
    }

    @Test
    void a_bank_change_approval_needs_a_verification_note() {
        expectRefused(approveWithNote(ALEX, null), ErrorCode.VALIDATION_FAILED, "VERIFICATION_NOTE_REQUIRED",
                bankChange());
        expectRefused(approveWithNote(ALEX, "   "), ErrorCode.VALIDATION_FAILED, "VERIFICATION_NOTE_REQUIRED",
                bankChange());
        // the second approval needs one too
        expectRefused(approveWithNote(BLAIR, null), ErrorCode.VALIDATION_FAILED, "VERIFICATION_NOTE_REQUIRED",
                bankChange(), approvalRecorded(ALEX, CALL_BACK, 1, 2));
    }

    @Test
    void a_bank_change_approval_with_a_verification_note_is_recorded() {
        fixture.given(bankChange())
                .when(approveWithNote(ALEX, CALL_BACK))
                .expectSuccessfulHandlerExecution()
                .expectEvents(approvalRecorded(ALEX, CALL_BACK, 1, 2))
                .expectResultMessagePayload(false);
        fixture.given(bankChange(), approvalRecorded(ALEX, CALL_BACK, 1, 2))
                .when(approveWithNote(BLAIR, "second call-back by Blair"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(approvalRecorded(BLAIR, "second call-back by Blair", 2, 2))
                .expectResultMessagePayload(true);
    }

    // ---------------------------------------------------------------- rejection and withdrawal

    @Test
    void a_rejection_needs_a_reason() {
        expectRefused(rejectWithReason(ALEX, null), ErrorCode.VALIDATION_FAILED, "REASON_REQUIRED", proposal(2));
        expectRefused(rejectWithReason(ALEX, " "), ErrorCode.VALIDATION_FAILED, "REASON_REQUIRED", proposal(2));
    }

    @Test
    void a_domain_stewards_rejection_is_recorded_with_its_reason() {
        fixture.given(proposal(2), approvalRecorded(ALEX, null, 1, 2))
                .when(rejectWithReason(BLAIR, "the merger has not closed yet"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ChangeRequestRejectedEvent(ID, BLAIR, "the merger has not closed yet"));
    }

    @Test
    void the_requester_may_withdraw_their_request() {
        fixture.given(proposal(2))
                .when(withdraw(SAM))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ChangeRequestWithdrawnEvent(ID, SAM, "typo in the proposal", null));
        fixture.given(bankChange())
                .when(withdraw(ERP))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ChangeRequestWithdrawnEvent(ID, ERP, "typo in the proposal", null));
    }

    @Test
    void only_the_requester_may_withdraw() {
        expectRefused(withdraw(ALEX), ErrorCode.FORBIDDEN, "NOT_REQUESTER", proposal(2));
        expectRefused(withdraw(Actor.client("sourcing")), ErrorCode.FORBIDDEN, "NOT_REQUESTER", bankChange());
        // a user who happens to share the requesting client's name is not the requester
        expectRefused(withdraw(Actor.user("erp")), ErrorCode.FORBIDDEN, "NOT_REQUESTER", bankChange());
    }

    // ---------------------------------------------------------------- closed requests

    private void expectNoDecisionOnClosedRequest(Object... history) {
        expectRefused(approve(BLAIR, STEWARD), ErrorCode.CONFLICT, "NOT_PENDING", history);
        expectRefused(reject(BLAIR, STEWARD), ErrorCode.CONFLICT, "NOT_PENDING", history);
        expectRefused(withdraw(SAM), ErrorCode.CONFLICT, "NOT_PENDING", history);
    }

    @Test
    void an_approved_request_takes_no_more_decisions() {
        expectNoDecisionOnClosedRequest(proposal(1), approvalRecorded(ALEX, null, 1, 1), approved());
    }

    @Test
    void a_rejected_request_takes_no_more_decisions() {
        expectNoDecisionOnClosedRequest(proposal(2), new ChangeRequestRejectedEvent(ID, ALEX, "no"));
    }

    @Test
    void a_withdrawn_request_takes_no_more_decisions() {
        expectNoDecisionOnClosedRequest(proposal(2), new ChangeRequestWithdrawnEvent(ID, SAM, "typo", null));
        expectNoDecisionOnClosedRequest(proposal(2),
                new ChangeRequestWithdrawnEvent(ID, SYSTEM, "superseded by change request " + LATER_ID, LATER_ID));
    }

    @Test
    void an_expired_request_takes_no_more_decisions() {
        expectNoDecisionOnClosedRequest(proposal(2), expired(0));
    }

    // ---------------------------------------------------------------- supersession

    @Test
    void a_later_request_supersedes_a_pending_one_naming_the_newer_submission() {
        fixture.given(proposal(2), approvalRecorded(ALEX, null, 1, 2))
                .when(supersede(LATER_ID))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ChangeRequestWithdrawnEvent(ID, SYSTEM, "superseded by the newer submission of"
                        + " ERP:V-1 version 3 (held anew for approval: see supersededBy)", LATER_ID, ERP_3))
                .expectState(request -> assertThat(request.status()).isEqualTo(ChangeRequestStatus.SUPERSEDED));
    }

    @Test
    void a_source_stating_the_current_value_again_supersedes_its_pending_request() {
        fixture.given(proposal(2))
                .when(supersede(null, ERP_3))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ChangeRequestWithdrawnEvent(ID, SYSTEM, "superseded by the newer submission of"
                        + " ERP:V-1 version 3 (it states the current value again)", null, ERP_3))
                .expectState(request -> assertThat(request.status()).isEqualTo(ChangeRequestStatus.SUPERSEDED));
    }

    @Test
    void a_request_superseded_before_the_superseded_state_existed_loads_as_superseded() {
        fixture.given(proposal(2),
                        new ChangeRequestWithdrawnEvent(ID, SYSTEM, "superseded by change request " + LATER_ID, LATER_ID))
                .when(supersede("cr-later-still"))
                .expectNoEvents()
                .expectState(request -> assertThat(request.status()).isEqualTo(ChangeRequestStatus.SUPERSEDED));
    }

    @Test
    void superseding_a_closed_request_does_nothing() {
        fixture.given(proposal(1), approvalRecorded(ALEX, null, 1, 1), approved())
                .when(supersede(LATER_ID))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(proposal(2), new ChangeRequestRejectedEvent(ID, ALEX, "no"))
                .when(supersede(LATER_ID))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(proposal(2), new ChangeRequestWithdrawnEvent(ID, SAM, "typo", null))
                .when(supersede(LATER_ID))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(proposal(2), expired(0))
                .when(supersede(LATER_ID))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    // ---------------------------------------------------------------- deadline

    @Test
    void a_pending_request_expires_at_its_deadline_and_escalates_to_the_domains_stewards() {
        fixture.givenCurrentTime(OPENED_AT)
                .andGivenCommands(open(proposal(2)))
                .whenThenTimeElapses(APPROVAL_WINDOW)
                .expectTriggeredDeadlinesWithName(ChangeRequest.DEADLINE)
                .expectEvents(expired(0));
    }

    @Test
    void an_expired_request_reports_the_approvals_it_had() {
        fixture.givenCurrentTime(OPENED_AT)
                .andGivenCommands(open(bankChange()), approveWithNote(ALEX, CALL_BACK))
                .whenThenTimeAdvancesTo(DEADLINE.plusSeconds(1))
                .expectTriggeredDeadlinesWithName(ChangeRequest.DEADLINE)
                .expectEvents(expired(1));
    }

    @Test
    void a_pending_request_does_not_expire_before_its_deadline() {
        fixture.givenCurrentTime(OPENED_AT)
                .andGivenCommands(open(proposal(2)))
                .whenThenTimeElapses(APPROVAL_WINDOW.minusSeconds(1))
                .expectTriggeredDeadlinesWithName()
                .expectNoEvents()
                .expectScheduledDeadlineWithName(DEADLINE, ChangeRequest.DEADLINE);
    }

    @Test
    void the_deadline_of_an_approved_request_is_dropped_and_nothing_expires() {
        fixture.givenCurrentTime(OPENED_AT)
                .andGivenCommands(open(proposal(1)), approve(ALEX, STEWARD),
                        new CompleteChangeRequestCommand(ID, ALEX, List.of()))
                .whenThenTimeElapses(APPROVAL_WINDOW)
                .expectNoScheduledDeadlines()
                .expectNoEvents();
    }

    @Test
    void the_deadline_of_a_withdrawn_or_superseded_request_is_dropped_and_nothing_expires() {
        fixture.givenCurrentTime(OPENED_AT)
                .andGivenCommands(open(proposal(2)), withdraw(SAM))
                .whenThenTimeElapses(APPROVAL_WINDOW)
                .expectNoScheduledDeadlines()
                .expectNoEvents();
        fixture.givenCurrentTime(OPENED_AT)
                .andGivenCommands(open(proposal(2)), supersede(LATER_ID))
                .whenThenTimeElapses(APPROVAL_WINDOW)
                .expectNoScheduledDeadlines()
                .expectNoEvents();
    }
}
