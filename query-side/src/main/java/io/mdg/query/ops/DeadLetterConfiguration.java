package io.mdg.query.ops;

import javax.sql.DataSource;

import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A sequenced dead-letter queue for every projection's processing group ({@link ProjectionGroups}), in table
 * {@value #TABLE} of the service's PostgreSQL (its {@code DataSource}, with the tracking tokens; Axon's
 * {@link JdbcSequencedDeadLetterQueue}), whatever store the read models use. An event a projection fails on
 * ({@value ParkingPolicy#DEFAULT_ATTEMPTS} attempts, {@code mdg.dead-letters.attempts}) is parked with its error
 * ({@link ParkingPolicy}), while a store that cannot be reached makes the processor retry with back-off and parks
 * nothing; later events of the same sequence (the same golden record or change request) are parked behind it, so
 * that a record never gets its events out of order; every other record keeps flowing. The projections' error
 * handler must propagate failures for this (it does: {@code PropagatingErrorHandler} in their processing
 * configuration).
 *
 * <p>A parked event is stored as the event store stores it: its payload written by the event serializer, which
 * encrypts bank account numbers ({@code mdg.security.event-keys}). Inside a processor's batch the queue works in the
 * batch's transaction (a letter is parked, or taken out, with the batch's token).
 *
 * <p>A reset of a group (a replay) clears its queue: the replay handles every event again and parks whatever still
 * fails. The sequence cache keeps the queue from being asked about every event while it is empty.
 */
@Configuration(proxyBeanMethods = false)
@Profile("query")
public class DeadLetterConfiguration {

    public static final String TABLE = "dead_letters";

    /** The table's columns as Axon names them; the table name ours. */
    static final DeadLetterSchema SCHEMA = DeadLetterSchema.builder().deadLetterTable(TABLE).build();

    @Bean
    public ConfigurerModule projectionDeadLetterQueues(DataSource dataSource,
                                                      @Value("${mdg.dead-letters.max-sequences:1024}") int maxSequences,
                                                      @Value("${mdg.dead-letters.max-sequence-size:1024}") int maxSequenceSize,
                                                      @Value("${mdg.dead-letters.attempts:" + ParkingPolicy.DEFAULT_ATTEMPTS + "}") int attempts) {
        createTable(dataSource);
        UnitOfWorkAwareConnectionProviderWrapper connections =
                new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
        return configurer -> {
            for (String group : ProjectionGroups.ALL) {
                configurer.eventProcessing()
                        .registerDeadLetterQueue(group, c -> JdbcSequencedDeadLetterQueue.builder()
                                .processingGroup(group)
                                .connectionProvider(connections)
                                .transactionManager(c.getComponent(TransactionManager.class,
                                        NoTransactionManager::instance))
                                .schema(SCHEMA)
                                .genericSerializer(c.serializer())
                                .eventSerializer(c.eventSerializer())
                                .maxSequences(maxSequences)
                                .maxSequenceSize(maxSequenceSize)
                                .build())
                        .registerDeadLetterPolicy(group, c -> new ParkingPolicy(group, attempts))
                        .registerDeadLetteringEventHandlerInvokerConfiguration(group,
                                (c, builder) -> builder.allowReset(true).enableSequenceIdentifierCache());
            }
        };
    }

    /**
     * The queue's table, unless it exists: Axon's columns (timestamps as ISO text, as its queue writes them) with
     * PostgreSQL's types and index names of its own (Axon's generic factory names its constraints {@code PK} and
     * creates its indexes without {@code IF NOT EXISTS}). The unique key serves every lookup the queue makes (by
     * group, by group and sequence, in sequence order).
     */
    static void createTable(DataSource dataSource) {
        new JdbcTemplate(dataSource).execute("CREATE TABLE IF NOT EXISTS " + TABLE + " ("
                + SCHEMA.deadLetterIdentifierColumn() + " VARCHAR(255) NOT NULL PRIMARY KEY, "
                + SCHEMA.processingGroupColumn() + " VARCHAR(255) NOT NULL, "
                + SCHEMA.sequenceIdentifierColumn() + " VARCHAR(255) NOT NULL, "
                + SCHEMA.sequenceIndexColumn() + " BIGINT NOT NULL, "
                + SCHEMA.messageTypeColumn() + " VARCHAR(255) NOT NULL, "
                + SCHEMA.eventIdentifierColumn() + " VARCHAR(255) NOT NULL, "
                + SCHEMA.timestampColumn() + " VARCHAR(255) NOT NULL, "
                + SCHEMA.payloadTypeColumn() + " VARCHAR(255) NOT NULL, "
                + SCHEMA.payloadRevisionColumn() + " VARCHAR(255), "
                + SCHEMA.payloadColumn() + " BYTEA NOT NULL, "
                + SCHEMA.metaDataColumn() + " BYTEA, "
                + SCHEMA.aggregateTypeColumn() + " VARCHAR(255), "
                + SCHEMA.aggregateIdentifierColumn() + " VARCHAR(255), "
                + SCHEMA.sequenceNumberColumn() + " BIGINT, "
                + SCHEMA.tokenTypeColumn() + " VARCHAR(255), "
                + SCHEMA.tokenColumn() + " BYTEA, "
                + SCHEMA.enqueuedAtColumn() + " VARCHAR(255) NOT NULL, "
                + SCHEMA.lastTouchedColumn() + " VARCHAR(255), "
                + SCHEMA.processingStartedColumn() + " VARCHAR(255), "
                + SCHEMA.causeTypeColumn() + " VARCHAR(255), "
                + SCHEMA.causeMessageColumn() + " VARCHAR(1023), "
                + SCHEMA.diagnosticsColumn() + " BYTEA, "
                + "CONSTRAINT dead_letters_sequence UNIQUE (" + SCHEMA.processingGroupColumn() + ", "
                + SCHEMA.sequenceIdentifierColumn() + ", " + SCHEMA.sequenceIndexColumn() + "))");
    }
}
