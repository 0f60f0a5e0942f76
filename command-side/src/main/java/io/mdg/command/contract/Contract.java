package io.mdg.command.contract;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.context.annotation.Profile;

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
import io.mdg.command.record.GovernedRecord;
import io.mdg.command.record.RecordValidator;
import io.mdg.rules.policy.AttributeGroup;
import io.mdg.rules.policy.ContractChangeRisk;
import io.mdg.rules.policy.ContractPrices;
import io.mdg.rules.policy.GovernancePolicy;
import io.mdg.rules.record.ReferenceLookup;

/**
 * The golden contract record; its governance is that of every {@link GovernedRecord}, plus its price baseline: the
 * prices as the contract was created with them or as they were last approved, per base unit of each item
 * ({@link ContractPrices}). Every change of the lines is judged against the baseline, and only an approval moves it.
 */
@Aggregate
@Profile("command")
public class Contract extends GovernedRecord {

    private static final String LINES = "lines";

    /** The approved prices; null for a contract created before baselines were kept (until it is next decided). */
    private List<ApprovedPrice> baseline;

    protected Contract() {
        // for Axon
    }

    public Contract(String recordId, SourceRef source, MasterAttributes submitted, Actor actor, GovernancePolicy policy,
            RecordValidator validator, String changeRequestId) {
        super(recordId, source, submitted, actor, policy, validator, changeRequestId);
        // (in a constructor, Axon applies the events after it returns: use the arguments, not the fields)
        boolean pricesApplied = policy.owns(source.system(), EntityType.CONTRACT, LINES);
        apply(new ContractPriceBaselineSetEvent(recordId, pricesApplied
                ? ContractPrices.baseline(((ContractAttributes) submitted).lines(), validator.lookup()) : List.of(),
                null, actor));
    }

    @Override
    protected Map<String, String> escalations(MasterAttributes submitted, Actor actor, GovernancePolicy policy,
                                              RecordValidator validator, LocalDate today) {
        ContractAttributes current = (ContractAttributes) attributes();
        if (baseline == null) {
            // a contract from before baselines were kept: the prices it has now become its baseline
            apply(new ContractPriceBaselineSetEvent(recordId(), ContractPrices.baseline(current.lines(),
                    validator.lookup()), null, actor));
        }
        return ContractChangeRisk.assess(current, (ContractAttributes) submitted, baseline, validator.lookup(),
                policy.contractPriceChangeThreshold(), today);
    }

    @Override
    protected void approved(List<String> attributes, Actor approver, String changeRequestId,
                            RecordValidator validator) {
        if (attributes.contains(LINES)) {
            apply(new ContractPriceBaselineSetEvent(recordId(), ContractPrices.baseline(
                    ((ContractAttributes) attributes()).lines(), validator.lookup()), changeRequestId, approver));
        }
    }

    /**
     * An item's packaging changed (approved): when that moved a price of this contract per base unit beyond the
     * threshold of its baseline, the lines are held for a contract steward's approval, as they are, in change request
     * {@code changeRequestId}. Nothing is held while a change of the lines already waits (its approval sets the
     * baseline). Answers the reason, or null when nothing was held.
     */
    public String recheckPrices(ReferenceLookup items, Actor actor, GovernancePolicy policy,
                                String changeRequestId) {
        ContractAttributes current = (ContractAttributes) attributes();
        if (baseline == null || isPending(LINES) || current.lines() == null) {
            return null;
        }
        String reason = ContractPrices.assess(baseline, current, items, policy.contractPriceChangeThreshold());
        if (reason != null) {
            AttributeGroup group = policy.group(EntityType.CONTRACT, LINES);
            hold(new SourceRef(SourceSystem.STEWARD, actor.name(), null), List.of(new HeldAttribute(LINES,
                            group.name(), Math.max(1, group.approvals()), group.evidenceRequired())),
                    Attributes.only(current, List.of(LINES)), actor, changeRequestId, List.of());
        }
        return reason;
    }

    @EventSourcingHandler
    void on(ContractPriceBaselineSetEvent event) {
        this.baseline = event.prices();
    }
}
