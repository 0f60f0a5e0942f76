package io.mdg.query.consumer;

import java.time.Instant;

import io.mdg.api.consumer.ConsumerView;
import io.mdg.api.consumer.WebhookSecret;

/**
 * A consumer as the registry keeps it: what admins see, and the signing secrets the delivery signs with (the current
 * one, and the previous one until the end of a rotation's overlap), and whether its feed starts with an initial load
 * of every current golden record it receives. Stored sealed ({@code io.mdg.query.crypto}).
 */
public record StoredConsumer(ConsumerView view, WebhookSecret secret, WebhookSecret previousSecret,
                             Instant previousUntil, boolean initialLoad) {
}
