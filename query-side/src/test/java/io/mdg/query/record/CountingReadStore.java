package io.mdg.query.record;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * An in-memory mongo-java-server and a driver that records the name of every command it sends (find, getMore,
 * update, ...): tests count store round trips with it.
 */
final class CountingReadStore implements AutoCloseable {

    private final MongoServer server;
    private final MongoClient client;
    private final List<String> commands = new CopyOnWriteArrayList<>();

    CountingReadStore() {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        CommandListener listener = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                commands.add(event.getCommandName());
            }
        };
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(
                        "mongodb://" + address.getHostString() + ":" + address.getPort()))
                .addCommandListener(listener)
                .build());
    }

    MongoDatabase database() {
        return client.getDatabase("mdg");
    }

    /** Forgets the commands sent so far. */
    void resetCount() {
        commands.clear();
    }

    /** The commands sent since the last {@link #resetCount()}, in order. */
    List<String> commands() {
        return List.copyOf(commands);
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
