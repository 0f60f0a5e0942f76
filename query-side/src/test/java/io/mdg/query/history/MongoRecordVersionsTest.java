package io.mdg.query.history;

import static io.mdg.query.support.Events.T1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

import de.bwaldvogel.mongo.MongoServer;
import io.mdg.api.EntityType;
import io.mdg.query.crypto.ReadModelCipher;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * The record-history contract on the MongoDB adapter (mongo-java-server, the only MongoDB obtainable here), and
 * the round trips of its as-of search.
 */
class MongoRecordVersionsTest extends RecordVersionsContract {

    private MongoServer server;
    private MongoClient client;
    private final List<String> commands = new CopyOnWriteArrayList<>();

    @Override
    RecordVersions newVersions(ReadModelCipher cipher) {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://" + address.getHostString() + ":"
                        + address.getPort()))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                        commands.add(event.getCommandName());
                    }
                })
                .build());
        return new MongoRecordVersions(database(), cipher);
    }

    private MongoDatabase database() {
        return client.getDatabase("mdg");
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Override
    long storedVersions() {
        return database().getCollection(MongoRecordVersions.COLLECTION).countDocuments();
    }

    @Override
    String everythingStored() {
        StringBuilder all = new StringBuilder();
        for (Document doc : database().getCollection(MongoRecordVersions.COLLECTION).find()) {
            doc.values().forEach(v -> all.append(v instanceof Binary b ? new String(b.getData(),
                    StandardCharsets.ISO_8859_1) : String.valueOf(v)).append('\n'));
        }
        return all.toString();
    }

    @Test
    void an_as_of_read_of_a_record_with_500_versions_costs_at_most_three_round_trips() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int v = 1; v <= 500; v++) {
            Instant at = start.plus(Duration.ofMinutes(v - 1));
            versions.add(supplier("s-1", v, at, "v" + (v - 1)), at);
        }
        Random random = new Random(7);
        int most = 0;
        for (int i = 0; i < 100; i++) {
            int minute = random.nextInt(500);
            commands.clear();
            assertThat(versions.asOf(EntityType.SUPPLIER, "s-1", start.plus(Duration.ofMinutes(minute))
                    .plusSeconds(30), 500)).map(r -> r.version()).contains(minute + 1L);
            most = Math.max(most, commands.size());
        }
        assertThat(most).as("round trips per as-of read").isLessThanOrEqualTo(3);
    }

    @Test
    void a_version_stored_in_clear_by_an_earlier_release_is_refused_with_what_to_do() {
        database().getCollection(MongoRecordVersions.COLLECTION).insertOne(new Document("_id",
                MongoRecordVersions.key(EntityType.SUPPLIER, "s-1", 0)).append("at", Date.from(T1))
                .append("record", new Binary(new byte[] {1, 2, 3})));

        assertThatThrownBy(() -> versions.asOf(EntityType.SUPPLIER, "s-1", T1, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("replay").hasMessageContaining("golden-records");
    }
}
