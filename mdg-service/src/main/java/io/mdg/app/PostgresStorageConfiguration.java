package io.mdg.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.PostgresTokenTableFactory;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.zaxxer.hikari.HikariDataSource;

import io.mdg.app.audit.AuditChainSchema;
import io.mdg.command.groupcommit.WriteBehindEventStorageEngine;
import io.mdg.postgres.EmbeddedPostgresServer;

/**
 * The service's database: PostgreSQL. Without {@code mdg.postgres.url} (the embedded default) a real PostgreSQL
 * server runs from the jar with its data under {@code <data dir>/postgres} ({@link EmbeddedPostgresServer}: durable,
 * one per data directory, an orphan of a killed service stopped at start); with it, an external PostgreSQL.
 * It holds the event store (Axon's JDBC storage engine; not with Axon Server), the command side's lookup tables
 * (in the events' transaction), tracking tokens, dead letters and deadlines.
 */
@Configuration(proxyBeanMethods = false)
public class PostgresStorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PostgresStorageConfiguration.class);

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${mdg.postgres.url:}'.isEmpty()")
    public EmbeddedPostgresServer embeddedPostgres(@Value("${mdg.data-dir}") String dataDir,
                                                   @Value("${mdg.postgres.embedded.shared-buffers:128MB}") String sharedBuffers,
                                                   @Value("${mdg.postgres.embedded.max-wal-size:4GB}") String maxWalSize,
                                                   @Value("${mdg.postgres.embedded.preload-libraries:}") String preload,
                                                   @Value("${mdg.postgres.embedded.wal-archive:}") String walArchive,
                                                   @Value("${mdg.postgres.embedded.archive-timeout:60s}") Duration archiveTimeout) {
        Path dir = Path.of(dataDir).toAbsolutePath().normalize();
        LegacyH2Store.refuseUnmigrated(dir);
        EmbeddedPostgresServer.Settings settings = EmbeddedPostgresServer.Settings.defaults()
                .withSharedBuffers(sharedBuffers).with("max_wal_size", maxWalSize);
        if (!walArchive.isBlank()) {
            // continuous archiving for point-in-time recovery (./mdg backup, ./mdg restore)
            settings = settings.withWalArchive(Path.of(walArchive), archiveTimeout);
            log.info("Embedded PostgreSQL: WAL archived into {} (at least every {})",
                    Path.of(walArchive).toAbsolutePath().normalize(), archiveTimeout);
        }
        // closed by this context (destroyMethod), after the processors and workers that use it have stopped
        return EmbeddedPostgresServer.start(dir.resolve("postgres"),
                preload.isBlank() ? settings : settings.with("shared_preload_libraries", preload)).closedByOwner();
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    public HikariDataSource dataSource(ObjectProvider<EmbeddedPostgresServer> embedded,
                                       @Value("${mdg.postgres.url:}") String url,
                                       @Value("${mdg.postgres.user:postgres}") String user,
                                       @Value("${mdg.postgres.password:}") String password) {
        HikariDataSource dataSource = new HikariDataSource();
        EmbeddedPostgresServer server = embedded.getIfAvailable();
        if (server != null) {
            dataSource.setJdbcUrl(server.jdbcUrl());
            dataSource.setUsername(server.user());
        } else {
            dataSource.setJdbcUrl(url.contains("reWriteBatchedInserts") ? url
                    : url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true");
            dataSource.setUsername(user);
            dataSource.setPassword(password);
            log.info("Database: external PostgreSQL at {}", url.replaceAll("(?i)password=[^&]*", "password=***"));
        }
        dataSource.setPoolName("mdg-postgres");
        return dataSource;
    }

    /**
     * The JDBC storage engine (Axon's auto-configured one) holds the appends of a group commit back until the group
     * commits, then writes them with one batched insert ({@link WriteBehindEventStorageEngine}).
     */
    @Bean
    public static BeanPostProcessor writeBehindEvents() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof JdbcEventStorageEngine jdbc ? new WriteBehindEventStorageEngine(jdbc) : bean;
            }
        };
    }

    /**
     * The event store as the streaming processors read it ({@code axon.eventhandling.processors.*.source}): woken
     * as soon as new events are in the store rather than polling every 500 ms when idle.
     */
    @Bean(destroyMethod = "close")
    public ProcessorEventSource processorEventSource(EventStore eventStore) {
        return new ProcessorEventSource(eventStore);
    }

    /**
     * Nodes that share the event store tell each other of their commits ({@link EventStoreNotifications}); publishing
     * nothing outside a unit of work has this node's event store fetch what was committed.
     */
    @Bean(destroyMethod = "close")
    public EventStoreNotifications eventStoreNotifications(DataSource dataSource, EventStore eventStore) {
        return new EventStoreNotifications(dataSource, () -> eventStore.publish(List.of()));
    }

    /** Several nodes share the work of the processors whose tokens are in PostgreSQL ({@link SegmentBalancer}). */
    @Bean
    public SegmentBalancer segmentBalancer(DataSource dataSource, EventProcessingConfiguration processing,
                                           @Value("${mdg.processors.balance-interval:5s}") Duration interval) {
        return new SegmentBalancer(dataSource, processing, interval);
    }

    /**
     * Axon's tables, created when missing before any processor starts reading; with the JDBC storage engine, the
     * audit chain of its events ({@link AuditChainSchema}) and the notifications of commits to and from other nodes.
     */
    @Bean
    public SmartInitializingSingleton postgresSchema(ObjectProvider<EventStorageEngine> engines,
                                                     ObjectProvider<TokenStore> tokenStores,
                                                     EventStoreNotifications notifications, DataSource dataSource) {
        return () -> {
            engines.ifAvailable(engine -> {
                EventStorageEngine stored = engine instanceof WriteBehindEventStorageEngine writeBehind
                        ? writeBehind.delegate() : engine;
                if (stored instanceof JdbcEventStorageEngine jdbc) {
                    jdbc.createSchema(PostgresEventTableFactory.INSTANCE);
                    // each event chained at append time, in its transaction (the tamper-evident audit)
                    AuditChainSchema.install(dataSource);
                    log.info("Event store: Axon JDBC storage engine on PostgreSQL");
                    if (engine instanceof WriteBehindEventStorageEngine writeBehind) {
                        writeBehind.onAppended(notifications::appended);
                        notifications.start();
                    }
                }
            });
            tokenStores.orderedStream().forEach(store -> {
                if (store instanceof JdbcTokenStore jdbc) {
                    jdbc.createSchema(PostgresTokenTableFactory.INSTANCE);
                }
            });
        };
    }

    /** A data directory written by the H2 event store of earlier releases. */
    static final class LegacyH2Store {

        /**
         * The migration renames the H2 file only after every row is copied and verified, so while it is there the
         * data directory is not (completely) migrated, whether or not a PostgreSQL cluster exists beside it.
         */
        static void refuseUnmigrated(Path dataDir) {
            Path h2 = dataDir.resolve("commandstore.mv.db");
            if (Files.exists(h2)) {
                throw new IllegalStateException("The data directory " + dataDir + " holds an event store written by an "
                        + "earlier release (H2: " + h2 + "). Move it into PostgreSQL once, keeping every event, with: "
                        + "./mdg migrate-h2 " + dataDir + " (or java -cp mdg-service/target/mdg-service.jar "
                        + "-Dloader.main=io.mdg.app.migrate.H2Migration "
                        + "org.springframework.boot.loader.launch.PropertiesLauncher " + dataDir + ")");
            }
        }

        private LegacyH2Store() {
        }
    }
}
