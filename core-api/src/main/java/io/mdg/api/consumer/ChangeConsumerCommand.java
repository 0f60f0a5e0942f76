package io.mdg.api.consumer;

import java.util.Objects;

import io.mdg.api.Actor;

/**
 * An admin changes a consumer's settings (what it receives, how, where). A consumer that starts pushing gets a
 * signing secret, answered as at registration; otherwise the answer holds no secret.
 */
public record ChangeConsumerCommand(String consumerId, ConsumerSettings settings, Actor actor)
        implements ConsumerCommand {

    public ChangeConsumerCommand {
        Objects.requireNonNull(consumerId, "consumerId");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(actor, "actor");
    }
}
