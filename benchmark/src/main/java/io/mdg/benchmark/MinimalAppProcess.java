package io.mdg.benchmark;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.mdg.benchmark.minimal.MinimalApp;

/**
 * Figure 4's minimal Spring Boot app ({@link MinimalApp}) as its own JVM: the service's JVM flags
 * ({@code MDG_JAVA_OPTS}), a class path of the benchmark jar and the two starters only (the file that
 * {@code ./mdg bench} resolves from benchmark/minimal-app/pom.xml), a free port, and the resource-server settings of
 * the service: the realm's JWKS, its issuer, RS256 and the audience {@code mdg-api}.
 */
final class MinimalAppProcess implements AutoCloseable {

    static final String AUDIENCE = "mdg-api";

    private final Process process;
    private final int port;
    private final Path log;

    /** Apps still running: stopped by a shutdown hook when the harness is interrupted (Ctrl-C). */
    private static final java.util.Set<MinimalAppProcess> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(MinimalAppProcess::close),
                "stop-minimal-apps"));
    }

    private MinimalAppProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        RUNNING.add(this);
    }

    /** Starts the app; {@code classpathFile} holds the starters' jars, separated by the path separator. */
    static MinimalAppProcess start(Path benchmarkJar, Path classpathFile, String issuer, Path log) throws IOException {
        if (!Files.isRegularFile(classpathFile)) {
            throw new IllegalStateException("no class path for figure 4's minimal app at " + classpathFile + " (./mdg "
                    + "bench writes it: ./mvnw -q -o -f benchmark/minimal-app/pom.xml dependency:build-classpath "
                    + "-Dmdep.outputFile=" + classpathFile + ")");
        }
        String starters = Files.readString(classpathFile).trim();
        int port = ServiceProcess.freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(ServiceProcess.javaOptions());
        command.addAll(List.of(
                "-cp", benchmarkJar.toAbsolutePath() + File.pathSeparator + starters,
                MinimalApp.class.getName(),
                "--server.port=" + port,
                "--spring.main.banner-mode=off",
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer,
                "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + issuer + "/protocol/openid-connect/certs",
                "--spring.security.oauth2.resourceserver.jwt.jws-algorithms=RS256",
                "--spring.security.oauth2.resourceserver.jwt.audiences=" + AUDIENCE));
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        return new MinimalAppProcess(process, port, log);
    }

    int port() {
        return port;
    }

    long peakRssMiB() {
        return Machine.peakRssMiB(process.pid());
    }

    /** Waits until the endpoint answers the token with 200 and the constant body; answers the seconds waited. */
    double awaitReady(Duration timeout, String token) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        byte[] request = HttpConnection.request("GET", "127.0.0.1", port, BenchEndpoints.PATH, token, null, null);
        String last = "not listening";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the minimal app exited while starting; log " + log);
            }
            try (HttpConnection connection = new HttpConnection("127.0.0.1", port)) {
                HttpConnection.Response response = connection.send(request);
                if (response.status() == 200 && java.util.Arrays.equals(response.body(), BenchEndpoints.BODY)) {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    requireTokenChecked();
                    return seconds;
                }
                last = "HTTP " + response.status() + " " + response.text();
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the minimal app did not answer within " + timeout + " (last: " + last
                + "); log " + log);
    }

    /** The ceiling only counts if the app does the work: a request without a token must be refused. */
    private void requireTokenChecked() throws IOException {
        try (HttpConnection connection = new HttpConnection("127.0.0.1", port)) {
            int status = connection.send(HttpConnection.request("GET", "127.0.0.1", port, BenchEndpoints.PATH, null,
                    null, null)).status();
            if (status != 401) {
                throw new IllegalStateException("the minimal app answered HTTP " + status + " without a token "
                        + "(expected 401); log " + log);
            }
        }
    }

    @Override
    public void close() {
        RUNNING.remove(this);
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
