package io.mdg.api.consumer;

import java.time.Duration;
import java.util.Objects;

import io.mdg.api.Actor;

/**
 * An admin gives a push consumer a new signing secret. For {@code overlap} both secrets sign every delivery, so the
 * consumer's receiver can switch to the new one without refusing a message; then only the new one signs. Answers
 * the new secret (shown once) as a {@link ConsumerRegistration}.
 */
public record RotateConsumerSecretCommand(String consumerId, Duration overlap, Actor actor) implements ConsumerCommand {

    public RotateConsumerSecretCommand {
        Objects.requireNonNull(consumerId, "consumerId");
        Objects.requireNonNull(actor, "actor");
    }
}
