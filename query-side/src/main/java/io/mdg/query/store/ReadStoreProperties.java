package io.mdg.query.store;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the read models and tracking tokens live.
 *
 * @param uri        a MongoDB connection string ({@code MDG_MONGODB_URI}); blank runs the embedded in-process server
 * @param database   the database name
 * @param embedded   settings of the embedded server
 */
@ConfigurationProperties(prefix = "mdg.mongodb")
public record ReadStoreProperties(String uri, String database, Embedded embedded) {

    public ReadStoreProperties {
        database = database == null || database.isBlank() ? "mdg" : database;
        embedded = embedded == null ? new Embedded(false, "./data/readstore.mv") : embedded;
    }

    /**
     * @param persistent false (default): memory backend, rebuilt from the event store at every start;
     *                   true: H2 MVStore file backend that keeps read models and tokens across restarts
     * @param file       the file of the persistent backend
     */
    public record Embedded(boolean persistent, String file) {
    }

    public boolean isEmbedded() {
        return uri == null || uri.isBlank();
    }
}
