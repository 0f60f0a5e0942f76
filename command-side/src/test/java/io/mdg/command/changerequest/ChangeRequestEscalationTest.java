package io.mdg.command.changerequest;

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
import io.mdg.api.ApprovalStep;
import io.mdg.api.changerequest.ApproveChangeRequestCommand;
import io.mdg.api.changerequest.ChangeAction;
import io.mdg.api.changerequest.ChangeRequestApprovalRecordedEvent;
import io.mdg.api.changerequest.ChangeRequestCommand;
import io.mdg.api.changerequest.ChangeRequestEscalatedEvent;
import io.mdg.api.changerequest.ChangeRequestExpiredEvent;
import io.mdg.api.changerequest.ChangeRequestOpenedEvent;
import io.mdg.api.changerequest.ChangeRequestRejectedEvent;
import io.mdg.api.changerequest.OpenChangeRequestCommand;
import io.mdg.api.changerequest.RejectChangeRequestCommand;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.error.MdgErrorDetails;
import io.mdg.command.record.CommandRefusedException;
import io.mdg.command.routing.PayloadTargetResolver;

/**
 * A change request that passes its SLA escalates (a persistent deadline of its own): the escalation role may decide
 * its current step from then on, under the same segregation of duties; it still expires at its deadline, alerting the
 * escalation role; a decided request escalates no more; a request opened without escalation keeps only its deadline.
 */
class ChangeRequestEscalationTest {

    private static final String ID = "cr-1";
    private static final String RECORD = "supplier-1";
    private static final String STEWARD_ROLE = "supplier-steward";
    private static final String FINANCE_ROLE = "finance-controller";
    private static final String LEAD_ROLE = "data-governance-lead";
    private static final Set<String> STEWARD = Set.of(STEWARD_ROLE);
    private static final Set<String> LEAD = Set.of(LEAD_ROLE);
    private static final Instant OPENED_AT = Instant.parse("2025-03-03T09:00:00Z");
    private static final Instant ESCALATE_AT = OPENED_AT.plus(Duration.ofDays(2));
    private static final Instant DEADLINE = OPENED_AT.plus(Duration.ofDays(5));

    private static final Actor ERP = Actor.client("erp");
    private static final Actor SAM = Actor.user("sam.supplier");
    private static final Actor GIL = Actor.user("gil.governance");
    private static final Actor LENA = Actor.user("lena.lead");

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

    /** A legal-name change from {@code requester} in the given steps, escalating to the lead (or not: null). */
    private static ChangeRequestOpenedEvent opened(Actor requester, String escalationRole, ApprovalStep... steps) {
        List<ApprovalStep> list = List.of(steps);
        return new ChangeRequestOpenedEvent(ID, EntityType.SUPPLIER, RECORD, List.of("legalName"),
                List.of("legal-identity"), null, null, new SourceRef(SourceSystem.ERP, "V-1", 2L), requester,
                "high-risk change", ApprovalStep.total(list), false, list.get(0).role(), DEADLINE,
                ChangeAction.ATTRIBUTES, null, null, list, escalationRole == null ? null : ESCALATE_AT,
                escalationRole);
    }

    private static ChangeRequestOpenedEvent oneStep() {
        return opened(ERP, LEAD_ROLE, new ApprovalStep(STEWARD_ROLE, 1));
    }

    private static ChangeRequestEscalatedEvent escalated(int step, String stepRole, int approvals) {
        return new ChangeRequestEscalatedEvent(ID, EntityType.SUPPLIER, RECORD, LEAD_ROLE, ESCALATE_AT, step,
                stepRole, approvals, DEADLINE);
    }

    private static ApproveChangeRequestCommand approve(Actor actor, Set<String> roles) {
        return new ApproveChangeRequestCommand(ID, "ok", null, actor, roles);
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

    @Test
    void opening_an_escalating_request_schedules_its_escalation_and_its_deadline() {
        fixture.givenCurrentTime(OPENED_AT)
                .when(new OpenChangeRequestCommand(oneStep()))
                .expectEvents(oneStep())
                .expectScheduledDeadlineWithName(ESCALATE_AT, ChangeRequest.ESCALATION)
                .expectScheduledDeadlineWithName(DEADLINE, ChangeRequest.DEADLINE);
    }

    @Test
    void a_request_still_pending_at_its_sla_escalates_to_the_escalation_role() {
        fixture.givenCurrentTime(OPENED_AT)
                .andGivenCommands(new OpenChangeRequestCommand(oneStep()))
                .whenThenTimeAdvancesTo(ESCALATE_AT.plusSeconds(1))
                .expectTriggeredDeadlinesWithName(ChangeRequest.ESCALATION)
                .expectEvents(escalated(1, STEWARD_ROLE, 0))
                .expectScheduledDeadlineWithName(DEADLINE, ChangeRequest.DEADLINE);
    }

    @Test
    void the_escalation_names_the_step_it_was_waiting_at() {
        ChangeRequestOpenedEvent twoSteps = opened(ERP, LEAD_ROLE, new ApprovalStep(STEWARD_ROLE, 1),
                new ApprovalStep(FINANCE_ROLE, 1));
        fixture.givenCurrentTime(OPENED_AT)
                .andGivenCommands(new OpenChangeRequestCommand(twoSteps), approve(SAM, STEWARD))
                .whenThenTimeAdvancesTo(ESCALATE_AT.plusSeconds(1))
                .expectEvents(escalated(2, FINANCE_ROLE, 1));
    }

    @Test
    void after_the_escalation_the_escalation_role_decides_the_current_step() {
        fixture.given(oneStep(), escalated(1, STEWARD_ROLE, 0))
                .when(approve(GIL, LEAD))
                .expectEvents(new ChangeRequestApprovalRecordedEvent(ID, GIL, "ok", null, 1, 1, 1, STEWARD_ROLE))
                .expectResultMessagePayload(true);
        fixture.given(oneStep(), escalated(1, STEWARD_ROLE, 0))
                .when(new RejectChangeRequestCommand(ID, "not the supplier's name", GIL, LEAD))
                .expectEvents(new ChangeRequestRejectedEvent(ID, GIL, "not the supplier's name"));
    }

    @Test
    void before_the_escalation_the_escalation_role_cannot_decide() {
        fixture.given(oneStep())
                .when(approve(GIL, LEAD))
                .expectNoEvents()
                .expectException(CommandRefusedException.class)
                .expectExceptionDetails(refused(ErrorCode.FORBIDDEN, "NOT_DOMAIN_STEWARD"));
    }

    @Test
    void segregation_of_duties_holds_for_the_escalation_role() {
        // the requester never decides, even holding the escalation role
        fixture.given(opened(GIL, LEAD_ROLE, new ApprovalStep(STEWARD_ROLE, 1)), escalated(1, STEWARD_ROLE, 0))
                .when(approve(GIL, LEAD))
                .expectNoEvents()
                .expectExceptionDetails(refused(ErrorCode.FORBIDDEN, "SELF_APPROVAL"));
        // a person approves once over all steps, whatever roles they hold
        fixture.given(opened(ERP, LEAD_ROLE, new ApprovalStep(STEWARD_ROLE, 1), new ApprovalStep(FINANCE_ROLE, 1)),
                        new ChangeRequestApprovalRecordedEvent(ID, GIL, "ok", null, 1, 2, 1, STEWARD_ROLE),
                        escalated(2, FINANCE_ROLE, 1))
                .when(approve(GIL, LEAD))
                .expectNoEvents()
                .expectExceptionDetails(refused(ErrorCode.CONFLICT, "ALREADY_APPROVED"));
        // another person of the role completes the step
        fixture.given(opened(ERP, LEAD_ROLE, new ApprovalStep(STEWARD_ROLE, 1), new ApprovalStep(FINANCE_ROLE, 1)),
                        new ChangeRequestApprovalRecordedEvent(ID, GIL, "ok", null, 1, 2, 1, STEWARD_ROLE),
                        escalated(2, FINANCE_ROLE, 1))
                .when(approve(LENA, LEAD))
                .expectEvents(new ChangeRequestApprovalRecordedEvent(ID, LENA, "ok", null, 2, 2, 2, FINANCE_ROLE));
    }

    @Test
    void an_escalated_request_still_pending_at_its_deadline_expires_alerting_the_escalation_role() {
        fixture.givenCurrentTime(OPENED_AT)
                .andGivenCommands(new OpenChangeRequestCommand(oneStep()))
                .whenThenTimeAdvancesTo(DEADLINE.plusSeconds(1))
                .expectTriggeredDeadlinesWithName(ChangeRequest.ESCALATION, ChangeRequest.DEADLINE)
                .expectEvents(escalated(1, STEWARD_ROLE, 0),
                        new ChangeRequestExpiredEvent(ID, EntityType.SUPPLIER, RECORD, DEADLINE, 0, LEAD_ROLE));
    }

    @Test
    void a_request_decided_before_its_sla_never_escalates() {
        fixture.givenCurrentTime(OPENED_AT)
                .andGivenCommands(new OpenChangeRequestCommand(oneStep()),
                        new RejectChangeRequestCommand(ID, "wrong", SAM, STEWARD))
                .whenThenTimeAdvancesTo(DEADLINE.plusSeconds(1))
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    @Test
    void a_request_opened_without_escalation_keeps_only_its_deadline() {
        ChangeRequestOpenedEvent plain = opened(ERP, null, new ApprovalStep(STEWARD_ROLE, 1));
        fixture.givenCurrentTime(OPENED_AT)
                .andGivenCommands(new OpenChangeRequestCommand(plain))
                .whenThenTimeAdvancesTo(DEADLINE.plusSeconds(1))
                .expectTriggeredDeadlinesWithName(ChangeRequest.DEADLINE)
                .expectEvents(new ChangeRequestExpiredEvent(ID, EntityType.SUPPLIER, RECORD, DEADLINE, 0,
                        STEWARD_ROLE));
    }
}
