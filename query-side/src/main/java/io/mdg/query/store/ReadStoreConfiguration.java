package io.mdg.query.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * The read store: MongoDB through the official driver. Without {@code mdg.mongodb.uri} an in-process
 * mongo-java-server is started on a loopback port. Tracking tokens are kept in the same database, so read models
 * and the position they reflect are lost or kept together.
 */
@Configuration(proxyBeanMethods = false)
@Profile("query")
@EnableConfigurationProperties(ReadStoreProperties.class)
public class ReadStoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ReadStoreConfiguration.class);

    @Bean(destroyMethod = "shutdownNow")
    public EmbeddedReadStore embeddedReadStore(ReadStoreProperties properties) throws Exception {
        if (!properties.isEmbedded()) {
            return EmbeddedReadStore.none();
        }
        MongoServer server;
        Runnable afterShutdown = () -> { };
        if (properties.embedded().persistent()) {
            Path file = Path.of(properties.embedded().file()).toAbsolutePath();
            Files.createDirectories(file.getParent());
            // H2's file is not consistent across collections after a crash (a read model can lose a write its
            // processor's token already counts): a store left open by a process that died is rebuilt instead
            Path open = file.resolveSibling(file.getFileName() + ".open");
            if (Files.exists(open)) {
                log.warn("Read store {} was not closed cleanly (the service stopped without closing it); it is deleted "
                        + "and the read models are rebuilt from the event store", file);
                Files.deleteIfExists(file);
            }
            Files.writeString(open, "open since " + Instant.now() + "\n");
            server = new MongoServer(new H2Backend(file.toString()));
            log.info("Read store: embedded mongo-java-server, persistent H2 backend in {}", file);
            afterShutdown = () -> {
                try {
                    Files.deleteIfExists(open);
                } catch (IOException e) {
                    log.warn("Could not mark the read store {} closed: {}", file, e.toString());
                }
            };
        } else {
            server = new MongoServer(new CompactMemoryBackend());
            log.info("Read store: embedded mongo-java-server, memory backend storing BSON (read models are rebuilt from the event store at start-up)");
        }
        server.bind("127.0.0.1", 0);
        return new EmbeddedReadStore(server, afterShutdown);
    }

    @Bean(destroyMethod = "close")
    public MongoClient mongoClient(ReadStoreProperties properties, EmbeddedReadStore embedded) {
        String uri = properties.isEmbedded() ? embedded.connectionString() : properties.uri();
        if (!properties.isEmbedded()) {
            log.info("Read store: MongoDB at {}", new ConnectionString(uri).getHosts());
        }
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(Duration.ofSeconds(10).toMillis(),
                        java.util.concurrent.TimeUnit.MILLISECONDS))
                .build();
        return MongoClients.create(settings);
    }

    @Bean
    public MongoDatabase readStoreDatabase(MongoClient client, ReadStoreProperties properties) {
        return client.getDatabase(properties.database());
    }

    @Bean
    public TokenStore tokenStore(MongoClient client, ReadStoreProperties properties,
                                 @Qualifier("serializer") Serializer serializer) {
        return new FlushingTokenStore(MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder()
                        .mongoDatabase(client, properties.database())
                        .trackingTokensCollectionName("tracking_tokens")
                        .build())
                .serializer(serializer)
                .claimTimeout(Duration.ofSeconds(10))
                .ensureIndexes(true)
                .build());
    }

    /** Queries that fail because the read store is unreachable answer UNAVAILABLE (retry later), not INTERNAL. */
    @Bean
    public SmartInitializingSingleton readStoreUnavailableQueries(QueryBus queryBus) {
        return () -> queryBus.registerHandlerInterceptor(new ReadStoreUnavailable());
    }

    @Bean
    public ReadStoreHealthIndicator readStoreHealthIndicator(MongoDatabase readStoreDatabase,
                                                             ReadStoreProperties properties) {
        return new ReadStoreHealthIndicator(readStoreDatabase, properties.isEmbedded());
    }
}
