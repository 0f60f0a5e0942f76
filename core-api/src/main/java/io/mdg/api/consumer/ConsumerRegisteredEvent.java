package io.mdg.api.consumer;

import io.mdg.api.Actor;

/**
 * A consumer was registered. The signing secret (push consumers; null for pull) is written encrypted in the event
 * store, as bank details are. {@code initialLoad}: its feed starts with every current golden record it receives
 * (absent in events written before it existed: false).
 */
public record ConsumerRegisteredEvent(String consumerId, ConsumerSettings settings, WebhookSecret webhookSecret,
                                      boolean initialLoad, Actor actor) {

    public ConsumerRegisteredEvent(String consumerId, ConsumerSettings settings, WebhookSecret webhookSecret,
                                   Actor actor) {
        this(consumerId, settings, webhookSecret, false, actor);
    }
}
