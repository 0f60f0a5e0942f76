package io.mdg.rules.decision;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.model.ApprovedPrice;
import io.mdg.api.model.Attributes;
import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.record.ContractPriceBaselineSetEvent;
import io.mdg.api.record.HeldAttribute;
import io.mdg.api.record.RecheckContractPricesCommand;
import io.mdg.rules.policy.AttributeGroup;
import io.mdg.rules.policy.ContractChangeRisk;
import io.mdg.rules.policy.ContractPrices;
import io.mdg.rules.policy.GovernancePolicy;
import io.mdg.rules.record.RecordFacts;
import io.mdg.rules.record.ReferenceLookup;

/**
 * What a contract decides beyond every golden record: its price baseline, the prices as the contract was created with
 * them or as they were last approved, per base unit of each item ({@link ContractPrices}). Every change of the lines
 * is judged against the baseline, and only an approval moves it.
 */
final class ContractDecisions {

    static final String LINES = "lines";

    private ContractDecisions() {
    }

    /** A new contract's baseline: its prices if its source owns them (else none). */
    static List<Object> registered(String recordId, SourceRef source, MasterAttributes submitted, Actor actor,
                                   GovernancePolicy policy, RecordValidator validator) {
        boolean pricesApplied = policy.owns(source.system(), EntityType.CONTRACT, LINES);
        return List.of(new ContractPriceBaselineSetEvent(recordId, pricesApplied
                ? ContractPrices.baseline(((ContractAttributes) submitted).lines(), validator.lookup()) : List.of(),
                null, actor));
    }

    /**
     * The attributes of a submission that need approval although their groups are low risk, with the reason for each
     * (prices beyond the threshold, backdating); {@code events} receives the baseline of a contract from before
     * baselines were kept (the prices it has now become its baseline).
     */
    static Map<String, String> escalations(RecordState state, MasterAttributes submitted, Actor actor,
                                           GovernancePolicy policy, RecordValidator validator, LocalDate today,
                                           List<Object> events) {
        ContractAttributes current = (ContractAttributes) state.attributes();
        List<ApprovedPrice> baseline = state.baseline();
        if (baseline == null) {
            baseline = ContractPrices.baseline(current.lines(), validator.lookup());
            events.add(new ContractPriceBaselineSetEvent(state.recordId(), baseline, null, actor));
        }
        return ContractChangeRisk.assess(current, (ContractAttributes) submitted, baseline, validator.lookup(),
                policy.contractPriceChangeThreshold(), today);
    }

    /** An approved change of the lines sets the baseline to the prices as approved ({@code after}: the record now). */
    static List<Object> approved(RecordState after, List<String> attributes, Actor approver, String changeRequestId,
                                 RecordValidator validator) {
        if (!attributes.contains(LINES)) {
            return List.of();
        }
        return List.of(new ContractPriceBaselineSetEvent(after.recordId(), ContractPrices.baseline(
                ((ContractAttributes) after.attributes()).lines(), validator.lookup()), changeRequestId, approver));
    }

    /**
     * An item's packaging changed (approved): when that moved a price of this contract per base unit beyond the
     * threshold of its baseline, the lines are held for a contract steward's approval, as they are. Nothing is held
     * while a change of the lines already waits (its approval sets the baseline). Answers the reason, or null when
     * nothing was held.
     */
    static Decision<String> recheckPrices(RecordState state, RecheckContractPricesCommand command,
                                          GovernancePolicy policy, ReferenceLookup lookup) {
        ContractAttributes current = (ContractAttributes) state.attributes();
        if (state.baseline() == null || state.isPending(LINES) || current.lines() == null) {
            return Decision.of(List.of(), null);
        }
        RecordFacts item = new RecordFacts(command.itemId(), command.item().entityType(), command.itemStatus(),
                command.item());
        // the item as approved in this unit of work: the lookup tables follow only when it commits
        ReferenceLookup items = new ReferenceLookup() {
            @Override
            public Optional<RecordFacts> find(String id) {
                return command.itemId().equals(id) ? Optional.of(item) : lookup.find(id);
            }

            @Override
            public List<RecordFacts> referencing(String id) {
                return lookup.referencing(id);
            }
        };
        String reason = ContractPrices.assess(state.baseline(), current, items, policy.contractPriceChangeThreshold());
        if (reason == null) {
            return Decision.of(List.of(), null);
        }
        AttributeGroup group = policy.group(EntityType.CONTRACT, LINES);
        List<Object> events = new ArrayList<>();
        RecordDecider.hold(state, new SourceRef(SourceSystem.STEWARD, command.actor().name(), null),
                List.of(new HeldAttribute(LINES, group.name(), Math.max(1, group.approvals()),
                        group.evidenceRequired())), Attributes.only(current, List.of(LINES)), command.actor(),
                command.changeRequestId(), List.of(), "the approved packaging change of item " + command.itemId()
                        + " moved a price: " + reason, events);
        return Decision.of(events, reason);
    }
}
