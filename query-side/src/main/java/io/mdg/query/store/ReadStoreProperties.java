package io.mdg.query.store;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the read models live: in memory (the embedded default, rebuilt from the event store at every start), or in
 * MongoDB when a connection string is given.
 *
 * @param uri      a MongoDB connection string ({@code MDG_MONGODB_URI}); blank keeps the read models in memory
 * @param database the database name
 */
@ConfigurationProperties(prefix = "mdg.mongodb")
public record ReadStoreProperties(String uri, String database) {

    public ReadStoreProperties {
        database = database == null || database.isBlank() ? "mdg" : database;
    }

    /** Whether the read models are kept in memory (no MongoDB configured). */
    public boolean inMemory() {
        return uri == null || uri.isBlank();
    }
}
