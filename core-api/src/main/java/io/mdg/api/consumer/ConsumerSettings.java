package io.mdg.api.consumer;

import java.time.Duration;

/**
 * A consumer's governed configuration: who it is, what it receives and how.
 *
 * @param name         a name people recognise (e.g. "ERP purchasing"), unique among consumers
 * @param clientId     the identity provider's client the consumer's system authenticates as (client credentials)
 * @param subscription what it receives
 * @param delivery     pull, push or both
 * @param endpoint     the HTTPS URL changes are posted to (push and both); null for pull
 * @param lagSla       how far behind the consumer may fall (change committed to endpoint acknowledged, or to read)
 *                     before the service reports it degraded; null: no target
 */
public record ConsumerSettings(String name, String clientId, ConsumerSubscription subscription,
                               ConsumerDelivery delivery, String endpoint, Duration lagSla) {

    public ConsumerSettings {
        name = name == null ? null : name.strip();
        clientId = clientId == null ? null : clientId.strip();
        endpoint = endpoint == null || endpoint.isBlank() ? null : endpoint.strip();
    }
}
