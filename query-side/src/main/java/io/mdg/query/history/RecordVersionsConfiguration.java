package io.mdg.query.history;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import com.mongodb.client.MongoDatabase;

import io.mdg.query.crypto.ReadModelCipher;
import io.mdg.query.tables.ReadStoreKind;

/** The record history's store, as {@code mdg.read-store} says ({@link ReadStoreKind}). */
@Configuration(proxyBeanMethods = false)
@Profile("query")
public class RecordVersionsConfiguration {

    @Bean
    @Conditional(ReadStoreKind.OnPostgres.class)
    public RecordVersions postgresRecordVersions(DataSource dataSource, ReadModelCipher cipher) {
        return new PostgresRecordVersions(dataSource, cipher);
    }

    @Bean
    @Conditional(ReadStoreKind.OnMongo.class)
    public RecordVersions mongoRecordVersions(MongoDatabase readStoreDatabase, ReadModelCipher cipher) {
        return new MongoRecordVersions(readStoreDatabase, cipher);
    }
}
