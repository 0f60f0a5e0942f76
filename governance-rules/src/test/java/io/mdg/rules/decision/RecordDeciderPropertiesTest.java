package io.mdg.rules.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.Contact;
import io.mdg.api.model.ScreeningStatus;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.ApplyApprovedChangeCommand;
import io.mdg.api.record.DecideSubmissionCommand;
import io.mdg.api.record.LifecycleChangedEvent;
import io.mdg.api.record.RecordChangedEvent;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.api.submission.AttributeStatus;
import io.mdg.api.submission.SubmissionOutcome;
import io.mdg.rules.file.RulesFile;
import io.mdg.rules.policy.AttributeGroup;
import io.mdg.rules.policy.GovernancePolicy;
import io.mdg.rules.policy.Risk;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Generated sequences of suppliers' submissions from three source systems (any attributes, versions in and out of
 * order, retries) and stewards' approvals, decided by {@link RecordDecider} under the default rules file with the
 * state its own events lead to. Whatever the sequence: no change of a HIGH-risk attribute (or one the rules hold by
 * its value, or on creation) is ever applied without an approval, no source changes what it does not own, deciding
 * the same submission twice on the same state gives the same decision, and deciding it again on the state its own
 * decision led to changes nothing.
 */
class RecordDeciderPropertiesTest {

    private static final GovernancePolicy POLICY = RulesFile.loadDefault().policy();
    private static final String ID = "s-1";
    private static final RecordValidator VALID = (resulting, isNew) -> List.of();

    /** One generated step: a submission, or (when {@code approve}) the approval of the oldest held change. */
    record Step(boolean approve, SourceRef source, SupplierAttributes attributes) {
    }

    @Property(tries = 400)
    void no_high_risk_change_is_applied_without_approval_and_no_source_changes_what_it_does_not_own(
            @ForAll("steps") @Size(min = 1, max = 12) List<Step> steps) {
        RecordState state = RecordState.NONE;
        int requests = 0;
        for (Step step : steps) {
            if (step.approve()) {
                if (state.heldChanges().isEmpty()) {
                    continue;
                }
                String request = state.heldChanges().keySet().iterator().next();
                Decision<?> approved = RecordDecider.applyApproved(state,
                        new ApplyApprovedChangeCommand(ID, request, Actor.user("sam.supplier")), VALID);
                assertThat(approved.events()).allSatisfy(event -> assertThat(event)
                        .isInstanceOf(RecordChangedEvent.class)
                        .extracting(e -> ((RecordChangedEvent) e).changeRequestId()).isEqualTo(request));
                state = state.evolve(approved.events());
                continue;
            }
            DecideSubmissionCommand command = command(step, "cr-" + ++requests);
            RecordState before = state;
            var decision = RecordDecider.decide(before, command, POLICY, VALID);
            for (Object event : decision.events()) {
                if (event instanceof RecordChangedEvent changed) {
                    assertThat(changed.changeRequestId()).isNull();
                    for (String attribute : changed.attributes()) {
                        AttributeGroup group = POLICY.group(EntityType.SUPPLIER, attribute);
                        assertThat(group.risk()).as(attribute + " applied without approval").isNotEqualTo(Risk.HIGH);
                        assertThat(POLICY.heldChange(EntityType.SUPPLIER, attribute,
                                io.mdg.api.model.Attributes.values(before.attributes()).get(attribute),
                                io.mdg.api.model.Attributes.values(step.attributes()).get(attribute)))
                                .as(attribute + " held by its value").isEmpty();
                        assertThat(POLICY.owns(step.source().system(), EntityType.SUPPLIER, attribute)).isTrue();
                    }
                }
                if (event instanceof RecordRegisteredEvent registered) {
                    for (String attribute : io.mdg.api.model.Attributes.values(registered.attributes()).keySet()) {
                        AttributeGroup group = POLICY.group(EntityType.SUPPLIER, attribute);
                        assertThat(group.heldOnCreation()).as(attribute + " trusted on creation").isFalse();
                        assertThat(POLICY.owns(step.source().system(), EntityType.SUPPLIER, attribute)).isTrue();
                    }
                }
            }
            assertThat(decision.answer().result().attributes()).allSatisfy(result -> {
                if (result.status() == AttributeStatus.APPLIED) {
                    assertThat(POLICY.owns(step.source().system(), EntityType.SUPPLIER, result.attribute())).isTrue();
                }
            });
            state = before.evolve(decision.events());
        }
    }

    /**
     * The same property from the seed that found a source's directly applied value leaving its own held change of
     * the attribute pending (a retry then superseded it): screening EXCLUDED, CLEAR held, NOT_SCREENED applied.
     */
    @Property(tries = 400, seed = "2181865494133571401")
    void a_directly_applied_value_supersedes_the_sources_own_held_change_at_once_so_a_retry_changes_nothing(
            @ForAll("steps") @Size(min = 1, max = 10) List<Step> history, @ForAll("submission") Step last) {
        deciding_a_submission_again_gives_the_same_decision_and_on_its_own_outcome_changes_nothing(history, last);
    }

    @Property(tries = 400)
    void deciding_a_submission_again_gives_the_same_decision_and_on_its_own_outcome_changes_nothing(
            @ForAll("steps") @Size(min = 1, max = 10) List<Step> history, @ForAll("submission") Step last) {
        RecordState state = RecordState.NONE;
        int requests = 0;
        for (Step step : history) {
            if (!step.approve()) {
                state = state.evolve(RecordDecider.decide(state, command(step, "cr-" + ++requests), POLICY, VALID)
                        .events());
            }
        }
        DecideSubmissionCommand command = command(last, "cr-last");

        var once = RecordDecider.decide(state, command, POLICY, VALID);
        assertThat(RecordDecider.decide(state, command, POLICY, VALID)).isEqualTo(once);

        RecordState after = state.evolve(once.events());
        var again = RecordDecider.decide(after, command, POLICY, VALID);
        assertThat(again.events()).as("a retry of " + command + " after " + once).isEmpty();
        assertThat(after.evolve(again.events())).isEqualTo(after);
        if (once.answer().result().outcome() != SubmissionOutcome.REJECTED) {
            assertThat(again.answer().result().outcome()).isIn(SubmissionOutcome.UNCHANGED,
                    SubmissionOutcome.PENDING_APPROVAL, SubmissionOutcome.STALE);
        }
    }

    @Property(tries = 200)
    void a_suppliers_exclusion_always_leaves_it_suspended_until_a_steward_acts(
            @ForAll("steps") @Size(min = 1, max = 12) List<Step> steps) {
        RecordState state = RecordState.NONE;
        int requests = 0;
        for (Step step : steps) {
            if (step.approve()) {
                continue;
            }
            DecideSubmissionCommand command = command(step, "cr-" + ++requests);
            Decision<?> decision = RecordDecider.decide(state, command, POLICY, VALID);
            state = state.evolve(decision.events());
            if (state.exists() && ((SupplierAttributes) state.attributes()).screeningStatus() == ScreeningStatus.EXCLUDED) {
                assertThat(state.status()).isEqualTo(io.mdg.api.LifecycleStatus.SUSPENDED);
            }
            assertThat(decision.events()).noneMatch(event -> event instanceof LifecycleChangedEvent changed
                    && changed.to() == io.mdg.api.LifecycleStatus.ACTIVE);
        }
    }

    /** The step's submission as the submission handler sends it, holding what it holds in {@code request}. */
    private static DecideSubmissionCommand command(Step step, String request) {
        return new DecideSubmissionCommand(ID, step.source(), step.attributes(), actor(step.source()), null, request,
                null);
    }

    private static Actor actor(SourceRef source) {
        return Actor.client(source.system().name().toLowerCase().replace('_', '-'));
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, submission()),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Step(true, null, null)))).list();
    }

    @Provide
    Arbitrary<Step> submission() {
        Arbitrary<SourceRef> sources = Combinators.combine(
                Arbitraries.of(SourceSystem.ERP, SourceSystem.SUPPLIER_PORTAL, SourceSystem.SOURCING),
                Arbitraries.of("V-1", "V-2"),
                Arbitraries.longs().between(1, 5).injectNull(0.2))
                .as((system, id, version) -> new SourceRef(system, id, version));
        return Combinators.combine(sources, attributes()).as((source, attributes) -> new Step(false, source,
                attributes));
    }

    private static Arbitrary<SupplierAttributes> attributes() {
        Arbitrary<String> names = Arbitraries.of("Acme Medical Inc.", "Acme Medical Holdings Inc.").injectNull(0.3);
        Arbitrary<List<String>> tradingNames = Arbitraries.of(List.of("Acme"), List.of("Acme Med")).injectNull(0.6);
        Arbitrary<String> taxIds = Arbitraries.of("12-3456789", "98-7654321").injectNull(0.6);
        Arbitrary<BankAccount> accounts = Arbitraries.of(
                new BankAccount("Acme", "First Bank", "021000021", "123456789", null, "USD"),
                new BankAccount("Acme", "Other Bank", "011000015", "987654321", null, "USD")).injectNull(0.6);
        Arbitrary<List<Contact>> contacts = Arbitraries.just(
                List.of(new Contact("Kim", "sales", "kim@acme.example", null))).injectNull(0.7);
        Arbitrary<ScreeningStatus> screening = Arbitraries.of(ScreeningStatus.values()).injectNull(0.6);
        return Combinators.combine(names, tradingNames, taxIds, accounts, contacts, screening)
                .as((name, trading, tax, account, contact, status) -> new SupplierAttributes(name, trading, tax,
                        null, null, null, null, account, contact, status));
    }
}
