package io.mdg.api.consumer;

import java.time.Instant;

import io.mdg.api.Actor;

/** A push consumer got a new signing secret; the previous one signs too until {@code previousUntil}. */
public record ConsumerSecretRotatedEvent(String consumerId, WebhookSecret webhookSecret, Instant previousUntil,
                                         Actor actor) {
}
