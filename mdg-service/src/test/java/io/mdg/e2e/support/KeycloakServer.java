package io.mdg.e2e.support;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A real Keycloak for the end-to-end tests: the unpacked {@code keycloak-quarkus-dist} run as a child process
 * ({@code kc.sh start-dev}) on two free random ports, with the {@code mdg} realm imported fresh from the
 * project's realm file.
 *
 * <p>Configuration, from system properties (Maven's failsafe sets both):
 * <ul>
 *   <li>{@code mdg.keycloak.home}: the Keycloak home, e.g. {@code mdg-service/target/keycloak/keycloak-26.5.6}</li>
 *   <li>{@code mdg.realm.file}: the realm export, {@code keycloak/mdg-realm.json}</li>
 *   <li>{@code mdg.keycloak.log-dir} (optional, default {@code target}): where {@code keycloak-<port>.log} goes</li>
 * </ul>
 *
 * <p>Tokens: {@link #clientToken(String)} for a source-system client (client credentials, demo secret
 * {@code <clientId>-secret}), {@link #userToken(String)} for a demo user (password grant through the public
 * client {@code mdg-cli}, password {@code demo}), {@link #tokenFrom(String, String)} for a user through any
 * public client with direct access grants, e.g. {@code other-app} (a realm client WITHOUT the {@code mdg-api}
 * audience mapper, otherwise like {@code mdg-cli}) or {@code admin-cli} (exists in every realm; note that
 * Keycloak issues it lightweight tokens, without roles, {@code sub} or {@code preferred_username}).
 *
 * <p>Use {@link #shared()} for one instance per JVM (stopped by a shutdown hook), or {@link #start()} with
 * try-with-resources for a private one. Only one Keycloak may run from a given home at a time: start-dev keeps
 * its H2 database in {@code <home>/data/h2}, which is deleted before each start so the realm is imported fresh.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String REALM = "mdg";
    /** The password of every demo user. */
    public static final String DEMO_PASSWORD = "demo";
    /** The public client for demo users' password grants; its tokens carry the {@code mdg-api} audience. */
    public static final String CLI_CLIENT = "mdg-cli";

    /** 180 s, or the system property mdg.keycloak.startup-seconds (a loaded build machine). */
    private static final Duration STARTUP_TIMEOUT =
            Duration.ofSeconds(Long.getLong("mdg.keycloak.startup-seconds", 180));
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static KeycloakServer shared;

    private final Process process;
    private final int httpPort;
    private final int managementPort;
    private final Path logFile;
    private final HttpClient http;
    private volatile boolean stopped;

    private KeycloakServer(Process process, int httpPort, int managementPort, Path logFile, HttpClient http) {
        this.process = process;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.logFile = logFile;
        this.http = http;
    }

    /** One Keycloak for the whole JVM, started on first use and stopped when the JVM exits. */
    public static synchronized KeycloakServer shared() {
        if (shared == null || shared.stopped) {
            KeycloakServer server = start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "keycloak-server-stop"));
            shared = server;
        }
        return shared;
    }

    /** Starts a new Keycloak and waits until the {@code mdg} realm answers (at most 180 s). */
    public static KeycloakServer start() {
        Path home = requiredPath("mdg.keycloak.home");
        Path realmFile = requiredPath("mdg.realm.file");
        Path kcSh = home.resolve("bin").resolve("kc.sh");
        if (!Files.isRegularFile(kcSh)) {
            throw new IllegalStateException("No Keycloak at " + home + " (missing bin/kc.sh); it is unpacked by "
                    + "maven-dependency-plugin in the pre-integration-test phase (mvn verify)");
        }
        if (!Files.isRegularFile(realmFile)) {
            throw new IllegalStateException("No realm file at " + realmFile);
        }
        try {
            Path importDir = home.resolve("data").resolve("import");
            Files.createDirectories(importDir);
            Files.copy(realmFile, importDir.resolve("mdg-realm.json"), StandardCopyOption.REPLACE_EXISTING);
            deleteRecursively(home.resolve("data").resolve("h2"));
            kcSh.toFile().setExecutable(true);

            int[] ports = freePorts(2);
            int httpPort = ports[0];
            int managementPort = ports[1];
            Path logDir = Path.of(System.getProperty("mdg.keycloak.log-dir", "target"));
            Files.createDirectories(logDir);
            Path logFile = logDir.resolve("keycloak-" + httpPort + ".log").toAbsolutePath();

            ProcessBuilder builder = new ProcessBuilder(
                    kcSh.toString(), "start-dev",
                    "--http-port=" + httpPort,
                    "--http-management-port=" + managementPort,
                    // Pins the issuer to http://localhost:<port>/realms/mdg however Keycloak is reached.
                    "--hostname=http://localhost:" + httpPort,
                    "--import-realm")
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Map<String, String> env = builder.environment();
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
            // Run Keycloak on the test's own JDK unless told otherwise.
            env.putIfAbsent("JAVA_HOME", System.getProperty("java.home"));

            Process process = builder.start();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            KeycloakServer server = new KeycloakServer(process, httpPort, managementPort, logFile, http);
            try {
                server.awaitReady();
            } catch (RuntimeException | Error e) {
                server.stop();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start Keycloak from " + home, e);
        }
    }

    private void awaitReady() {
        URI wellKnown = URI.create(issuer() + "/.well-known/openid-configuration");
        try {
            Awaitility.await("Keycloak answering").atMost(STARTUP_TIMEOUT).pollInterval(Duration.ofMillis(500))
                    .failFast("Keycloak exited", () -> !process.isAlive())
                    .until(() -> answers(wellKnown));
        } catch (TerminalFailureException exited) {
            throw new IllegalStateException("Keycloak exited while starting (exit code " + process.exitValue()
                    + "); log " + logFile + ":\n" + logTail(60), exited);
        } catch (ConditionTimeoutException late) {
            throw new IllegalStateException("Keycloak did not answer at " + wellKnown + " within "
                    + STARTUP_TIMEOUT.toSeconds() + " s; log " + logFile + ":\n" + logTail(60), late);
        }
    }

    /** Whether {@code uri} answers 200 (false while nothing listens yet). */
    private boolean answers(URI uri) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** {@code http://localhost:<port>}. */
    public String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    /** {@code http://localhost:<port>/realms/mdg}: the {@code iss} of every token of the realm. */
    public String issuer() {
        return baseUrl() + "/realms/" + REALM;
    }

    public String jwksUri() {
        return issuer() + "/protocol/openid-connect/certs";
    }

    public String tokenEndpoint() {
        return issuer() + "/protocol/openid-connect/token";
    }

    public int httpPort() {
        return httpPort;
    }

    public int managementPort() {
        return managementPort;
    }

    public Path logFile() {
        return logFile;
    }

    /** An access token for a source-system client (erp, sourcing, inventory, supplier-portal): client credentials. */
    public String clientToken(String clientId) {
        return requestToken(Map.of(
                "grant_type", "client_credentials",
                "client_id", clientId,
                "client_secret", clientId + "-secret"));
    }

    /** An access token for a demo user (password {@code demo}) through {@code mdg-cli}: audience {@code mdg-api}. */
    public String userToken(String username) {
        return tokenFrom(CLI_CLIENT, username);
    }

    /**
     * An access token for a demo user through any public client with direct access grants, e.g. {@code other-app}
     * or {@code admin-cli}, whose tokens do NOT carry the {@code mdg-api} audience.
     */
    public String tokenFrom(String clientId, String username) {
        return requestToken(Map.of(
                "grant_type", "password",
                "client_id", clientId,
                "username", username,
                "password", DEMO_PASSWORD));
    }

    private String requestToken(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenEndpoint()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Token request to " + tokenEndpoint() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during a token request", e);
        }
        String what = form.get("grant_type") + " for client " + form.get("client_id")
                + (form.containsKey("username") ? ", user " + form.get("username") : "");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused a token (" + what + "): HTTP "
                    + response.statusCode() + " " + response.body());
        }
        try {
            JsonNode token = JSON.readTree(response.body()).get("access_token");
            if (token == null || !token.isTextual()) {
                throw new IllegalStateException("No access_token in Keycloak's answer (" + what + "): "
                        + response.body());
            }
            return token.asText();
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable token response (" + what + "): " + response.body(), e);
        }
    }

    /** The claims of a JWT (its payload, not verified): handy for asserting on what Keycloak issued. */
    public static Map<String, Object> claims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException("Not a JWT");
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
            return JSON.readValue(payload, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable JWT payload", e);
        }
    }

    /** Stops Keycloak (its whole process tree) and waits for it to exit. Idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        tree.add(process.toHandle());
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (ProcessHandle handle : tree) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                handle.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception notYet) {
                handle.destroyForcibly();
            }
        }
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "KeycloakServer[" + baseUrl() + ", log " + logFile + "]";
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private static Path requiredPath(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set (failsafe sets it; "
                    + "from an IDE, set it to the path by hand)");
        }
        return Path.of(value).toAbsolutePath().normalize();
    }

    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                socket.setReuseAddress(true);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
