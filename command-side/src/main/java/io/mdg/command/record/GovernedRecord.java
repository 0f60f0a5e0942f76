package io.mdg.command.record;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.List;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.context.annotation.Profile;

import io.mdg.api.SourceRef;
import io.mdg.api.changerequest.ReleaseHeldChangeCommand;
import io.mdg.api.record.AbsorbMergedSourcesCommand;
import io.mdg.api.record.ApplyApprovedChangeCommand;
import io.mdg.api.record.ApplyLifecycleChangeCommand;
import io.mdg.api.record.ContractPriceBaselineSetEvent;
import io.mdg.api.record.DecideSubmissionCommand;
import io.mdg.api.record.HoldProposedChangeCommand;
import io.mdg.api.record.MergeRecordIntoCommand;
import io.mdg.api.record.RecheckContractPricesCommand;
import io.mdg.api.record.SubmissionDecision;
import io.mdg.api.submission.FieldError;
import io.mdg.command.lookup.CrossRecordChecks;
import io.mdg.api.record.EraseContactCommand;
import io.mdg.command.personal.PersonIds;
import io.mdg.rules.personal.ContactErasure;
import io.mdg.rules.personal.PersonalDataRules;
import io.mdg.rules.decision.Decision;
import io.mdg.rules.decision.RecordDecider;
import io.mdg.rules.decision.RecordState;
import io.mdg.rules.policy.GovernancePolicy;

/**
 * A governed golden record of any entity type (supplier, item, contract, location), event sourced. Its command
 * handlers ask the pure decisions of the rules module ({@link RecordDecider}) with the record's state and apply the
 * events they return; the answer is the command's return value. The event-sourcing handler is the decisions' own
 * {@link RecordState#evolve}. What needs lookups across records (unique identifiers, references) comes in as
 * {@link CrossRecordChecks}, and the rules file as {@link GovernancePolicy}, both injected by Axon.
 *
 * <p>The commands are sent by the command side's handlers once the set-based part is done (e.g. {@link
 * SubmissionHandler} resolves which record a submission is for); they route by {@link
 * io.mdg.api.record.RecordCommand#recordId()} (the resolver named in {@code @Aggregate}).
 */
@Aggregate(commandTargetResolver = "recordCommandTargetResolver")
@Profile("command")
public class GovernedRecord {

    @AggregateIdentifier
    private String recordId;
    private RecordState state = RecordState.NONE;
    /**
     * The golden record's version as reads show it ({@code RecordView#version}): one more than the sequence number of
     * its last event that makes a version of the golden record (every one but a contract's price baseline, which the
     * read model does not show); 0 before the first.
     */
    private long version;

    protected GovernedRecord() {
        // for Axon, and for a record that a submission creates
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public SubmissionDecision handle(DecideSubmissionCommand command, PolicyInForce rules,
                                     CrossRecordChecks checks) {
        return applied(RecordDecider.decide(state, command, rules.policy(), checks.validator(command.recordId())));
    }

    @CommandHandler
    public String handle(HoldProposedChangeCommand command, PolicyInForce rules, CrossRecordChecks checks) {
        return applied(RecordDecider.propose(state, command, rules.policy(), checks.validator(recordId)));
    }

    @CommandHandler
    public List<FieldError> handle(ApplyApprovedChangeCommand command, CrossRecordChecks checks) {
        return RecordDecider.errors(applied(RecordDecider.applyApproved(state, command, checks.validator(recordId))));
    }

    @CommandHandler
    public void handle(ReleaseHeldChangeCommand command) {
        applied(RecordDecider.release(state, command));
    }

    @CommandHandler
    public List<FieldError> handle(ApplyLifecycleChangeCommand command, CrossRecordChecks checks) {
        return RecordDecider.errors(applied(RecordDecider.changeLifecycle(state, command, checks.references())));
    }

    @CommandHandler
    public List<SourceRef> handle(MergeRecordIntoCommand command) {
        return applied(RecordDecider.mergeInto(state, command));
    }

    @CommandHandler
    public void handle(AbsorbMergedSourcesCommand command) {
        applied(RecordDecider.absorb(state, command));
    }

    @CommandHandler
    public String handle(RecheckContractPricesCommand command, PolicyInForce rules, CrossRecordChecks checks) {
        return applied(RecordDecider.recheckPrices(state, command, rules.policy(), checks.references()));
    }

    /**
     * Erases a supplier's contact person (crypto-shredding: the service destroys the person's key in this unit of
     * work when the event is stored); refused under a legal hold of the rules file.
     */
    @CommandHandler
    public void handle(EraseContactCommand command, PersonalDataRules rules, PersonIds people) {
        applied(ContactErasure.decide(state, command, rules, people.belongsTo(command.personId(), recordId)));
    }

    /** The record as the decisions see it (for reads by the command side's handlers). */
    public RecordState state() {
        return state;
    }

    /** The golden record's version as reads show it, 0 before it exists. */
    public long version() {
        return version;
    }

    private static <A> A applied(Decision<A> decision) {
        if (decision.isRefused()) {
            throw CommandRefusedException.of(decision.refusal());
        }
        decision.events().forEach(event -> apply(event));
        return decision.answer();
    }

    @EventSourcingHandler
    void on(Object event, @SequenceNumber long sequence) {
        state = state.evolve(event);
        recordId = state.recordId();
        if (!(event instanceof ContractPriceBaselineSetEvent)) {
            version = sequence + 1;
        }
    }
}
