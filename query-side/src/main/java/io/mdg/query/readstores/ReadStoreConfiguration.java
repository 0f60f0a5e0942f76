package io.mdg.query.readstores;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.queryhandling.QueryBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.mdg.query.GoldenRecordsProcessing;
import io.mdg.query.changerequest.ChangeRequestReadModel;
import io.mdg.query.changerequest.MemoryChangeRequestReadModel;
import io.mdg.query.changerequest.MongoChangeRequestReadModel;
import io.mdg.query.duplicates.MemorySupplierBlocks;
import io.mdg.query.duplicates.MongoSupplierBlocks;
import io.mdg.query.duplicates.SupplierBlocks;
import io.mdg.query.record.MemoryRecordReadModel;
import io.mdg.query.record.MongoRecordReadModel;
import io.mdg.query.record.RecordReadModel;
import io.mdg.query.xref.CrossReferenceReadModel;
import io.mdg.query.xref.MemoryCrossReferenceReadModel;
import io.mdg.query.store.ReadStoreMode;
import io.mdg.query.store.ReadStoreHealthIndicator;
import io.mdg.query.store.ReadStoreProperties;
import io.mdg.query.store.ReadStoreUnavailable;
import io.mdg.query.xref.MongoCrossReferenceReadModel;

/**
 * The read store of the golden records, their cross-references, duplicate blocks and change requests, behind their
 * ports ({@link RecordReadModel}, {@link CrossReferenceReadModel}, {@link SupplierBlocks},
 * {@link ChangeRequestReadModel}):
 * <ul>
 *   <li><b>memory</b> (the embedded default, no {@code mdg.mongodb.uri}): the read models are immutable objects in
 *   concurrent maps, rebuilt from the event store at every start: the golden-records processor keeps its tokens in
 *   memory and starts with a replay of every event up to the head, so readiness waits for it
 *   ({@code mdg.readiness.wait-for-replay}). No MongoDB client exists.</li>
 *   <li><b>MongoDB</b> ({@code mdg.mongodb.uri} set): the read models are documents of that database, kept across
 *   restarts; the processors' tokens are in the default token store (the service's relational database), written in
 *   other transactions than the documents, so every projection is idempotent (each document keeps the last event
 *   applied to it).</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@Profile("query")
@EnableConfigurationProperties(ReadStoreProperties.class)
public class ReadStoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ReadStoreConfiguration.class);

    /** Queries that fail because the read store is unreachable answer UNAVAILABLE (retry later), not INTERNAL. */
    @Bean
    public SmartInitializingSingleton readStoreUnavailableQueries(QueryBus queryBus) {
        return () -> queryBus.registerHandlerInterceptor(new ReadStoreUnavailable());
    }

    /** The read models in memory, rebuilt from the event store at every start. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(ReadStoreMode.Memory.class)
    static class Memory {

        @Bean
        public MemoryRecordReadModel recordReadModel() {
            log.info("Read store: memory (the read models are rebuilt from the event store at start-up)");
            return new MemoryRecordReadModel();
        }

        @Bean
        public CrossReferenceReadModel crossReferenceReadModel() {
            return new MemoryCrossReferenceReadModel();
        }

        @Bean
        public SupplierBlocks supplierBlocks() {
            return new MemorySupplierBlocks();
        }

        @Bean
        public ChangeRequestReadModel changeRequestReadModel() {
            return new MemoryChangeRequestReadModel();
        }

        /**
         * The golden-records processor keeps its tokens in memory, so it starts from the first event at every start,
         * into the empty read models; its first pass up to the head is a replay ({@link ReplayToken}), which keeps
         * readiness OUT_OF_SERVICE until it is done and the change feed quiet.
         */
        @Bean
        public ConfigurerModule goldenRecordsRebuiltAtStart() {
            return configurer -> configurer.eventProcessing()
                    .registerTokenStore(GoldenRecordsProcessing.GROUP, c -> new InMemoryTokenStore())
                    .registerPooledStreamingEventProcessorConfiguration(GoldenRecordsProcessing.GROUP,
                            (c, builder) -> builder.initialToken(source -> ReplayToken.createReplayToken(
                                    source.createHeadToken(), source.createTailToken())));
        }

        @Bean
        public HealthIndicator readStoreHealthIndicator(MemoryRecordReadModel records) {
            return () -> Health.up().withDetail("store", "memory").withDetail("records", records.size()).build();
        }
    }

    /** The read models in MongoDB. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(ReadStoreMode.Mongo.class)
    static class Mongo {

        @Bean(destroyMethod = "close")
        public MongoClient mongoClient(ReadStoreProperties properties) {
            ConnectionString uri = new ConnectionString(properties.uri());
            log.info("Read store: MongoDB at {}", uri.getHosts());
            MongoClientSettings settings = MongoClientSettings.builder()
                    .applyConnectionString(uri)
                    .applyToClusterSettings(b -> b.serverSelectionTimeout(Duration.ofSeconds(10).toMillis(),
                            TimeUnit.MILLISECONDS))
                    .build();
            return MongoClients.create(settings);
        }

        @Bean
        public MongoDatabase readStoreDatabase(MongoClient client, ReadStoreProperties properties) {
            return client.getDatabase(properties.database());
        }

        @Bean
        public RecordReadModel recordReadModel(MongoDatabase readStoreDatabase) {
            return new MongoRecordReadModel(readStoreDatabase);
        }

        @Bean
        public CrossReferenceReadModel crossReferenceReadModel(MongoDatabase readStoreDatabase) {
            return new MongoCrossReferenceReadModel(readStoreDatabase);
        }

        @Bean
        public SupplierBlocks supplierBlocks(MongoDatabase readStoreDatabase) {
            return new MongoSupplierBlocks(readStoreDatabase);
        }

        @Bean
        public ChangeRequestReadModel changeRequestReadModel(MongoDatabase readStoreDatabase) {
            return new MongoChangeRequestReadModel(readStoreDatabase);
        }

        @Bean
        public ReadStoreHealthIndicator readStoreHealthIndicator(MongoDatabase readStoreDatabase) {
            return new ReadStoreHealthIndicator(readStoreDatabase);
        }
    }
}
