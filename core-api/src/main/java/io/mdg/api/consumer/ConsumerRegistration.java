package io.mdg.api.consumer;

/** The answer to a registration, a change or a rotation: the consumer's id and a new signing secret, if one was made. */
public record ConsumerRegistration(String consumerId, WebhookSecret webhookSecret) {
}
