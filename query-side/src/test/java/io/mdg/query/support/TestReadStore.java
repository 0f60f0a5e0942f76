package io.mdg.query.support;

import java.net.InetSocketAddress;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/** An in-memory mongo-java-server on a free loopback port and a driver connected to it, for projection tests. */
public final class TestReadStore implements AutoCloseable {

    private final MongoServer server;
    private final MongoClient client;

    private TestReadStore(MongoServer server, MongoClient client) {
        this.server = server;
        this.client = client;
    }

    public static TestReadStore start() {
        MongoServer server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        MongoClient client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
        return new TestReadStore(server, client);
    }

    public MongoDatabase database() {
        return client.getDatabase("mdg");
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
