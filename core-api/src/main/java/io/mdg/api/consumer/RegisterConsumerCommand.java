package io.mdg.api.consumer;

import java.util.Objects;

import io.mdg.api.Actor;

/**
 * An admin registers a downstream system as a consumer of golden records. Answers a {@link ConsumerRegistration}:
 * the id and, for a push consumer, its signing secret (the only time it is shown). Refused when the settings break
 * the consumer rules (VALIDATION_FAILED, every problem named) or the name or client is taken (CONFLICT).
 */
public record RegisterConsumerCommand(String consumerId, ConsumerSettings settings, Actor actor)
        implements ConsumerCommand {

    public RegisterConsumerCommand {
        Objects.requireNonNull(consumerId, "consumerId");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(actor, "actor");
    }
}
