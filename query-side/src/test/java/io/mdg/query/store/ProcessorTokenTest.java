package io.mdg.query.store;

import static io.mdg.query.support.Events.ERP_CLIENT;
import static io.mdg.query.support.Events.erp;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.PostgresTokenTableFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.support.JdbcTransactionManager;

import com.mongodb.MongoSocketWriteException;
import com.mongodb.ServerAddress;

import io.mdg.api.EntityType;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.postgres.PostgresPerClass;
import io.mdg.query.GoldenRecordsProcessing;
import io.mdg.query.ops.ProcessorFailures;
import io.mdg.query.record.MongoRecordReadModel;
import io.mdg.query.record.RecordProjection;
import io.mdg.query.support.TestReadStore;
import io.mdg.query.xref.CrossReferenceProjection;
import io.mdg.query.xref.MongoCrossReferenceReadModel;

/**
 * The service's arrangement of a projection with a MongoDB read store: a pooled streaming processor whose tracking
 * token is in PostgreSQL ({@link JdbcTokenStore} in the processor's Spring transaction, as the service configures it)
 * and whose documents are written per batch by {@link BatchedWrites}. The two stores share no transaction; the token
 * must still never pass an event whose documents did not reach the read store.
 */
class ProcessorTokenTest {

    private static final String PROCESSOR = GoldenRecordsProcessing.GROUP;
    private static final int EVENTS = 20;

    @RegisterExtension
    static final PostgresPerClass postgres = new PostgresPerClass();

    @Test
    void the_token_does_not_pass_a_batch_whose_documents_did_not_reach_the_read_store() throws Exception {
        postgres.dropTables(List.of("TokenEntry"));
        Serializer serializer = JacksonSerializer.defaultSerializer();
        TransactionManager transactions = new SpringTransactionManager(
                new JdbcTransactionManager(postgres.dataSource()));
        JdbcTokenStore tokens = JdbcTokenStore.builder()
                .connectionProvider(new UnitOfWorkAwareConnectionProviderWrapper(
                        new SpringDataSourceConnectionProvider(postgres.dataSource())))
                .serializer(serializer)
                .build();
        tokens.createSchema(PostgresTokenTableFactory.INSTANCE);

        EmbeddedEventStore events = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine())
                .build();
        for (int i = 0; i < EVENTS; i++) {
            events.publish(new GenericDomainEventMessage<>("Supplier", "s-" + i, 0, new RecordRegisteredEvent("s-" + i,
                    EntityType.SUPPLIER, erp("V-" + i, 1), SupplierAttributes.named("Name " + i), ERP_CLIENT)));
        }

        AtomicInteger refused = new AtomicInteger();
        ProcessorFailures failures = new ProcessorFailures();
        ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor();
        ScheduledExecutorService workers = Executors.newScheduledThreadPool(2);
        try (TestReadStore readStore = TestReadStore.start()) {
            FaultyDatabase store = new FaultyDatabase(readStore.database());
            store.beforeBulkWrite(collection -> {
                refused.incrementAndGet();
                throw new MongoSocketWriteException("the read store went away", new ServerAddress(),
                        new IOException("connection reset"));
            });
            PooledStreamingEventProcessor processor = PooledStreamingEventProcessor.builder()
                    .name(PROCESSOR)
                    .eventHandlerInvoker(SimpleEventHandlerInvoker.builder()
                            .eventHandlers(new RecordProjection(new MongoRecordReadModel(store.database()), List.of(),
                                            List.of()),
                                    new CrossReferenceProjection(new MongoCrossReferenceReadModel(store.database())))
                            .sequencingPolicy(SequentialPerAggregatePolicy.instance())
                            .build())
                    .messageSource(events)
                    .tokenStore(tokens)
                    .transactionManager(transactions)
                    .coordinatorExecutor(coordinator)
                    .workerExecutor(workers)
                    .initialSegmentCount(1)
                    .batchSize(100)
                    .tokenClaimInterval(100)
                    .build();
            processor.registerHandlerInterceptor(failures.interceptor(PROCESSOR));
            processor.start();
            try {
                // the store refuses every batch: tried, rolled back, tried again
                eventually(() -> refused.get() >= 2);
                TrackingToken whileFailing = stored(serializer);
                assertThat(whileFailing == null || !whileFailing.covers(new GlobalSequenceTrackingToken(0)))
                        .as("the stored token %s covers no event", whileFailing).isTrue();
                assertThat(readStore.database().getCollection("suppliers").countDocuments()).isZero();
                assertThat(failures.failure(PROCESSOR)).hasValueSatisfying(failure ->
                        assertThat(failure.message()).contains("the read store went away"));

                store.beforeBulkWrite(collection -> { });

                eventually(() -> readStore.database().getCollection(MongoCrossReferenceReadModel.COLLECTION)
                        .countDocuments() == EVENTS && covers(stored(serializer), EVENTS - 1));
                assertThat(readStore.database().getCollection("suppliers").countDocuments()).isEqualTo(EVENTS);
                eventually(() -> failures.failure(PROCESSOR).isEmpty());
            } finally {
                processor.shutDown();
            }
        } finally {
            coordinator.shutdownNow();
            workers.shutdownNow();
            coordinator.awaitTermination(10, TimeUnit.SECONDS);
            workers.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static boolean covers(TrackingToken token, long globalIndex) {
        return token != null && token.covers(new GlobalSequenceTrackingToken(globalIndex));
    }

    /** The processor's token as stored in PostgreSQL (null: none yet). */
    private static TrackingToken stored(Serializer serializer) {
        List<Map<String, Object>> rows = postgres.jdbc().queryForList(
                "SELECT token, tokenType FROM TokenEntry WHERE processorName = ? AND segment = 0", PROCESSOR);
        if (rows.isEmpty() || rows.get(0).get("token") == null) {
            return null;
        }
        return serializer.deserialize(new SimpleSerializedObject<>((byte[]) rows.get(0).get("token"), byte[].class,
                (String) rows.get(0).get("tokentype"), null));
    }

    /** Polls until the condition holds, at most 30 s. */
    private static void eventually(Callable<Boolean> condition) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(condition);
    }
}
