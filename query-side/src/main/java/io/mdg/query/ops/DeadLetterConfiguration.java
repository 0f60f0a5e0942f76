package io.mdg.query.ops;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.deadletter.MongoSequencedDeadLetterQueue;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import com.mongodb.client.MongoDatabase;

/**
 * A sequenced dead-letter queue for every projection's processing group ({@link ProjectionGroups}), stored with
 * the read models (collection {@value #COLLECTION} of the read store, through the official driver: the Axon Mongo
 * extension's {@link MongoSequencedDeadLetterQueue}, which needs no transactions). An event a projection fails on
 * ({@value ParkingPolicy#DEFAULT_ATTEMPTS} attempts, {@code mdg.dead-letters.attempts}) is parked with its error
 * ({@link ParkingPolicy}), while a read store that cannot be reached makes the processor retry with back-off and
 * parks nothing; later events of the same sequence (the same golden record or
 * change request) are parked behind it, so that a record never gets its events out of order; every other record
 * keeps flowing. The projections' error handler must propagate failures for this (it does:
 * {@code PropagatingErrorHandler} in their processing configuration).
 *
 * <p>A reset of a group (a replay) clears its queue: the replay handles every event again and parks whatever still
 * fails. The sequence cache keeps the queue from being asked about every event while it is empty.
 */
@Configuration(proxyBeanMethods = false)
@Profile("query")
public class DeadLetterConfiguration {

    public static final String COLLECTION = "dead_letters";

    @Bean
    public ConfigurerModule projectionDeadLetterQueues(MongoDatabase readStoreDatabase,
                                                      @Value("${mdg.dead-letters.max-sequences:1024}") int maxSequences,
                                                      @Value("${mdg.dead-letters.max-sequence-size:1024}") int maxSequenceSize,
                                                      @Value("${mdg.dead-letters.attempts:" + ParkingPolicy.DEFAULT_ATTEMPTS + "}") int attempts) {
        MongoTemplate template = DefaultMongoTemplate.builder()
                .deadLetterCollectionName(COLLECTION)
                .mongoDatabase(readStoreDatabase)
                .build();
        return configurer -> {
            for (String group : ProjectionGroups.ALL) {
                configurer.eventProcessing()
                        .registerDeadLetterQueue(group, c -> MongoSequencedDeadLetterQueue.builder()
                                .processingGroup(group)
                                .mongoTemplate(template)
                                .serializer(c.eventSerializer())
                                .maxSequences(maxSequences)
                                .maxSequenceSize(maxSequenceSize)
                                .build())
                        .registerDeadLetterPolicy(group, c -> new ParkingPolicy(group, attempts))
                        .registerDeadLetteringEventHandlerInvokerConfiguration(group,
                                (c, builder) -> builder.allowReset(true).enableSequenceIdentifierCache());
            }
        };
    }
}
