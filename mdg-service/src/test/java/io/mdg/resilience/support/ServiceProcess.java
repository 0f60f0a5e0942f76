package io.mdg.resilience.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * The assembled service jar ({@code target/mdg-service.jar}, built by {@code package} before the failsafe ITs run)
 * started as a separate JVM with {@code java -jar}, so that a test can kill it like an operating system or an
 * orchestrator would: {@link #kill()} is SIGKILL on the JVM itself (no wrapper script in between), no shutdown hook,
 * no graceful close of the H2 event store.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private final Process process;
    private final int port;
    private final Path log;
    private final Path dataDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServiceProcess(Process process, int port, Path log, Path dataDir) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.dataDir = dataDir;
    }

    /**
     * Starts the jar on a free port with the given data directory and Spring properties (as command-line arguments,
     * which override application.yml) and waits until readiness is UP.
     */
    public static ServiceProcess start(String name, Path dataDir, Map<String, String> properties,
                                       Map<String, String> environment) {
        Path jar = serviceJar();
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-Daxoniq.update-checker.disabled=true",
                "-jar", jar.toString(),
                "--server.port=" + port,
                "--mdg.data-dir=" + dataDir,
                "--spring.main.banner-mode=off"));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        try {
            Path logDir = Path.of("target", "resilience");
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + "-" + port + ".log").toAbsolutePath();
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(environment);
            ServiceProcess service = new ServiceProcess(builder.start(), port, log, dataDir);
            try {
                service.awaitReady();
            } catch (RuntimeException | Error e) {
                service.kill();
                service.stopOrphanedPostgres();
                throw e;
            }
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + jar, e);
        }
    }

    /** The jar Maven's {@code package} phase built (the ITs run after it). */
    public static Path serviceJar() {
        for (String candidate : List.of("target/mdg-service.jar", "mdg-service/target/mdg-service.jar")) {
            Path jar = Path.of(candidate).toAbsolutePath();
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        throw new IllegalStateException("no mdg-service.jar under target/: run the ITs through `mvn verify` "
                + "(the jar is built in the package phase)");
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public String graphqlUrl() {
        return baseUrl() + "/graphql";
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** GET a path; status and body, or status -1 when the process does not answer. */
    public HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code /actuator/health/readiness} answers UP. */
    public boolean ready() {
        HttpResponse<String> readiness = get("/actuator/health/readiness", null);
        return readiness != null && readiness.statusCode() == 200 && readiness.body().contains("\"status\":\"UP\"");
    }

    private void awaitReady() {
        try {
            Awaitility.await("the service ready").atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .failFast("the service exited", () -> !process.isAlive())
                    .until(this::ready);
        } catch (TerminalFailureException exited) {
            throw new IllegalStateException("the service exited while starting (exit code " + process.exitValue()
                    + "); log " + log + ":\n" + logTail(80), exited);
        } catch (ConditionTimeoutException late) {
            throw new IllegalStateException("the service was not ready within " + READY_TIMEOUT.toSeconds()
                    + " s; log " + log + ":\n" + logTail(80), late);
        }
    }

    /** SIGKILL to the service's JVM (Process.destroyForcibly), and waits until it is gone. */
    public void kill() {
        if (!Processes.kill(process)) {
            throw new IllegalStateException("the service process " + process.pid() + " survived SIGKILL");
        }
    }

    /** A graceful stop (SIGTERM: Spring closes the context, which stops its PostgreSQL). */
    public void stop() {
        Processes.stop(process, Duration.ofSeconds(60));
    }

    /**
     * Stops the service, and the embedded PostgreSQL its JVM left running if it was killed (the next start on the
     * data directory would stop it; a test that ends here must not leave it behind).
     */
    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
        stopOrphanedPostgres();
    }

    /** SIGINT (fast shutdown) to the postmaster named in the data directory's postmaster.pid, if it is alive. */
    public void stopOrphanedPostgres() {
        Path pidFile = dataDir.resolve("postgres/pgdata/postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            java.util.Optional<ProcessHandle> postmaster = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (postmaster.isEmpty()) {
                return;
            }
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor();
            postmaster.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("could not stop the orphaned PostgreSQL of " + dataDir + ": " + e);
        }
    }

    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
