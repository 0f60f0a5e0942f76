package io.mdg.query.store;

import org.bson.Document;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

import com.mongodb.client.MongoDatabase;

/** MongoDB read store health by {@code ping}. */
public class ReadStoreHealthIndicator extends AbstractHealthIndicator {

    private final MongoDatabase database;

    public ReadStoreHealthIndicator(MongoDatabase database) {
        super("read store ping failed");
        this.database = database;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Document reply = database.runCommand(new Document("ping", 1));
        builder.up()
                .withDetail("database", database.getName())
                .withDetail("store", "mongodb")
                .withDetail("ok", reply.get("ok"));
    }
}
