package io.mdg.scale;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.mdg.postgres.EmbeddedPostgresServer;
import io.mdg.resilience.support.Api;
import io.mdg.resilience.support.ServiceProcess;
import io.mdg.resilience.support.StandaloneReadStore;

/**
 * Several service nodes on one PostgreSQL, all started here: ONE PostgreSQL ({@link EmbeddedPostgresServer} on a temp
 * directory and a free port), optionally ONE read store shared by every node (mongo-java-server in a JVM of its own,
 * {@link StandaloneReadStore}), and the assembled jar started as a JVM per node ({@link ServiceProcess}), each with
 * its own data directory, pointed at that PostgreSQL ({@code mdg.postgres.url}) with the same event keys (a node
 * that generated its own could not read the others' encrypted values). {@link #close()} stops what is still running,
 * nodes first (by their process), then the read store and PostgreSQL.
 */
final class Cluster implements AutoCloseable {

    private final String name;
    private final Path root;
    private final EmbeddedPostgresServer postgres;
    private final StandaloneReadStore readStore;
    private final List<ServiceProcess> nodes = new ArrayList<>();
    private final List<Api> apis = new ArrayList<>();
    private final Map<String, String> properties;

    private Cluster(String name, Path root, EmbeddedPostgresServer postgres, StandaloneReadStore readStore,
                    Map<String, String> properties) {
        this.name = name;
        this.root = root;
        this.postgres = postgres;
        this.readStore = readStore;
        this.properties = properties;
    }

    /**
     * Starts PostgreSQL, the shared read store if asked for, then the first node alone (it creates the tables) and
     * the others together. On any failure everything started so far is stopped before the exception leaves.
     */
    static Cluster start(String name, int size, boolean sharedReadStore, Map<String, String> nodeProperties)
            throws Exception {
        Path root = Files.createTempDirectory("mdg-multinode-" + name);
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(root.resolve("postgres"));
        StandaloneReadStore store = null;
        Cluster cluster = null;
        try {
            if (sharedReadStore) {
                Path log = Path.of("target", "resilience", "multinode-" + name + "-readstore.log");
                Files.createDirectories(log.getParent());
                store = StandaloneReadStore.start(StandaloneReadStore.freePort(), root.resolve("readstore.mv"), log);
            }
            Map<String, String> properties = new HashMap<>(nodeProperties);
            properties.put("mdg.postgres.url", "jdbc:postgresql://localhost:" + postgres.port() + "/"
                    + EmbeddedPostgresServer.DATABASE);
            properties.put("mdg.postgres.user", postgres.user());
            properties.put("mdg.security.event-keys", "k1:" + randomKey());
            // the audit checkpoints' signing key, the same on every node (an Ed25519 seed: 32 random bytes too)
            properties.put("mdg.audit.signing-keys", "a1:" + randomKey());
            if (store != null) {
                properties.put("mdg.mongodb.uri", store.uri());
            }
            Cluster started = new Cluster(name, root, postgres, store, Map.copyOf(properties));
            cluster = started;
            started.add(started.startNode(root, 0));
            List<CompletableFuture<ServiceProcess>> others = new ArrayList<>();
            for (int i = 1; i < size; i++) {
                int index = i;
                others.add(CompletableFuture.supplyAsync(() -> started.startNode(root, index)));
            }
            RuntimeException failed = null;
            for (CompletableFuture<ServiceProcess> other : others) {
                try {
                    started.add(other.get(300, TimeUnit.SECONDS));
                } catch (Exception e) {
                    failed = failed != null ? failed : new IllegalStateException("a node did not start", e);
                }
            }
            if (failed != null) {
                throw failed;
            }
            return started;
        } catch (Exception | Error e) {
            if (cluster != null) {
                cluster.close();
            } else {
                if (store != null) {
                    store.close();
                }
                postgres.close();
                deleteQuietly(root);
            }
            throw e;
        }
    }

    private synchronized void add(ServiceProcess node) {
        nodes.add(node);
        apis.add(new Api(node.graphqlUrl()));
    }

    private ServiceProcess startNode(Path root, int index) {
        try {
            Path dataDir = Files.createDirectories(root.resolve("node-" + index));
            Map<String, String> own = new HashMap<>(properties);
            own.put("db-scheduler.scheduler-name", name + "-node-" + index);
            return ServiceProcess.start("multinode-" + name + "-node" + index, dataDir, own, Map.of());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** 32 random bytes, base64: an AES key for {@code mdg.security.event-keys}. */
    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    int size() {
        return nodes.size();
    }

    synchronized ServiceProcess node(int index) {
        return nodes.get(index);
    }

    synchronized Api api(int index) {
        return apis.get(index);
    }

    /** The indexes of the nodes still running. */
    synchronized List<Integer> alive() {
        List<Integer> alive = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).isAlive()) {
                alive.add(i);
            }
        }
        return alive;
    }

    int postgresPort() {
        return postgres.port();
    }

    /** SIGKILL to one node's JVM. */
    void kill(int index) {
        node(index).kill();
    }

    /** Stops every node still running (SIGTERM, SIGKILL after the grace), then the read store and PostgreSQL. */
    @Override
    public void close() {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (ServiceProcess node : List.copyOf(nodes)) {
            stops.add(CompletableFuture.runAsync(node::close));
        }
        for (CompletableFuture<Void> stop : stops) {
            try {
                stop.get(90, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("could not stop a node of " + name + ": " + e);
            }
        }
        for (ServiceProcess node : List.copyOf(nodes)) {
            if (node.isAlive()) {
                node.kill();
            }
        }
        if (readStore != null) {
            readStore.close();
        }
        postgres.close();
        deleteQuietly(root);
    }

    /** The data directories of PostgreSQL, the read store and the nodes (the nodes' logs are under target/). */
    private static void deleteQuietly(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}
