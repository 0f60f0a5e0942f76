package io.mdg.api.consumer;

import io.mdg.api.Actor;

/**
 * A consumer's settings changed from {@code before} to {@code settings}; {@code webhookSecret} is set when the change
 * made it a push consumer and it had no secret yet (null otherwise).
 */
public record ConsumerChangedEvent(String consumerId, ConsumerSettings before, ConsumerSettings settings,
                                   WebhookSecret webhookSecret, Actor actor) {
}
