package io.mdg.command.delegation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.mdg.api.Actor;
import io.mdg.api.delegation.ApprovalDelegation;
import io.mdg.api.delegation.ApprovalsDelegatedEvent;
import io.mdg.api.delegation.DelegateApprovalsCommand;
import io.mdg.api.delegation.DelegationCommand;
import io.mdg.api.delegation.DelegationRevokedEvent;
import io.mdg.api.delegation.RevokeDelegationCommand;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.error.MdgErrorDetails;
import io.mdg.command.record.CommandRefusedException;
import io.mdg.command.routing.PayloadTargetResolver;
import io.mdg.rules.file.RulesFile;

/**
 * A delegation of approvals: a holder of an approver role delegates it to another person for at most the rules
 * file's delegation.maxDays; never a role they do not hold (a delegate never delegates further), never to themselves,
 * never a role that approves nothing; the delegator or an admin revokes it while it lasts.
 */
class DelegationTest {

    private static final String FINANCE = "finance-controller";
    private static final Actor FAY = Actor.user("fay.finance");
    private static final Actor SUE = Actor.user("sue.supplier");
    private static final Actor ADA = Actor.user("ada.admin");

    private AggregateTestFixture<Delegation> fixture;
    private final List<Object[]> granted = new ArrayList<>();
    private Instant now;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Delegation.class);
        fixture.registerCommandTargetResolver(new PayloadTargetResolver<>(DelegationCommand.class,
                DelegationCommand::delegationId));
        fixture.registerInjectableResource(RulesFile.loadDefault().delegation());
        fixture.registerInjectableResource((ApprovalDelegations) (delegate, at) -> granted.stream()
                .filter(g -> g[0].equals(delegate)).map(g -> (ApprovalDelegation) g[1]).filter(d -> d.inForceAt(at))
                .toList());
        now = fixture.currentTime();
    }

    private DelegateApprovalsCommand delegate(Actor by, Set<String> roles, String role, String to, Instant from,
                                              Instant until) {
        return new DelegateApprovalsCommand("d-1", role, to, from, until, "annual leave", by, roles);
    }

    private ApprovalsDelegatedEvent delegated(Instant from, Instant until) {
        return new ApprovalsDelegatedEvent("d-1", FAY, FINANCE, SUE.name(), from, until, "annual leave");
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
        (history.length == 0 ? fixture.givenNoPriorActivity() : fixture.given(history))
                .when(command)
                .expectNoEvents()
                .expectException(CommandRefusedException.class)
                .expectExceptionDetails(refused(code, reason));
    }

    @Test
    void a_holder_of_an_approver_role_delegates_it_to_another_person_from_now_when_the_start_is_past() {
        Instant until = now.plus(Duration.ofDays(14));
        fixture.givenNoPriorActivity()
                .when(delegate(FAY, Set.of(FINANCE), FINANCE, SUE.name(), now.minus(Duration.ofHours(1)), until))
                .expectEvents(delegated(now, until))
                .expectResultMessagePayload("d-1");
        Instant later = now.plus(Duration.ofDays(3));
        fixture.givenNoPriorActivity()
                .when(delegate(FAY, Set.of(FINANCE), FINANCE, SUE.name(), later, until))
                .expectEvents(delegated(later, until));
    }

    @Test
    void nobody_delegates_a_role_they_do_not_hold() {
        expectRefused(delegate(SUE, Set.of("supplier-steward"), FINANCE, "sam.supplier", null,
                now.plus(Duration.ofDays(1))), ErrorCode.FORBIDDEN, "ROLE_NOT_HELD");
    }

    @Test
    void a_delegate_cannot_delegate_further() {
        granted.add(new Object[] {SUE.name(), new ApprovalDelegation("d-0", FAY.name(), FINANCE,
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)))});
        expectRefused(delegate(SUE, Set.of("supplier-steward"), FINANCE, "sam.supplier", null,
                now.plus(Duration.ofDays(1))), ErrorCode.FORBIDDEN, "NO_REDELEGATION");
    }

    @Test
    void nobody_delegates_to_themselves_or_a_role_that_approves_nothing_or_longer_than_the_rules_allow() {
        Instant tomorrow = now.plus(Duration.ofDays(1));
        expectRefused(delegate(FAY, Set.of(FINANCE), FINANCE, FAY.name(), null, tomorrow),
                ErrorCode.VALIDATION_FAILED, "SELF_DELEGATION");
        expectRefused(delegate(FAY, Set.of(FINANCE, "analyst"), "analyst", SUE.name(), null, tomorrow),
                ErrorCode.VALIDATION_FAILED, "ROLE_NOT_DELEGABLE");
        expectRefused(delegate(FAY, Set.of(FINANCE), FINANCE, SUE.name(), null, now.plus(Duration.ofDays(91))),
                ErrorCode.VALIDATION_FAILED, "PERIOD_TOO_LONG");
        expectRefused(delegate(FAY, Set.of(FINANCE), FINANCE, SUE.name(), tomorrow, tomorrow),
                ErrorCode.VALIDATION_FAILED, "INVALID_PERIOD");
        expectRefused(delegate(Actor.client("erp"), Set.of(FINANCE), FINANCE, SUE.name(), null, tomorrow),
                ErrorCode.FORBIDDEN, "ONLY_PEOPLE_DELEGATE");
    }

    @Test
    void the_delegator_or_an_admin_revokes_it_and_nobody_else() {
        ApprovalsDelegatedEvent given = delegated(now, now.plus(Duration.ofDays(14)));
        fixture.given(given)
                .when(new RevokeDelegationCommand("d-1", "back early", FAY, false))
                .expectEvents(new DelegationRevokedEvent("d-1", FAY, FAY.name(), SUE.name(), FINANCE, "back early"));
        fixture.given(given)
                .when(new RevokeDelegationCommand("d-1", null, ADA, true))
                .expectEvents(new DelegationRevokedEvent("d-1", ADA, FAY.name(), SUE.name(), FINANCE, null));
        expectRefused(new RevokeDelegationCommand("d-1", null, SUE, false), ErrorCode.FORBIDDEN, "NOT_DELEGATOR",
                given);
        expectRefused(new RevokeDelegationCommand("d-1", null, FAY, false), ErrorCode.CONFLICT, "ALREADY_REVOKED",
                given, new DelegationRevokedEvent("d-1", FAY, FAY.name(), SUE.name(), FINANCE, null));
        expectRefused(new RevokeDelegationCommand("d-1", null, FAY, false), ErrorCode.CONFLICT, "ALREADY_EXPIRED",
                delegated(now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1))));
    }
}
