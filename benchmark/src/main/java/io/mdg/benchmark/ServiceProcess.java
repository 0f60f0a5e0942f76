package io.mdg.benchmark;

import static io.mdg.demo.data.DemoNetwork.JSON;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The assembled service jar as its own process, as {@code ./mdg start} runs it (every role, embedded stores, default
 * JVM settings), plus the benchmark jar on {@code loader.path} and the {@code bench} profile for the constant-JSON
 * endpoint. Started on a free port and a data directory; its peak RSS comes from /proc.
 */
final class ServiceProcess implements AutoCloseable {

    /**
     * Times from launch, in seconds, and what the readiness health said: the projections' position when ready and,
     * when a sample caught them part way, when and where ({@code progressSeconds} -1 if none did); when the probe
     * first answered ({@code firstAnswer}, -1 without a probe); the largest PSS of the embedded PostgreSQL sampled
     * meanwhile (-1 if none was found).
     */
    record Ready(double portAnswered, double ready, long position, long maxHeapMiB, double progressSeconds,
                 long progressPosition, double firstAnswer, long maxPostgresPssMiB) {

        /** Events per second replayed between the first part-way sample and readiness; NaN when none was seen. */
        double observedReplayRate() {
            return progressSeconds < 0 || position <= progressPosition || ready <= progressSeconds ? Double.NaN
                    : (position - progressPosition) / (ready - progressSeconds);
        }
    }

    /** A request that tells whether the service answers it as it should yet (e.g. a record is readable). */
    interface Probe {
        boolean answered(int port) throws IOException;
    }

    private final Process process;
    private final Path dataDir;
    private final int port;
    private final long launched;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Services still running: stopped by a shutdown hook when the harness is interrupted (Ctrl-C). */
    private static final java.util.Set<ServiceProcess> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(ServiceProcess::close),
                "stop-services"));
    }

    private ServiceProcess(Process process, Path dataDir, int port, long launched, Path log) {
        this.process = process;
        this.dataDir = dataDir;
        this.port = port;
        this.launched = launched;
        this.log = log;
        RUNNING.add(this);
    }

    static ServiceProcess start(Path serviceJar, Path benchmarkJar, Path dataDir, String issuer, Path log)
            throws IOException {
        return start(serviceJar, benchmarkJar, dataDir, issuer, log, List.of());
    }

    /** As {@link #start(Path, Path, Path, String, Path)}, with more settings ({@code --name=value}) on its command line. */
    static ServiceProcess start(Path serviceJar, Path benchmarkJar, Path dataDir, String issuer, Path log,
                                List<String> settings) throws IOException {
        return start(serviceJar, benchmarkJar, dataDir, issuer, log, settings, java.util.Map.of());
    }

    /**
     * As {@link #start(Path, Path, Path, String, Path, List)}, with more environment variables (e.g. a secret such as
     * {@code MDG_EVENT_KEYS}, which a command line would show to every user of the machine).
     */
    static ServiceProcess start(Path serviceJar, Path benchmarkJar, Path dataDir, String issuer, Path log,
                                List<String> settings, java.util.Map<String, String> environment) throws IOException {
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(javaOptions());
        command.addAll(List.of(
                "-Daxoniq.update-checker.disabled=true",
                "-Dloader.path=" + benchmarkJar.toAbsolutePath(),
                "-Dloader.main=" + InProcessService.APPLICATION));
        String jfr = System.getenv("MDG_BENCH_JFR");
        if (jfr != null && !jfr.isBlank()) {
            // deep enough for a GraphQL request's stacks (the default 64 frames cuts off their callers)
            command.add("-XX:FlightRecorderOptions=stackdepth=256");
            command.add("-XX:StartFlightRecording=settings=profile,filename="
                    + Path.of(jfr, "service-" + dataDir.getFileName() + "-" + port + ".jfr").toAbsolutePath());
        }
        command.addAll(List.of(
                "-cp", serviceJar.toAbsolutePath().toString(),
                "org.springframework.boot.loader.launch.PropertiesLauncher",
                "--server.port=" + port,
                "--mdg.data-dir=" + dataDir.toAbsolutePath(),
                "--mdg.security.issuer=" + issuer,
                "--spring.profiles.active=" + InProcessService.PROFILES,
                "--spring.main.banner-mode=off"));
        command.addAll(settings);
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        builder.environment().putAll(environment);
        long launched = System.nanoTime();
        return new ServiceProcess(builder.start(), dataDir, port, launched, log);
    }

    /**
     * The service JVM's flags: those of ./mdg start ({@code MDG_JAVA_OPTS}, which ./mdg bench passes on), or
     * {@code MDG_BENCH_SERVICE_JAVA_OPTS} when set: e.g. a bounded heap for the service jar, while the benchmark's own
     * JVM, which also holds the in-process service and the load, keeps {@code MDG_JAVA_OPTS}.
     */
    static List<String> javaOptions() {
        String own = System.getenv("MDG_BENCH_SERVICE_JAVA_OPTS");
        String options = own != null && !own.isBlank() ? own : System.getenv("MDG_JAVA_OPTS");
        return options == null || options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    long peakRssMiB() {
        return Machine.peakRssMiB(process.pid());
    }

    /** The embedded PostgreSQL's memory now (PSS of its processes, MiB), -1 when none runs on the data directory. */
    long postgresPssMiB() {
        return Machine.postgresPssMiB(dataDir.resolve("postgres"));
    }

    /** A setting of the embedded PostgreSQL as it runs ({@code SHOW}), e.g. shared_buffers; "?" when unknown. */
    String postgresSetting(String name) {
        Path postgres = dataDir.resolve("postgres");
        return Machine.postmasterPort(postgres).map(p -> {
            try (java.sql.Connection connection = java.sql.DriverManager.getConnection(
                    "jdbc:postgresql://localhost:" + p + "/postgres", io.mdg.postgres.EmbeddedPostgresServer.USER, "");
                 java.sql.Statement statement = connection.createStatement();
                 java.sql.ResultSet result = statement.executeQuery("SHOW " + name)) {
                return result.next() ? result.getString(1) : "?";
            } catch (java.sql.SQLException e) {
                return "?";
            }
        }).orElse("?");
    }

    /**
     * Waits until readiness is UP and every projection has caught up with the event store (the memory read store is
     * rebuilt at every start), sampling the heap in use (through the metrics endpoint, with an admin token) and the
     * projections' progress meanwhile: the first sample that shows them part way (position known, not caught up)
     * starts the timing of the replay itself, without the JVM's and the context's start-up.
     */
    Ready awaitReady(Duration timeout, Supplier<String> adminToken) throws InterruptedException {
        return awaitReady(timeout, adminToken, null);
    }

    /** As {@link #awaitReady(Duration, Supplier)}, also sending the probe at each poll until it is answered. */
    Ready awaitReady(Duration timeout, Supplier<String> adminToken, Probe probe) throws InterruptedException {
        return awaitReady(timeout, adminToken, probe, false);
    }

    /**
     * As {@link #awaitReady(Duration, Supplier, Probe)}; with {@code ownSegmentsOnly}, for a node beside others on one
     * PostgreSQL: a processor whose tokens the nodes share and of which this node holds no segment (another node
     * does) does not count, only those it processes itself.
     */
    Ready awaitReady(Duration timeout, Supplier<String> adminToken, Probe probe, boolean ownSegmentsOnly)
            throws InterruptedException {
        long deadline = launched + timeout.toNanos();
        double firstAnswer = -1;
        long maxPss = -1;
        double portAnswered = -1;
        long maxHeap = -1;
        long lastHeapSample = 0;
        double progressSeconds = -1;
        long progressPosition = -1;
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited while starting; log " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the service was not ready within " + timeout + "; log " + log);
            }
            try {
                // the projections' positions are details, shown to admins only
                HttpResponse<String> response = get("/actuator/health/readiness", adminToken.get());
                double now = (System.nanoTime() - launched) / 1e9;
                if (portAnswered < 0) {
                    portAnswered = now;
                }
                if (adminToken != null && System.nanoTime() - lastHeapSample > 500_000_000L) {
                    maxHeap = Math.max(maxHeap, heapUsedMiB(adminToken.get()));
                    maxPss = Math.max(maxPss, postgresPssMiB());
                    lastHeapSample = System.nanoTime();
                }
                if (probe != null && firstAnswer < 0 && probe.answered(port)) {
                    firstAnswer = (System.nanoTime() - launched) / 1e9;
                }
                JsonNode health = JSON.readTree(response.body());
                JsonNode processors = health.path("components").path("projections").path("details");
                boolean caughtUp = processors.size() > 0;
                long position = Long.MAX_VALUE;
                for (JsonNode processor : processors) {
                    if (ownSegmentsOnly && processor.path("segments").asInt(-1) == 0) {
                        continue;
                    }
                    caughtUp &= processor.path("caughtUp").asBoolean(false);
                    position = Math.min(position, processor.path("position").asLong(-1));
                }
                if (!caughtUp && position >= 0 && position != Long.MAX_VALUE && progressSeconds < 0) {
                    progressSeconds = now;
                    progressPosition = position;
                }
                if (response.statusCode() == 200 && "UP".equals(health.path("status").asText()) && caughtUp) {
                    if (adminToken != null) {
                        maxHeap = Math.max(maxHeap, heapUsedMiB(adminToken.get()));
                    }
                    maxPss = Math.max(maxPss, postgresPssMiB());
                    while (probe != null && firstAnswer < 0) {
                        if (probe.answered(port)) {
                            firstAnswer = (System.nanoTime() - launched) / 1e9;
                        } else if (System.nanoTime() > deadline) {
                            throw new IllegalStateException("ready, but the probe was not answered within " + timeout
                                    + "; log " + log);
                        } else {
                            Thread.sleep(20);
                        }
                    }
                    return new Ready(portAnswered, now, position, maxHeap, progressSeconds, progressPosition,
                            firstAnswer, maxPss);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
    }

    /** The readiness health as an admin sees it (status, each projection's details); null when it does not answer. */
    JsonNode readiness(String adminToken) throws InterruptedException {
        try {
            return JSON.readTree(get("/actuator/health/readiness", adminToken).body());
        } catch (IOException e) {
            return null;
        }
    }

    Path log() {
        return log;
    }

    /** The heap in use now, in MiB (jvm.memory.used, area heap). */
    long heapUsedMiB(String adminToken) throws InterruptedException {
        try {
            HttpResponse<String> response = get("/actuator/metrics/jvm.memory.used?tag=area:heap", adminToken);
            if (response.statusCode() != 200) {
                return -1;
            }
            JsonNode measurements = JSON.readTree(response.body()).path("measurements");
            return measurements.size() == 0 ? -1 : (long) (measurements.get(0).path("value").asDouble() / 1024 / 1024);
        } catch (IOException e) {
            return -1;
        }
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Stops the service (SIGTERM: graceful shutdown), waiting at most a minute before killing it. */
    @Override
    public void close() {
        RUNNING.remove(this);
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
