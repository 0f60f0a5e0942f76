package io.mdg.command.consumer;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Duration;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.context.annotation.Profile;

import io.mdg.api.consumer.ChangeConsumerCommand;
import io.mdg.api.consumer.ConsumerChangedEvent;
import io.mdg.api.consumer.ConsumerRegisteredEvent;
import io.mdg.api.consumer.ConsumerRegistration;
import io.mdg.api.consumer.ConsumerSecretRotatedEvent;
import io.mdg.api.consumer.ConsumerSettings;
import io.mdg.api.consumer.RegisterConsumerCommand;
import io.mdg.api.consumer.RotateConsumerSecretCommand;
import io.mdg.api.consumer.WebhookSecret;
import io.mdg.api.error.ErrorCode;
import io.mdg.command.record.CommandRefusedException;

/**
 * A downstream system registered as a consumer of golden records: governed configuration, changed by admins only,
 * every change an event (so the audit trail keeps who changed what a consumer receives, and when). A push consumer
 * has a signing secret, made here and answered once; a rotation keeps the previous secret signing for an overlap.
 */
@Aggregate(commandTargetResolver = "consumerCommandTargetResolver")
@Profile("command")
public class Consumer {

    /** How long the previous secret signs too after a rotation, when the rotation names no overlap. */
    static final Duration DEFAULT_OVERLAP = Duration.ofHours(24);
    static final Duration MAX_OVERLAP = Duration.ofDays(30);

    @AggregateIdentifier
    private String consumerId;
    private ConsumerSettings settings;
    private boolean hasSecret;

    protected Consumer() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    public ConsumerRegistration handle(RegisterConsumerCommand command, ConsumerChecks checks) {
        checks.refuseInvalid(command.consumerId(), command.settings());
        WebhookSecret secret = command.settings().delivery().pushes() ? WebhookSecret.generate() : null;
        apply(new ConsumerRegisteredEvent(command.consumerId(), command.settings(), secret, command.initialLoad(),
                command.actor()));
        return new ConsumerRegistration(command.consumerId(), secret);
    }

    @CommandHandler
    public ConsumerRegistration handle(ChangeConsumerCommand command, ConsumerChecks checks) {
        checks.refuseInvalid(consumerId, command.settings());
        if (command.settings().equals(settings)) {
            return new ConsumerRegistration(consumerId, null);
        }
        WebhookSecret secret = command.settings().delivery().pushes() && !hasSecret ? WebhookSecret.generate() : null;
        apply(new ConsumerChangedEvent(consumerId, settings, command.settings(), secret, command.actor()));
        return new ConsumerRegistration(consumerId, secret);
    }

    @CommandHandler
    public ConsumerRegistration handle(RotateConsumerSecretCommand command) {
        if (!settings.delivery().pushes()) {
            throw new CommandRefusedException(ErrorCode.CONFLICT, "NOT_A_PUSH_CONSUMER",
                    "consumer " + consumerId + " is pulled from: it has no signing secret to rotate");
        }
        Duration overlap = command.overlap() == null ? DEFAULT_OVERLAP : command.overlap();
        if (overlap.isNegative() || overlap.compareTo(MAX_OVERLAP) > 0) {
            throw new CommandRefusedException(ErrorCode.VALIDATION_FAILED, "INVALID_OVERLAP",
                    "the overlap of the two secrets is 0 to 30 days, not " + overlap);
        }
        WebhookSecret secret = WebhookSecret.generate();
        apply(new ConsumerSecretRotatedEvent(consumerId, secret, GenericEventMessage.clock.instant().plus(overlap), command.actor()));
        return new ConsumerRegistration(consumerId, secret);
    }

    @EventSourcingHandler
    void on(ConsumerRegisteredEvent event) {
        consumerId = event.consumerId();
        settings = event.settings();
        hasSecret = event.webhookSecret() != null;
    }

    @EventSourcingHandler
    void on(ConsumerChangedEvent event) {
        settings = event.settings();
        hasSecret |= event.webhookSecret() != null;
    }

    @EventSourcingHandler
    void on(ConsumerSecretRotatedEvent event) {
        hasSecret = true;
    }
}
