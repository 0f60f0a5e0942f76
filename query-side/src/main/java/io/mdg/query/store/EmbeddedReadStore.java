package io.mdg.query.store;

import java.net.InetSocketAddress;

import de.bwaldvogel.mongo.MongoServer;

/** The in-process mongo-java-server, when no MongoDB URI is configured. */
public final class EmbeddedReadStore {

    private final MongoServer server;
    private final Runnable afterShutdown;

    EmbeddedReadStore(MongoServer server) {
        this(server, () -> { });
    }

    /** {@code afterShutdown}: run once the server and its backend are closed (a clean stop). */
    EmbeddedReadStore(MongoServer server, Runnable afterShutdown) {
        this.server = server;
        this.afterShutdown = afterShutdown;
    }

    static EmbeddedReadStore none() {
        return new EmbeddedReadStore(null);
    }

    String connectionString() {
        InetSocketAddress address = server.getLocalAddress();
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    public void shutdownNow() {
        if (server != null) {
            server.shutdownNow();
            afterShutdown.run();
        }
    }
}
