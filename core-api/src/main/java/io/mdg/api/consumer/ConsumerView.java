package io.mdg.api.consumer;

import java.time.Instant;

import io.mdg.api.Actor;

/**
 * A registered consumer as admins see it (never its signing secret).
 *
 * @param secretIssuedAt when its current signing secret was made (null: a pull consumer, no secret)
 */
public record ConsumerView(String consumerId, ConsumerSettings settings, Instant registeredAt, Actor registeredBy,
                           Instant changedAt, Actor changedBy, Instant secretIssuedAt) {
}
