package io.mdg.command.changerequest;

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
import io.mdg.api.ApprovalStep;
import io.mdg.api.changerequest.ApproveChangeRequestCommand;
import io.mdg.api.changerequest.ChangeAction;
import io.mdg.api.changerequest.ChangeRequestApprovalRecordedEvent;
import io.mdg.api.changerequest.ChangeRequestCommand;
import io.mdg.api.changerequest.ChangeRequestExpiredEvent;
import io.mdg.api.changerequest.ChangeRequestOpenedEvent;
import io.mdg.api.changerequest.ChangeRequestRejectedEvent;
import io.mdg.api.changerequest.RejectChangeRequestCommand;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.error.MdgErrorDetails;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.command.record.CommandRefusedException;
import io.mdg.command.routing.PayloadTargetResolver;

/**
 * A change request in approval steps (a bank change checked by a supplier steward, then released by a finance
 * controller): an approval counts for the current step's role only, a step completes at its count and the next one
 * starts, the last step's last approval is the request's last; segregation of duties holds across all steps.
 */
class ChangeRequestStepsTest {

    private static final String ID = "cr-1";
    private static final String RECORD = "supplier-1";
    private static final String STEWARD_ROLE = "supplier-steward";
    private static final String FINANCE_ROLE = "finance-controller";
    private static final Set<String> STEWARD = Set.of(STEWARD_ROLE);
    private static final Set<String> FINANCE = Set.of(FINANCE_ROLE);
    private static final Set<String> BOTH = Set.of(STEWARD_ROLE, FINANCE_ROLE);
    private static final Set<String> EVERYTHING = Set.of("admin", STEWARD_ROLE, FINANCE_ROLE);
    private static final Instant DEADLINE = Instant.parse("2025-03-08T09:00:00Z");

    private static final Actor ERP = Actor.client("erp");
    private static final Actor SAM = Actor.user("sam.supplier");
    private static final Actor SUE = Actor.user("sue.supplier");
    private static final Actor FAY = Actor.user("fay.finance");
    private static final Actor FRED = Actor.user("fred.finance");
    /** Holds both roles. */
    private static final Actor PAT = Actor.user("pat.procure");
    private static final BankAccount ACCOUNT = new BankAccount("Acme", "First Bank", "021000021", "123456789", null,
            "USD");
    private static final String CALL_BACK = "called Acme back on the number on file";

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

    /** A bank change from the ERP (or requested by {@code requester}) in the given steps, with evidence. */
    private static ChangeRequestOpenedEvent bankChange(Actor requester, ApprovalStep... steps) {
        List<ApprovalStep> list = List.of(steps);
        return new ChangeRequestOpenedEvent(ID, EntityType.SUPPLIER, RECORD, List.of("bankAccount"),
                List.of("banking"), bank(ACCOUNT), bank(null), new SourceRef(SourceSystem.ERP, "V-1", 2L), requester,
                "high-risk change from ERP record V-1 (banking)", ApprovalStep.total(list), true,
                list.get(0).role(), DEADLINE, ChangeAction.ATTRIBUTES, null, null, list);
    }

    private static ChangeRequestOpenedEvent checkThenRelease() {
        return bankChange(ERP, new ApprovalStep(STEWARD_ROLE, 1), new ApprovalStep(FINANCE_ROLE, 1));
    }

    private static SupplierAttributes bank(BankAccount account) {
        return new SupplierAttributes(null, null, null, null, null, null, null, account, null, null);
    }

    private static ChangeRequestApprovalRecordedEvent recorded(Actor approver, String note, int approvals,
                                                               int required, int step, String role) {
        return new ChangeRequestApprovalRecordedEvent(ID, approver, "ok", note, approvals, required, step, role);
    }

    private static ApproveChangeRequestCommand approve(Actor actor, Set<String> roles, String note) {
        return new ApproveChangeRequestCommand(ID, "ok", note, actor, roles);
    }

    private static RejectChangeRequestCommand reject(Actor actor, Set<String> roles) {
        return new RejectChangeRequestCommand(ID, "the account is not the supplier's", actor, roles);
    }

    private static Matcher<Object> refused(ErrorCode code, String reason) {
        return new TypeSafeMatcher<>(Object.class) {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof MdgErrorDetails details && details.code() == code
                        && reason.equals(details.fieldErrors().get(0).code());
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("refusal ").appendValue(code).appendText(" ").appendValue(reason);
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

    @Test
    void the_first_steps_role_approves_first_and_the_request_stays_pending_for_the_next_step() {
        fixture.given(checkThenRelease())
                .when(approve(SAM, STEWARD, CALL_BACK))
                .expectEvents(recorded(SAM, CALL_BACK, 1, 2, 1, STEWARD_ROLE))
                .expectResultMessagePayload(false);
    }

    @Test
    void a_later_steps_role_cannot_approve_before_its_step() {
        expectRefused(approve(FAY, FINANCE, CALL_BACK), ErrorCode.FORBIDDEN, "NOT_CURRENT_STEP_ROLE",
                checkThenRelease());
    }

    @Test
    void after_the_check_only_the_release_role_approves_and_its_approval_is_the_last() {
        expectRefused(approve(SUE, STEWARD, CALL_BACK), ErrorCode.FORBIDDEN, "NOT_CURRENT_STEP_ROLE",
                checkThenRelease(), recorded(SAM, CALL_BACK, 1, 2, 1, STEWARD_ROLE));
        fixture.given(checkThenRelease(), recorded(SAM, CALL_BACK, 1, 2, 1, STEWARD_ROLE))
                .when(approve(FAY, FINANCE, null))
                .expectEvents(recorded(FAY, null, 2, 2, 2, FINANCE_ROLE))
                .expectResultMessagePayload(true);
    }

    @Test
    void the_verification_note_is_required_of_the_check_step_only() {
        expectRefused(approve(SAM, STEWARD, null), ErrorCode.VALIDATION_FAILED, "VERIFICATION_NOTE_REQUIRED",
                checkThenRelease());
        fixture.given(checkThenRelease(), recorded(SAM, CALL_BACK, 1, 2, 1, STEWARD_ROLE))
                .when(approve(FAY, FINANCE, " "))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void a_step_of_two_approvals_needs_two_people_of_its_role_before_the_next_step() {
        ChangeRequestOpenedEvent opened = bankChange(ERP, new ApprovalStep(STEWARD_ROLE, 2),
                new ApprovalStep(FINANCE_ROLE, 1));
        expectRefused(approve(FAY, FINANCE, null), ErrorCode.FORBIDDEN, "NOT_CURRENT_STEP_ROLE",
                opened, recorded(SAM, CALL_BACK, 1, 3, 1, STEWARD_ROLE));
        fixture.given(opened, recorded(SAM, CALL_BACK, 1, 3, 1, STEWARD_ROLE))
                .when(approve(SUE, STEWARD, CALL_BACK))
                .expectEvents(recorded(SUE, CALL_BACK, 2, 3, 1, STEWARD_ROLE))
                .expectResultMessagePayload(false);
        fixture.given(opened, recorded(SAM, CALL_BACK, 1, 3, 1, STEWARD_ROLE),
                        recorded(SUE, CALL_BACK, 2, 3, 1, STEWARD_ROLE))
                .when(approve(FRED, FINANCE, null))
                .expectEvents(recorded(FRED, null, 3, 3, 2, FINANCE_ROLE))
                .expectResultMessagePayload(true);
    }

    @Test
    void a_person_holding_both_roles_counts_once_over_all_steps() {
        fixture.given(checkThenRelease())
                .when(approve(PAT, BOTH, CALL_BACK))
                .expectEvents(recorded(PAT, CALL_BACK, 1, 2, 1, STEWARD_ROLE))
                .expectResultMessagePayload(false);
        expectRefused(approve(PAT, BOTH, CALL_BACK), ErrorCode.CONFLICT, "ALREADY_APPROVED",
                checkThenRelease(), recorded(PAT, CALL_BACK, 1, 2, 1, STEWARD_ROLE));
        // the release then needs another finance controller
        fixture.given(checkThenRelease(), recorded(PAT, CALL_BACK, 1, 2, 1, STEWARD_ROLE))
                .when(approve(FAY, FINANCE, null))
                .expectResultMessagePayload(true);
    }

    @Test
    void the_requester_never_approves_any_step_whatever_roles_they_hold() {
        ChangeRequestOpenedEvent bySue = bankChange(SUE, new ApprovalStep(STEWARD_ROLE, 1),
                new ApprovalStep(FINANCE_ROLE, 1));
        expectRefused(approve(SUE, EVERYTHING, CALL_BACK), ErrorCode.FORBIDDEN, "SELF_APPROVAL", bySue);
        expectRefused(approve(SUE, EVERYTHING, CALL_BACK), ErrorCode.FORBIDDEN, "SELF_APPROVAL", bySue,
                recorded(SAM, CALL_BACK, 1, 2, 1, STEWARD_ROLE));
        expectRefused(approve(ERP, EVERYTHING, CALL_BACK), ErrorCode.FORBIDDEN, "SOURCE_CLIENT_CANNOT_DECIDE",
                checkThenRelease(), recorded(SAM, CALL_BACK, 1, 2, 1, STEWARD_ROLE));
    }

    @Test
    void a_role_the_request_does_not_name_cannot_decide_admin_included() {
        expectRefused(approve(Actor.user("ada.admin"), Set.of("admin"), CALL_BACK), ErrorCode.FORBIDDEN,
                "NOT_DOMAIN_STEWARD", checkThenRelease());
        expectRefused(reject(Actor.user("ada.admin"), Set.of("admin")), ErrorCode.FORBIDDEN, "NOT_DOMAIN_STEWARD",
                checkThenRelease(), recorded(SAM, CALL_BACK, 1, 2, 1, STEWARD_ROLE));
    }

    @Test
    void only_the_current_steps_role_rejects() {
        fixture.given(checkThenRelease())
                .when(reject(SUE, STEWARD))
                .expectEvents(new ChangeRequestRejectedEvent(ID, SUE, "the account is not the supplier's"));
        expectRefused(reject(FAY, FINANCE), ErrorCode.FORBIDDEN, "NOT_CURRENT_STEP_ROLE", checkThenRelease());
        // at the release step the earlier step's role has had its say
        expectRefused(reject(SUE, STEWARD), ErrorCode.FORBIDDEN, "NOT_CURRENT_STEP_ROLE", checkThenRelease(),
                recorded(SAM, CALL_BACK, 1, 2, 1, STEWARD_ROLE));
        fixture.given(checkThenRelease(), recorded(SAM, CALL_BACK, 1, 2, 1, STEWARD_ROLE))
                .when(reject(FAY, FINANCE))
                .expectEvents(new ChangeRequestRejectedEvent(ID, FAY, "the account is not the supplier's"));
    }

    @Test
    void a_request_expiring_at_a_later_step_escalates_to_that_steps_role() {
        fixture.givenCurrentTime(DEADLINE.minus(java.time.Duration.ofDays(5)))
                .andGivenCommands(new io.mdg.api.changerequest.OpenChangeRequestCommand(checkThenRelease()),
                        approve(SAM, STEWARD, CALL_BACK))
                .whenThenTimeAdvancesTo(DEADLINE.plusSeconds(1))
                .expectEvents(new ChangeRequestExpiredEvent(ID, EntityType.SUPPLIER, RECORD, DEADLINE, 1,
                        FINANCE_ROLE));
    }

    @Test
    void a_request_stored_before_steps_existed_is_one_step_of_its_approver_role() {
        ChangeRequestOpenedEvent old = new ChangeRequestOpenedEvent(ID, EntityType.SUPPLIER, RECORD,
                List.of("bankAccount"), List.of("banking"), bank(ACCOUNT), bank(null),
                new SourceRef(SourceSystem.ERP, "V-1", 2L), ERP, "bank", 2, true, STEWARD_ROLE, DEADLINE);
        ChangeRequestApprovalRecordedEvent oldApproval = new ChangeRequestApprovalRecordedEvent(ID, SAM, "ok",
                CALL_BACK, 1, 2);
        fixture.given(old, oldApproval)
                .when(approve(SUE, STEWARD, CALL_BACK))
                .expectEvents(recorded(SUE, CALL_BACK, 2, 2, 1, STEWARD_ROLE))
                .expectResultMessagePayload(true);
        expectRefused(approve(FAY, FINANCE, CALL_BACK), ErrorCode.FORBIDDEN, "NOT_DOMAIN_STEWARD", old);
    }
}
