package io.mdg.command.changerequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.mdg.api.Actor;
import io.mdg.api.ApprovalStep;
import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.changerequest.ApproveChangeRequestCommand;
import io.mdg.api.changerequest.ChangeAction;
import io.mdg.api.changerequest.ChangeRequestApprovalRecordedEvent;
import io.mdg.api.changerequest.ChangeRequestCommand;
import io.mdg.api.changerequest.ChangeRequestOpenedEvent;
import io.mdg.api.changerequest.ChangeRequestRejectedEvent;
import io.mdg.api.changerequest.RejectChangeRequestCommand;
import io.mdg.api.delegation.ApprovalDelegation;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.error.MdgErrorDetails;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.command.delegation.ApprovalDelegations;
import io.mdg.command.delegation.DelegatorAccounts;
import io.mdg.command.record.CommandRefusedException;
import io.mdg.command.routing.PayloadTargetResolver;
import io.mdg.rules.file.RulesFile;

/**
 * A steward decides a step of a role they do not hold as the delegate of one of its holders, while the delegation is
 * in force: the events name both, and the segregation of duties holds for both people (neither requested the change,
 * each counts once over all steps, in their own name or through a delegate). Delegations out of force, of another
 * role, or to someone without an approver role of their own give nothing; nor does one whose delegator's account is
 * disabled or deleted in the identity provider now, or cannot be confirmed to be enabled.
 */
class ChangeRequestDelegationTest {

    private static final String ID = "cr-1";
    private static final String STEWARD_ROLE = "supplier-steward";
    private static final String FINANCE_ROLE = "finance-controller";
    private static final Set<String> STEWARD = Set.of(STEWARD_ROLE);
    private static final Set<String> FINANCE = Set.of(FINANCE_ROLE);
    private static final Set<String> ANALYST = Set.of("analyst");
    private static final Instant DEADLINE = Instant.parse("2099-03-08T09:00:00Z");
    private static final String NOTE = "called Acme back on the number on file";

    private static final Actor ERP = Actor.client("erp");
    private static final Actor SAM = Actor.user("sam.supplier");
    private static final Actor SOL = Actor.user("sol.supplier");
    private static final Actor SUE = Actor.user("sue.supplier");
    private static final Actor FAY = Actor.user("fay.finance");
    private static final Actor FRED = Actor.user("fred.finance");
    private static final Actor ANDY = Actor.user("andy.analyst");

    private AggregateTestFixture<ChangeRequest> fixture;
    private final Delegations delegations = new Delegations();
    /** The identity provider's answers about delegators' accounts: enabled unless said otherwise here. */
    private final Map<String, DelegatorAccounts.Status> accounts = new HashMap<>();
    private final List<String> asked = new ArrayList<>();
    private Instant now;

    /** The delegations granted, as the command side's table answers them: in force at the time asked. */
    private static final class Delegations implements ApprovalDelegations {
        private final List<Object[]> granted = new ArrayList<>();

        void grant(String delegate, ApprovalDelegation delegation) {
            granted.add(new Object[] {delegate, delegation});
        }

        @Override
        public List<ApprovalDelegation> grantedTo(String delegate, Instant at) {
            return granted.stream().filter(g -> g[0].equals(delegate)).map(g -> (ApprovalDelegation) g[1])
                    .filter(d -> d.inForceAt(at)).toList();
        }
    }

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ChangeRequest.class);
        fixture.registerCommandTargetResolver(new PayloadTargetResolver<>(ChangeRequestCommand.class,
                ChangeRequestCommand::changeRequestId));
        fixture.registerInjectableResource(delegations);
        fixture.registerInjectableResource(RulesFile.loadDefault().delegation());
        fixture.registerInjectableResource((DelegatorAccounts) delegator -> {
            asked.add(delegator);
            return accounts.getOrDefault(delegator, DelegatorAccounts.Status.ACTIVE);
        });
        now = fixture.currentTime();
    }

    private ApprovalDelegation financeFrom(String delegator, String id) {
        return new ApprovalDelegation(id, delegator, FINANCE_ROLE, now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(1)));
    }

    private static ChangeRequestOpenedEvent bankChange(Actor requester, ApprovalStep... steps) {
        List<ApprovalStep> list = List.of(steps);
        return new ChangeRequestOpenedEvent(ID, EntityType.SUPPLIER, "supplier-1", List.of("bankAccount"),
                List.of("banking"), bank(new BankAccount("Acme", "First Bank", "021000021", "123456789", null, "USD")),
                bank(null), new SourceRef(SourceSystem.ERP, "V-1", 2L), requester, "bank change",
                ApprovalStep.total(list), true, list.get(0).role(), DEADLINE, ChangeAction.ATTRIBUTES, null, null,
                list);
    }

    private static ChangeRequestOpenedEvent checkThenRelease(Actor requester) {
        return bankChange(requester, new ApprovalStep(STEWARD_ROLE, 1), new ApprovalStep(FINANCE_ROLE, 1));
    }

    private static SupplierAttributes bank(BankAccount account) {
        return new SupplierAttributes(null, null, null, null, null, null, null, account, null, null);
    }

    private static ChangeRequestApprovalRecordedEvent checked(Actor by) {
        return new ChangeRequestApprovalRecordedEvent(ID, by, "ok", NOTE, 1, 2, 1, STEWARD_ROLE);
    }

    private static ApproveChangeRequestCommand approve(Actor actor, Set<String> roles) {
        return new ApproveChangeRequestCommand(ID, "ok", NOTE, actor, roles);
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
    void a_delegate_releases_the_step_for_the_delegator_and_the_approval_names_both() {
        delegations.grant(SUE.name(), financeFrom(FAY.name(), "d-1"));
        fixture.given(checkThenRelease(ERP), checked(SOL))
                .when(approve(SUE, STEWARD))
                .expectEvents(new ChangeRequestApprovalRecordedEvent(ID, SUE, "ok", NOTE, 2, 2, 2, FINANCE_ROLE,
                        FAY.name(), "d-1"))
                .expectResultMessagePayload(true);
    }

    @Test
    void a_delegate_rejects_for_the_delegator_and_the_rejection_names_both() {
        delegations.grant(SUE.name(), financeFrom(FAY.name(), "d-1"));
        fixture.given(checkThenRelease(ERP), checked(SOL))
                .when(new RejectChangeRequestCommand(ID, "not the supplier's account", SUE, STEWARD))
                .expectEvents(new ChangeRequestRejectedEvent(ID, SUE, "not the supplier's account", FAY.name(),
                        "d-1"));
    }

    @Test
    void a_delegate_never_decides_a_change_they_requested() {
        delegations.grant(SUE.name(), financeFrom(FAY.name(), "d-1"));
        expectRefused(approve(SUE, STEWARD), ErrorCode.FORBIDDEN, "SELF_APPROVAL", checkThenRelease(SUE),
                checked(SOL));
        expectRefused(new RejectChangeRequestCommand(ID, "no", SUE, STEWARD), ErrorCode.FORBIDDEN,
                "SELF_REJECTION", checkThenRelease(SUE), checked(SOL));
    }

    @Test
    void a_delegate_who_checked_the_change_cannot_release_it_as_well() {
        delegations.grant(SUE.name(), financeFrom(FAY.name(), "d-1"));
        expectRefused(approve(SUE, STEWARD), ErrorCode.CONFLICT, "ALREADY_APPROVED", checkThenRelease(ERP),
                checked(SUE));
    }

    @Test
    void a_delegate_never_decides_for_a_delegator_who_requested_the_change() {
        delegations.grant(SUE.name(), financeFrom(FAY.name(), "d-1"));
        expectRefused(approve(SUE, STEWARD), ErrorCode.FORBIDDEN, "DELEGATOR_IS_REQUESTER", checkThenRelease(FAY),
                checked(SOL));
    }

    @Test
    void a_delegate_never_approves_for_a_delegator_who_approved_already() {
        delegations.grant(SUE.name(), financeFrom(FAY.name(), "d-1"));
        ChangeRequestOpenedEvent twoReleases = bankChange(ERP, new ApprovalStep(STEWARD_ROLE, 1),
                new ApprovalStep(FINANCE_ROLE, 2));
        expectRefused(approve(SUE, STEWARD), ErrorCode.CONFLICT, "DELEGATOR_ALREADY_APPROVED", twoReleases,
                checked(SOL), new ChangeRequestApprovalRecordedEvent(ID, FAY, "ok", null, 2, 3, 2, FINANCE_ROLE));
    }

    @Test
    void a_delegator_whose_delegate_approved_for_them_counts_once_and_cannot_approve_again() {
        ChangeRequestOpenedEvent twoReleases = bankChange(ERP, new ApprovalStep(STEWARD_ROLE, 1),
                new ApprovalStep(FINANCE_ROLE, 2));
        ChangeRequestApprovalRecordedEvent forFay = new ChangeRequestApprovalRecordedEvent(ID, SUE, "ok", null, 2,
                3, 2, FINANCE_ROLE, FAY.name(), "d-1");
        expectRefused(approve(FAY, FINANCE), ErrorCode.CONFLICT, "ALREADY_APPROVED", twoReleases, checked(SOL),
                forFay);
        fixture.given(twoReleases, checked(SOL), forFay)
                .when(approve(FRED, FINANCE))
                .expectEvents(new ChangeRequestApprovalRecordedEvent(ID, FRED, "ok", NOTE, 3, 3, 2, FINANCE_ROLE))
                .expectResultMessagePayload(true);
    }

    @Test
    void of_two_delegations_the_one_whose_delegator_may_decide_is_used() {
        delegations.grant(SUE.name(), financeFrom(FAY.name(), "d-1"));
        delegations.grant(SUE.name(), financeFrom(FRED.name(), "d-2"));
        fixture.given(checkThenRelease(FAY), checked(SOL))
                .when(approve(SUE, STEWARD))
                .expectEvents(new ChangeRequestApprovalRecordedEvent(ID, SUE, "ok", NOTE, 2, 2, 2, FINANCE_ROLE,
                        FRED.name(), "d-2"));
    }

    @Test
    void a_delegate_without_an_approver_role_of_their_own_decides_nothing() {
        delegations.grant(ANDY.name(), financeFrom(FAY.name(), "d-1"));
        expectRefused(approve(ANDY, ANALYST), ErrorCode.FORBIDDEN, "DELEGATE_NOT_STEWARD", checkThenRelease(ERP),
                checked(SOL));
    }

    @Test
    void a_delegation_out_of_force_or_of_another_role_gives_nothing() {
        delegations.grant(SUE.name(), new ApprovalDelegation("d-old", FAY.name(), FINANCE_ROLE,
                now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1))));
        delegations.grant(SUE.name(), new ApprovalDelegation("d-later", FAY.name(), FINANCE_ROLE,
                now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(2))));
        delegations.grant(SUE.name(), new ApprovalDelegation("d-other", "gil.governance", "data-governance-lead",
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1))));
        expectRefused(approve(SUE, STEWARD), ErrorCode.FORBIDDEN, "NOT_CURRENT_STEP_ROLE", checkThenRelease(ERP),
                checked(SOL));
    }

    @Test
    void someone_holding_the_steps_role_decides_in_their_own_name_even_with_a_delegation() {
        delegations.grant(FRED.name(), financeFrom(FAY.name(), "d-1"));
        fixture.given(checkThenRelease(ERP), checked(SOL))
                .when(approve(FRED, FINANCE))
                .expectEvents(new ChangeRequestApprovalRecordedEvent(ID, FRED, "ok", NOTE, 2, 2, 2, FINANCE_ROLE));
    }

    @Test
    void a_delegate_of_the_first_steps_role_checks_for_the_delegator() {
        delegations.grant(FRED.name(), new ApprovalDelegation("d-3", SAM.name(), STEWARD_ROLE,
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1))));
        fixture.given(checkThenRelease(ERP))
                .when(approve(FRED, FINANCE))
                .expectEvents(new ChangeRequestApprovalRecordedEvent(ID, FRED, "ok", NOTE, 1, 2, 1, STEWARD_ROLE,
                        SAM.name(), "d-3"))
                .expectResultMessagePayload(false);
        // sam counts as having approved: he cannot release it (nor could he, as a steward) and fay can
        fixture.given(checkThenRelease(ERP), new ChangeRequestApprovalRecordedEvent(ID, FRED, "ok", NOTE, 1, 2, 1,
                        STEWARD_ROLE, SAM.name(), "d-3"))
                .when(approve(FAY, FINANCE))
                .expectEvents(new ChangeRequestApprovalRecordedEvent(ID, FAY, "ok", NOTE, 2, 2, 2, FINANCE_ROLE))
                .expectResultMessagePayload(true);
    }

    @Test
    void a_delegate_decides_for_a_delegator_whose_account_is_enabled_in_the_identity_provider_now() {
        delegations.grant(SUE.name(), financeFrom(FAY.name(), "d-1"));
        accounts.put(FAY.name(), DelegatorAccounts.Status.ACTIVE);
        fixture.given(checkThenRelease(ERP), checked(SOL))
                .when(approve(SUE, STEWARD))
                .expectEvents(new ChangeRequestApprovalRecordedEvent(ID, SUE, "ok", NOTE, 2, 2, 2, FINANCE_ROLE,
                        FAY.name(), "d-1"));
        org.assertj.core.api.Assertions.assertThat(asked).containsExactly(FAY.name());
    }

    @Test
    void a_delegate_decides_nothing_for_a_delegator_disabled_or_deleted_in_the_identity_provider() {
        delegations.grant(SUE.name(), financeFrom(FAY.name(), "d-1"));
        accounts.put(FAY.name(), DelegatorAccounts.Status.INACTIVE);
        expectRefused(approve(SUE, STEWARD), ErrorCode.FORBIDDEN, "DELEGATOR_INACTIVE", checkThenRelease(ERP),
                checked(SOL));
        expectRefused(new RejectChangeRequestCommand(ID, "not the supplier's account", SUE, STEWARD),
                ErrorCode.FORBIDDEN, "DELEGATOR_INACTIVE", checkThenRelease(ERP), checked(SOL));
    }

    @Test
    void the_refusal_for_an_inactive_delegator_names_the_delegate_and_the_delegator() {
        delegations.grant(SUE.name(), financeFrom(FAY.name(), "d-1"));
        accounts.put(FAY.name(), DelegatorAccounts.Status.INACTIVE);
        fixture.given(checkThenRelease(ERP), checked(SOL))
                .when(approve(SUE, STEWARD))
                .expectNoEvents()
                .expectExceptionMessage(org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("DELEGATOR_INACTIVE"),
                        org.hamcrest.Matchers.containsString(SUE.name()),
                        org.hamcrest.Matchers.containsString(FAY.name())));
    }

    @Test
    void a_delegate_decides_nothing_when_the_identity_provider_cannot_say_whether_the_delegator_is_enabled() {
        delegations.grant(SUE.name(), financeFrom(FAY.name(), "d-1"));
        accounts.put(FAY.name(), DelegatorAccounts.Status.UNKNOWN);
        expectRefused(approve(SUE, STEWARD), ErrorCode.UNAVAILABLE, "DELEGATOR_STATUS_UNKNOWN",
                checkThenRelease(ERP), checked(SOL));
    }

    @Test
    void of_two_delegations_the_one_whose_delegator_is_still_enabled_is_used() {
        delegations.grant(SUE.name(), financeFrom(FAY.name(), "d-1"));
        delegations.grant(SUE.name(), financeFrom(FRED.name(), "d-2"));
        accounts.put(FAY.name(), DelegatorAccounts.Status.INACTIVE);
        fixture.given(checkThenRelease(ERP), checked(SOL))
                .when(approve(SUE, STEWARD))
                .expectEvents(new ChangeRequestApprovalRecordedEvent(ID, SUE, "ok", NOTE, 2, 2, 2, FINANCE_ROLE,
                        FRED.name(), "d-2"));
    }

    @Test
    void the_identity_provider_is_not_asked_about_delegators_who_may_not_decide_the_request_anyway() {
        delegations.grant(SUE.name(), financeFrom(FAY.name(), "d-1"));
        accounts.put(FAY.name(), DelegatorAccounts.Status.INACTIVE);
        expectRefused(approve(SUE, STEWARD), ErrorCode.FORBIDDEN, "DELEGATOR_IS_REQUESTER", checkThenRelease(FAY),
                checked(SOL));
        org.assertj.core.api.Assertions.assertThat(asked).isEmpty();
    }

    @Test
    void someone_deciding_in_their_own_name_is_not_asked_about() {
        delegations.grant(FRED.name(), financeFrom(FAY.name(), "d-1"));
        accounts.put(FAY.name(), DelegatorAccounts.Status.INACTIVE);
        fixture.given(checkThenRelease(ERP), checked(SOL))
                .when(approve(FRED, FINANCE))
                .expectEvents(new ChangeRequestApprovalRecordedEvent(ID, FRED, "ok", NOTE, 2, 2, 2, FINANCE_ROLE));
        org.assertj.core.api.Assertions.assertThat(asked).isEmpty();
    }
}
