package io.mdg.query.store;

import org.bson.Document;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

import com.mongodb.client.MongoDatabase;

/**
 * Read store health by {@code ping} (mongo-java-server does not implement {@code hello}, which Spring Boot's own
 * Mongo indicator sends).
 */
public class ReadStoreHealthIndicator extends AbstractHealthIndicator {

    private final MongoDatabase database;
    private final boolean embedded;

    public ReadStoreHealthIndicator(MongoDatabase database, boolean embedded) {
        super("read store ping failed");
        this.database = database;
        this.embedded = embedded;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Document reply = database.runCommand(new Document("ping", 1));
        builder.up()
                .withDetail("database", database.getName())
                .withDetail("embedded", embedded)
                .withDetail("ok", reply.get("ok"));
    }
}
