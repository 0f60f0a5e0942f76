package io.mdg.resilience.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * A read store in a process of its own, as a production MongoDB would be: mongo-java-server with its H2 backend (so
 * that, like a real MongoDB, it keeps read models and tracking tokens across a restart) on a given port. {@link #main}
 * runs the server; {@link #start} launches that main in a new JVM on the test classpath, and {@link #kill} ends it
 * with SIGKILL.
 */
public final class StandaloneReadStore implements AutoCloseable {

    private final Process process;
    private final int port;

    private StandaloneReadStore(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** {@code java ... StandaloneReadStore <port> <file>}: serves until killed. */
    public static void main(String[] args) throws Exception {
        H2Backend backend = new H2Backend(args[1]);
        MongoServer server = new MongoServer(backend);
        // on SIGTERM: drop every connection at once, then close the file cleanly
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdownNow();
            backend.close();
        }));
        server.bind("127.0.0.1", Integer.parseInt(args[0]));
        System.out.println("read store listening on " + args[0]);
        Thread.currentThread().join();
    }

    public static StandaloneReadStore start(int port, Path file, Path log) {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), StandaloneReadStore.class.getName(),
                String.valueOf(port), file.toString());
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            StandaloneReadStore store = new StandaloneReadStore(process, port);
            try {
                Awaitility.await("the read store listening").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(100))
                        .failFast("the read store exited", () -> !process.isAlive())
                        .until(store::listening);
            } catch (TerminalFailureException | ConditionTimeoutException notStarted) {
                store.kill();
                throw new IllegalStateException("the read store did not start; see " + log, notStarted);
            }
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int freePort() {
        return ServiceProcess.freePort();
    }

    private boolean listening() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    public String uri() {
        return "mongodb://127.0.0.1:" + port;
    }

    /**
     * SIGTERM: every connection is dropped at once (to the service it looks like a crash or a partition) and the
     * file is closed cleanly. A read store that keeps its data over a crash is what a MongoDB replica set is;
     * mongo-java-server's H2 file after a SIGKILL is not always that (seen once: a document in its {@code _id} index
     * that an upsert by {@code _id} did not find, "already existed" at every retry).
     */
    public void stop() {
        Processes.stop(process, Duration.ofSeconds(30));
    }

    /** SIGKILL: the store is gone at once. */
    public void kill() {
        Processes.kill(process);
    }

    @Override
    public void close() {
        kill();
    }
}
