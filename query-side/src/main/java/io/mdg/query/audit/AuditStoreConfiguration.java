package io.mdg.query.audit;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import com.mongodb.client.MongoDatabase;

import io.mdg.query.crypto.ReadModelCipher;
import io.mdg.query.tables.ReadStoreKind;

/** The audit trail's store, as {@code mdg.read-store} says ({@link ReadStoreKind}). */
@Configuration(proxyBeanMethods = false)
@Profile("query")
public class AuditStoreConfiguration {

    @Bean
    @Conditional(ReadStoreKind.OnPostgres.class)
    public AuditStore postgresAuditStore(DataSource dataSource, ReadModelCipher cipher) {
        return new PostgresAuditStore(dataSource, cipher);
    }

    @Bean
    @Conditional(ReadStoreKind.OnMongo.class)
    public AuditStore mongoAuditStore(MongoDatabase readStoreDatabase, ReadModelCipher cipher) {
        return new MongoAuditStore(readStoreDatabase, cipher);
    }
}
