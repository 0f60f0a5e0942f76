package io.mdg.query.consumer;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.mdg.api.consumer.ConsumerChangedEvent;
import io.mdg.api.consumer.ConsumerRegisteredEvent;
import io.mdg.api.consumer.ConsumerSecretRotatedEvent;
import io.mdg.api.consumer.ConsumerView;
import io.mdg.query.GoldenRecordsProcessing;
import io.mdg.query.crypto.ReadModelCipher;
import io.mdg.query.crypto.SealedJson;

/**
 * The registered consumers, in a table of the service's PostgreSQL ({@value #TABLE}), which holds the delivery
 * state: one row per consumer, the whole of it sealed (its signing secrets included). Written from the consumer
 * events; an event at or below a row's sequence changes nothing, so a rebuild of the golden records, which this
 * projection is part of, replays it harmlessly.
 */
@Component
@Profile("query")
@ProcessingGroup(GoldenRecordsProcessing.GROUP)
public class ConsumerRegistry {

    static final String TABLE = "mdg_consumer";

    private final JdbcTemplate jdbc;
    private final SealedJson<StoredConsumer> codec;

    public ConsumerRegistry(DataSource dataSource, ReadModelCipher cipher) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.codec = new SealedJson<>(StoredConsumer.class, cipher);
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (consumer_id text COLLATE \"C\" PRIMARY KEY, "
                + "name text NOT NULL, sequence bigint NOT NULL, consumer bytea NOT NULL)");
    }

    @EventHandler
    void on(ConsumerRegisteredEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        save(new StoredConsumer(new ConsumerView(event.consumerId(), event.settings(), at, event.actor(), at,
                event.actor(), event.webhookSecret() == null ? null : at), event.webhookSecret(), null, null,
                event.initialLoad()),
                sequence);
    }

    @EventHandler
    void on(ConsumerChangedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        StoredConsumer stored = registered(event.consumerId());
        ConsumerView view = stored.view();
        boolean newSecret = event.webhookSecret() != null;
        save(new StoredConsumer(new ConsumerView(view.consumerId(), event.settings(), view.registeredAt(),
                view.registeredBy(), at, event.actor(), newSecret ? at : view.secretIssuedAt()),
                newSecret ? event.webhookSecret() : stored.secret(), stored.previousSecret(), stored.previousUntil(),
                stored.initialLoad()),
                sequence);
    }

    @EventHandler
    void on(ConsumerSecretRotatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        StoredConsumer stored = registered(event.consumerId());
        ConsumerView view = stored.view();
        save(new StoredConsumer(new ConsumerView(view.consumerId(), view.settings(), view.registeredAt(),
                view.registeredBy(), at, event.actor(), at), event.webhookSecret(), stored.secret(),
                event.previousUntil(), stored.initialLoad()), sequence);
    }

    /** The registry's row of a consumer an event is about: missing is an error (the event is parked, not lost). */
    private StoredConsumer registered(String consumerId) {
        return load(consumerId).orElseThrow(() -> new IllegalStateException("consumer " + consumerId
                + " is not in the registry (" + TABLE + "); its registration event was not applied"));
    }

    /** A consumer with its secrets (for the delivery); empty when none is registered with that id. */
    public Optional<StoredConsumer> load(String consumerId) {
        return jdbc.query("SELECT consumer FROM " + TABLE + " WHERE consumer_id = ?",
                (rs, n) -> codec.open(rs.getBytes(1)), consumerId).stream().findFirst();
    }

    /** Every consumer, by name. */
    public List<StoredConsumer> all() {
        return jdbc.query("SELECT consumer FROM " + TABLE + " ORDER BY name, consumer_id",
                (rs, n) -> codec.open(rs.getBytes(1)));
    }

    private void save(StoredConsumer consumer, long sequence) {
        jdbc.update("INSERT INTO " + TABLE + " (consumer_id, name, sequence, consumer) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (consumer_id) DO UPDATE SET name = EXCLUDED.name, sequence = EXCLUDED.sequence, "
                        + "consumer = EXCLUDED.consumer WHERE " + TABLE + ".sequence < EXCLUDED.sequence",
                consumer.view().consumerId(), consumer.view().settings().name(), sequence, codec.seal(consumer));
    }
}
