package io.mdg.command.rules;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.context.annotation.Profile;

import io.mdg.api.Actor;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.rules.ApproveRulesChangeCommand;
import io.mdg.api.rules.OfferRulesFileCommand;
import io.mdg.api.rules.ProposeRulesChangeCommand;
import io.mdg.api.rules.RejectRulesChangeCommand;
import io.mdg.api.rules.RulesAdoptedEvent;
import io.mdg.api.rules.RulesChangeApprovedEvent;
import io.mdg.api.rules.RulesChangeProposedEvent;
import io.mdg.api.rules.RulesChangeRejectedEvent;
import io.mdg.api.rules.RulesFileOffered;
import io.mdg.api.submission.FieldError;
import io.mdg.command.record.CommandRefusedException;
import io.mdg.rules.file.RulesChangeSafety;
import io.mdg.rules.file.RulesContent;
import io.mdg.rules.file.RulesDiff;
import io.mdg.rules.policy.RulesFileException;

/**
 * The governance rules as governed data: adopted once (the first start), then changed only by a proposal of one admin
 * that another admin approves (four eyes), every step an event with who, why and the diff. Approved rules are in force
 * from the approval's time plus the propagation delay, so that every node of the service switches at that one time
 * ({@link RulesInForce}). A proposal is checked whole when it is made (the rules file's validation and
 * {@link RulesChangeSafety}) and again when it is approved; an approval of a proposal made against rules that are no
 * longer in force is refused as stale.
 */
@Aggregate(commandTargetResolver = "rulesCommandTargetResolver")
@Profile("command")
public class Rules {

    /** The actor of the service's own start-up. */
    static final Actor STARTUP = new Actor(Actor.ActorType.SYSTEM, OfferRulesFileCommand.STARTUP);

    @AggregateIdentifier
    private String rulesId;
    private String text;
    private String version;
    private String hash;
    private Instant effectiveFrom;
    private final Map<String, Proposal> open = new LinkedHashMap<>();

    /** An open proposal. */
    private record Proposal(String text, String hash, String baseHash, Actor proposer) {
    }

    protected Rules() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public RulesFileOffered handle(OfferRulesFileCommand command) {
        RulesContent content = parsed(command.text(), command.origin());
        if (hash == null) {
            apply(new RulesAdoptedEvent(command.rulesId(), command.text(), content.version(), content.hash(),
                    command.origin(), GenericEventMessage.clock.instant(), STARTUP));
            return new RulesFileOffered(RulesFileOffered.Outcome.ADOPTED, null, content.hash());
        }
        if (content.hash().equals(hash)) {
            return new RulesFileOffered(RulesFileOffered.Outcome.IN_FORCE, null, hash);
        }
        for (Map.Entry<String, Proposal> proposal : open.entrySet()) {
            if (proposal.getValue().hash().equals(content.hash())) {
                return new RulesFileOffered(RulesFileOffered.Outcome.ALREADY_PROPOSED, proposal.getKey(),
                        content.hash());
            }
        }
        safe(content);
        propose(command.changeId(), command.text(), content,
                "the rules file " + command.origin() + " differs from the rules in force at start-up", STARTUP);
        return new RulesFileOffered(RulesFileOffered.Outcome.PROPOSED, command.changeId(), content.hash());
    }

    @CommandHandler
    public String handle(ProposeRulesChangeCommand command) {
        RulesContent content = valid(command.text(), "proposal");
        if (content.hash().equals(hash)) {
            throw new CommandRefusedException(ErrorCode.CONFLICT, "RULES_UNCHANGED",
                    "the proposed rules are the rules in force (version " + version + ", hash " + hash + ")");
        }
        if (open.containsKey(command.changeId())) {
            throw new CommandRefusedException(ErrorCode.CONFLICT, "DUPLICATE_ID",
                    "rules change " + command.changeId() + " exists");
        }
        propose(command.changeId(), command.text(), content, command.comment(), command.proposer());
        return command.changeId();
    }

    @CommandHandler
    public Instant handle(ApproveRulesChangeCommand command) {
        Proposal proposal = openProposal(command.changeId());
        if (proposal.proposer().name().equals(command.approver().name())) {
            throw new CommandRefusedException(ErrorCode.FORBIDDEN, "FOUR_EYES",
                    "the proposer of rules change " + command.changeId() + " cannot approve it: another admin must");
        }
        if (!proposal.baseHash().equals(hash)) {
            throw new CommandRefusedException(ErrorCode.CONFLICT, "STALE_RULES_CHANGE",
                    "rules change " + command.changeId() + " was proposed against rules that are no longer in force"
                            + " (now version " + version + ", hash " + hash + "): reject it and propose again");
        }
        RulesContent content = valid(proposal.text(), "proposal " + command.changeId());
        Duration delay = command.propagationDelay().isNegative() ? Duration.ZERO : command.propagationDelay();
        Instant from = GenericEventMessage.clock.instant().plus(delay);
        if (effectiveFrom != null && !from.isAfter(effectiveFrom)) {
            from = effectiveFrom.plusMillis(1);
        }
        apply(new RulesChangeApprovedEvent(rulesId, command.changeId(), proposal.text(), content.version(),
                content.hash(), from, proposal.proposer(), command.approver()));
        return from;
    }

    @CommandHandler
    public void handle(RejectRulesChangeCommand command) {
        openProposal(command.changeId());
        if (command.reason() == null || command.reason().isBlank()) {
            throw new CommandRefusedException(ErrorCode.VALIDATION_FAILED, "REASON_REQUIRED",
                    "a rejection of a rules change needs a reason");
        }
        apply(new RulesChangeRejectedEvent(rulesId, command.changeId(), command.reason(), command.actor()));
    }

    private void propose(String changeId, String newText, RulesContent content, String comment, Actor proposer) {
        String diff = RulesDiff.unified("rules in force (" + version + ")", text, "proposed (" + content.version()
                + ")", newText);
        apply(new RulesChangeProposedEvent(rulesId, changeId, newText, content.version(), content.hash(), version,
                hash, diff, comment, proposer));
    }

    private Proposal openProposal(String changeId) {
        Proposal proposal = open.get(changeId);
        if (proposal == null) {
            throw new CommandRefusedException(ErrorCode.CONFLICT, "NOT_OPEN",
                    "rules change " + changeId + " is not an open proposal (unknown, approved or rejected)");
        }
        return proposal;
    }

    /** The rules the text reads as, if they are valid and weaken no shipped control; refused otherwise. */
    private static RulesContent valid(String text, String origin) {
        return safe(parsed(text, origin));
    }

    /** The rules the text reads as; refused with every problem if it is malformed or invalid. */
    private static RulesContent parsed(String text, String origin) {
        try {
            return RulesContent.of(text, origin);
        } catch (RulesFileException e) {
            throw new CommandRefusedException(ErrorCode.VALIDATION_FAILED, e.getMessage(),
                    e.problems().stream().map(p -> new FieldError("rules", "INVALID_RULES", p)).toList());
        }
    }

    /** The rules, if they weaken no control of the shipped rules ({@link RulesChangeSafety}); refused otherwise. */
    private static RulesContent safe(RulesContent content) {
        List<String> unsafe = RulesChangeSafety.problems(content.rules());
        if (!unsafe.isEmpty()) {
            throw new CommandRefusedException(ErrorCode.VALIDATION_FAILED,
                    "UNSAFE_RULES_CHANGE: the rules would weaken " + unsafe.size() + " control(s) of the shipped"
                            + " rules:\n  " + String.join("\n  ", unsafe),
                    unsafe.stream().map(p -> new FieldError("rules", "UNSAFE_RULES_CHANGE", p)).toList());
        }
        return content;
    }

    @EventSourcingHandler
    void on(RulesAdoptedEvent event) {
        rulesId = event.rulesId();
        text = event.text();
        version = event.version();
        hash = event.hash();
        effectiveFrom = event.effectiveFrom();
    }

    @EventSourcingHandler
    void on(RulesChangeProposedEvent event) {
        open.put(event.changeId(), new Proposal(event.text(), event.hash(), event.baseHash(), event.proposer()));
    }

    @EventSourcingHandler
    void on(RulesChangeApprovedEvent event) {
        open.remove(event.changeId());
        text = event.text();
        version = event.version();
        hash = event.hash();
        effectiveFrom = event.effectiveFrom();
    }

    @EventSourcingHandler
    void on(RulesChangeRejectedEvent event) {
        open.remove(event.changeId());
    }
}
