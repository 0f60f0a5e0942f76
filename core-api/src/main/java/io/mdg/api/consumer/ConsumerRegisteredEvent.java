package io.mdg.api.consumer;

import io.mdg.api.Actor;

/**
 * A consumer was registered. The signing secret (push consumers; null for pull) is written encrypted in the event
 * store, as bank details are.
 */
public record ConsumerRegisteredEvent(String consumerId, ConsumerSettings settings, WebhookSecret webhookSecret,
                                      Actor actor) {
}
