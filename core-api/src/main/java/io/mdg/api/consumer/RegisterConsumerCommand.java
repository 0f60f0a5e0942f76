package io.mdg.api.consumer;

import java.util.Objects;

import io.mdg.api.Actor;

/**
 * An admin registers a downstream system as a consumer of golden records. Answers a {@link ConsumerRegistration}:
 * the id and, for a push consumer, its signing secret (the only time it is shown). Refused when the settings break
 * the consumer rules (VALIDATION_FAILED, every problem named) or the name or client is taken (CONFLICT).
 *
 * @param initialLoad whether the consumer's feed starts with every current golden record it receives (then the
 *                    changes after them, with no gap and no duplicate between the two); false: only the changes
 *                    committed after its registration
 */
public record RegisterConsumerCommand(String consumerId, ConsumerSettings settings, boolean initialLoad, Actor actor)
        implements ConsumerCommand {

    /** A consumer whose feed starts with the changes after its registration. */
    public RegisterConsumerCommand(String consumerId, ConsumerSettings settings, Actor actor) {
        this(consumerId, settings, false, actor);
    }

    public RegisterConsumerCommand {
        Objects.requireNonNull(consumerId, "consumerId");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(actor, "actor");
    }
}
