package io.mdg.command.delegation;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.context.annotation.Profile;

import io.mdg.api.Actor;
import io.mdg.api.delegation.ApprovalsDelegatedEvent;
import io.mdg.api.delegation.DelegateApprovalsCommand;
import io.mdg.api.delegation.DelegationRevokedEvent;
import io.mdg.api.delegation.RevokeDelegationCommand;
import io.mdg.api.error.ErrorCode;
import io.mdg.command.record.CommandRefusedException;
import io.mdg.rules.decision.Refusal;
import io.mdg.rules.delegation.DelegationRules;

/**
 * One delegation of approvals: a person holding an approver role lets a named person decide that role's approval
 * steps for them, for a period ({@link DelegationRules}: which roles, to whom, how long). Every change is an event,
 * so the audit trail keeps who delegated what to whom, and who ended it. It ends at its {@code until} by itself (no
 * event: it is simply no longer in force), or earlier when its delegator or an admin revokes it. What a delegate may
 * then decide is the change request's to say ({@code io.mdg.command.changerequest.ChangeRequest}).
 */
@Aggregate(commandTargetResolver = "delegationCommandTargetResolver")
@Profile("command")
public class Delegation {

    @AggregateIdentifier
    private String delegationId;
    private String delegator;
    private String delegate;
    private String role;
    private Instant until;
    private boolean revoked;

    protected Delegation() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    public String handle(DelegateApprovalsCommand command, DelegationRules rules, ApprovalDelegations delegations) {
        Actor actor = command.actor();
        if (actor.type() != Actor.ActorType.USER) {
            throw new CommandRefusedException(ErrorCode.FORBIDDEN, "ONLY_PEOPLE_DELEGATE",
                    "only people delegate their approvals; " + actor + " is not a person");
        }
        Instant now = GenericEventMessage.clock.instant();
        boolean delegatedToDelegator = delegations.grantedTo(actor.name(), now).stream()
                .anyMatch(d -> d.role().equals(command.role()));
        Refusal refusal = rules.refusal(actor.name(), command.roles(), command.role(), command.delegate(),
                command.from(), command.until(), now, delegatedToDelegator);
        if (refusal != null) {
            throw CommandRefusedException.of(refusal);
        }
        apply(new ApprovalsDelegatedEvent(command.delegationId(), actor, command.role(), command.delegate(),
                DelegationRules.start(command.from(), now), command.until(), command.reason()));
        return command.delegationId();
    }

    @CommandHandler
    public void handle(RevokeDelegationCommand command) {
        Actor actor = command.actor();
        if (!command.administrator() && !(actor.type() == Actor.ActorType.USER && actor.name().equals(delegator))) {
            throw new CommandRefusedException(ErrorCode.FORBIDDEN, "NOT_DELEGATOR",
                    "only the delegator (" + delegator + ") or an admin may revoke delegation " + delegationId);
        }
        if (revoked) {
            throw new CommandRefusedException(ErrorCode.CONFLICT, "ALREADY_REVOKED",
                    "delegation " + delegationId + " was revoked already");
        }
        if (!GenericEventMessage.clock.instant().isBefore(until)) {
            throw new CommandRefusedException(ErrorCode.CONFLICT, "ALREADY_EXPIRED",
                    "delegation " + delegationId + " ended at " + until + "; there is nothing to revoke");
        }
        apply(new DelegationRevokedEvent(delegationId, actor, delegator, delegate, role, command.reason()));
    }

    @EventSourcingHandler
    void on(ApprovalsDelegatedEvent event) {
        delegationId = event.delegationId();
        delegator = event.delegator().name();
        delegate = event.delegate();
        role = event.role();
        until = event.until();
    }

    @EventSourcingHandler
    void on(DelegationRevokedEvent event) {
        revoked = true;
    }
}
