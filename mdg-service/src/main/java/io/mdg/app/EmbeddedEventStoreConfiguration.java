package io.mdg.app;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Embedded default (no Axon Server): Axon's JDBC storage engine on the H2 file under the data directory. Creates
 * its tables when they are missing, before any processor starts reading.
 */
@Configuration(proxyBeanMethods = false)
public class EmbeddedEventStoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedEventStoreConfiguration.class);

    @Bean
    public SmartInitializingSingleton embeddedEventStoreSchema(ObjectProvider<EventStorageEngine> engines) {
        return () -> engines.ifAvailable(engine -> {
            if (engine instanceof JdbcEventStorageEngine jdbc) {
                jdbc.createSchema(H2EventTableFactory.INSTANCE);
                log.info("Event store: Axon JDBC storage engine (embedded H2)");
            }
        });
    }
}
