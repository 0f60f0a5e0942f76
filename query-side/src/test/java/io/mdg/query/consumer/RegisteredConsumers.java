package io.mdg.query.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.consumer.ConsumerChangedEvent;
import io.mdg.api.consumer.ConsumerDelivery;
import io.mdg.api.consumer.ConsumerRegisteredEvent;
import io.mdg.api.consumer.ConsumerSecretRotatedEvent;
import io.mdg.api.consumer.ConsumerSettings;
import io.mdg.api.consumer.ConsumerSubscription;
import io.mdg.api.consumer.WebhookSecret;

/**
 * Consumers put into a real {@link ConsumerRegistry} by the events the command side publishes (registered, changed,
 * secret rotated), as its projection handles them: for tests of what reads the registry.
 */
public final class RegisteredConsumers {

    private static final Actor ADMIN = Actor.user("ada.admin");

    private final ConsumerRegistry registry;
    private final AtomicLong sequence = new AtomicLong();

    public RegisteredConsumers(ConsumerRegistry registry) {
        this.registry = registry;
    }

    /** A push consumer of every record type posting to {@code endpoint}, signing with {@code secret}. */
    public void push(String consumerId, String endpoint, WebhookSecret secret, Duration lagSla) {
        registry.on(new ConsumerRegisteredEvent(consumerId, settings(consumerId, ConsumerDelivery.PUSH, endpoint,
                lagSla), secret, ADMIN), sequence.incrementAndGet(), Instant.now());
    }

    /** The consumer is only pulled from from now on. */
    public void pullOnly(String consumerId) {
        ConsumerSettings before = registry.load(consumerId).orElseThrow().view().settings();
        registry.on(new ConsumerChangedEvent(consumerId, before, settings(consumerId, ConsumerDelivery.PULL, null,
                before.lagSla()), null, ADMIN), sequence.incrementAndGet(), Instant.now());
    }

    /** A new secret; the previous one signs too until {@code previousUntil}. */
    public void rotate(String consumerId, WebhookSecret secret, Instant previousUntil) {
        registry.on(new ConsumerSecretRotatedEvent(consumerId, secret, previousUntil, ADMIN),
                sequence.incrementAndGet(), Instant.now());
    }

    private static ConsumerSettings settings(String consumerId, ConsumerDelivery delivery, String endpoint,
                                             Duration lagSla) {
        return new ConsumerSettings(consumerId, consumerId + "-client", new ConsumerSubscription(
                Set.of(EntityType.values()), Map.of(), null, Set.of()), delivery, endpoint, lagSla);
    }
}
