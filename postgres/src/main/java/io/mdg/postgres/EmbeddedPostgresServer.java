package io.mdg.postgres;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The embedded default's PostgreSQL: a real server from Maven artifacts (zonky's launcher and binaries), one per
 * data directory, durable (fsync, synchronous_commit and full_page_writes on: zonky turns the first two off).
 *
 * <p>Under {@code <dir>}: {@code pgdata/} (the cluster), {@code port} (the port it listens on, kept so the server
 * keeps its port across restarts) and {@code server.lock} (held while a process runs the server). At start:
 * <ul>
 *   <li>another live process holding {@code server.lock}: refused ({@link DataDirectoryInUseException}), never a
 *       second server on the same data;</li>
 *   <li>a postmaster left running by a process that was killed (its {@code postmaster.pid} names a live postgres
 *       process, nobody holds the lock): stopped (fast shutdown, then killed if it does not stop), then a fresh
 *       server starts on the same data (PostgreSQL's crash recovery replays its WAL);</li>
 *   <li>running as root: PostgreSQL refuses root; zonky runs initdb and pg_ctl under {@code unshare -U} where user
 *       namespaces are allowed. Where they are blocked the start is refused with a message that says what to do.</li>
 * </ul>
 * While it runs, a watchdog restarts the server on the same data and port if its postmaster dies (killed, or
 * crashed): PostgreSQL's crash recovery replays the WAL, so every committed transaction is kept, and the service's
 * connection pool reconnects. {@link #close()} stops the server (fast shutdown) and releases the lock.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    /** The database the service uses (created at first start). */
    public static final String DATABASE = "mdg";
    public static final String USER = "postgres";

    private final Path directory;
    private final EmbeddedPostgres.Builder builder;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final int port;
    private volatile EmbeddedPostgres postgres;
    private volatile boolean closing;
    private final Thread watchdog;
    private final Thread shutdownHook = new Thread(this::close, "embedded-postgres-shutdown");
    private final java.util.concurrent.atomic.AtomicInteger restarts = new java.util.concurrent.atomic.AtomicInteger();

    private EmbeddedPostgresServer(Path directory, EmbeddedPostgres.Builder builder, EmbeddedPostgres postgres,
                                   FileChannel lockChannel, FileLock lock) {
        this.directory = directory;
        this.builder = builder;
        this.postgres = postgres;
        this.port = postgres.getPort();
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.watchdog = new Thread(this::watch, "embedded-postgres-watchdog");
        this.watchdog.setDaemon(true);
        this.watchdog.start();
        // a JVM that exits without close() (no Spring context around it) still stops its server
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * The caller stops the server ({@link #close()}) when what uses it has stopped: a Spring context does so as it
     * closes, after its processors and workers, whereas a JVM hook of the server's own would run beside the
     * context's on SIGTERM and stop the database under them (their last transactions failing). Answers this server.
     */
    public EmbeddedPostgresServer closedByOwner() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting already: the hook runs, as it would have
        }
        return this;
    }

    /** Settings of the embedded server. */
    public record Settings(String sharedBuffers, int maxConnections, Duration startupWait, Map<String, String> extra) {

        /**
         * 128MB of page cache; checkpoints at most every 15 minutes or 4GB of WAL (PostgreSQL's defaults, 5 minutes
         * or 1GB, made the benchmark's ingest checkpoint every 16 s, and after each checkpoint every page is first
         * written whole into the WAL: 3/4 of its 10.7 GB of WAL were such full-page images); WAL buffers of 16MB (4MB
         * by default at this page cache, filled 16,000 times in that run). A crash replays at most that much WAL.
         */
        public static Settings defaults() {
            return new Settings("128MB", 100, Duration.ofSeconds(60), Map.of("max_wal_size", "4GB",
                    "checkpoint_timeout", "15min", "wal_buffers", "16MB"));
        }

        public Settings withSharedBuffers(String value) {
            return new Settings(value, maxConnections, startupWait, extra);
        }

        public Settings with(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(extra);
            more.put(name, value);
            return new Settings(sharedBuffers, maxConnections, startupWait, Map.copyOf(more));
        }

        /**
         * Continuous WAL archiving into {@code directory} (created at start when missing, and checked writable by
         * the server): each completed WAL segment is copied there by PostgreSQL's basic_archive module (shipped with
         * these binaries): into a temporary file, fsynced, renamed durably; a segment already there with the same
         * content is accepted, with a different content refused (the archiver retries and logs it, never
         * overwrites). {@code timeout}: a segment is switched and archived at least this often when anything was
         * written (archive_timeout), which bounds what a lost disk loses on a quiet system; zero: only full
         * segments (16 MB).
         */
        public Settings withWalArchive(Path directory, Duration timeout) {
            return with("archive_mode", "on").with("archive_library", "basic_archive")
                    .with(ARCHIVE_DIRECTORY, quoted(directory.toAbsolutePath().normalize().toString()))
                    .with("archive_timeout", timeout.toSeconds() + "s");
        }

        /** The WAL archive of {@link #withWalArchive}, if set. */
        public Optional<Path> walArchive() {
            return Optional.ofNullable(extra.get(ARCHIVE_DIRECTORY)).map(v -> Path.of(v.substring(1, v.length() - 1)));
        }

        /**
         * A value for the server's command line, which pg_ctl hands to a shell: single-quoted (a value with a single
         * quote is refused).
         */
        public static String quoted(String value) {
            if (value.indexOf('\'') >= 0) {
                throw new IllegalArgumentException("a PostgreSQL setting of the embedded server cannot hold a single "
                        + "quote: " + value);
            }
            return "'" + value + "'";
        }
    }

    private static final String ARCHIVE_DIRECTORY = "basic_archive.archive_directory";

    /** Starts (or restarts) the server on {@code directory}, creating it on first use. */
    public static EmbeddedPostgresServer start(Path directory) {
        return start(directory, Settings.defaults());
    }

    public static EmbeddedPostgresServer start(Path directory, Settings settings) {
        Path dir = directory.toAbsolutePath().normalize();
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(dir.resolve("server.lock"), java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new DataDirectoryInUseException("The PostgreSQL data in " + dir + " is in use by another running "
                        + "process (it holds " + dir.resolve("server.lock") + "). Stop that service first (./mdg stop), "
                        + "or give this one another data directory (MDG_DATA_DIR).");
            }
            RootCheck.requireRunnable();
            Path pgdata = dir.resolve("pgdata");
            settings.walArchive().ifPresent(archive -> prepareWalArchive(archive, pgdata));
            stopOrphan(pgdata);
            int port = port(dir);
            long started = System.nanoTime();
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(pgdata)
                    .setCleanDataDirectory(false)
                    // no zonky shutdown hook: it would stop the server while the service still uses it, and the
                    // watchdog would restart it; close() (the service's context, or this class's own hook) stops it
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    .setPGStartupWait(settings.startupWait())
                    .setOverrideWorkingDirectory(binariesDirectory().toFile())
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(dir.resolve("postgres.log").toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(dir.resolve("postgres.log").toFile()))
                    // durable: a commit returns after its WAL is on disk (zonky passes -F and synchronous_commit=off)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("listen_addresses", "localhost")
                    // no socket file in the system temp folder: TCP on loopback only
                    .setServerConfig("unix_socket_directories", "''")
                    .setServerConfig("max_connections", Integer.toString(settings.maxConnections()))
                    .setServerConfig("shared_buffers", settings.sharedBuffers())
                    .setServerConfig("logging_collector", "off");
            settings.extra().forEach(builder::setServerConfig);
            EmbeddedPostgres postgres = builder.start();
            createDatabase(postgres);
            log.info("PostgreSQL {} started on port {} with data in {} ({} ms; fsync and synchronous_commit on)",
                    serverVersion(postgres), port, pgdata, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return new EmbeddedPostgresServer(dir, builder, postgres, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir + ": " + e.getMessage()
                    + " (its log: " + dir.resolve("postgres.log") + ")", e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** JDBC URL of the service's database, with batched inserts rewritten into multi-row statements. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE + "?reWriteBatchedInserts=true";
    }

    public String user() {
        return USER;
    }

    public int port() {
        return port;
    }

    /** How often the watchdog restarted a postmaster that died. */
    public int restarts() {
        return restarts.get();
    }

    public Path directory() {
        return directory;
    }

    /** Process id of the running postmaster (from its {@code postmaster.pid}). */
    public Optional<Long> postmasterPid() {
        return readPid(directory.resolve("pgdata"));
    }

    /** Restarts the server when its postmaster dies; waits for the dead one's backends to exit first. */
    private void watch() {
        // The postmaster's handle is kept while it lives (isAlive reads one /proc entry); its children are listed
        // (a scan of every process) once a second only: listing them at every check cost ~10% of a core under load.
        java.util.Set<ProcessHandle> children = java.util.Set.of();
        ProcessHandle watched = null;
        long childrenListedAt = 0;
        while (!closing) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            if (watched == null || !watched.isAlive()) {
                watched = readPid(directory.resolve("pgdata")).flatMap(ProcessHandle::of)
                        .filter(ProcessHandle::isAlive).orElse(null);
                childrenListedAt = 0;
            }
            if (watched != null) {
                if (System.nanoTime() - childrenListedAt > 1_000_000_000L || childrenListedAt == 0) {
                    children = watched.children().collect(java.util.stream.Collectors.toSet());
                    childrenListedAt = System.nanoTime();
                }
                continue;
            }
            synchronized (this) {
                if (closing) {
                    return;
                }
                log.error("The embedded PostgreSQL on port {} stopped unexpectedly; restarting it on the same data "
                        + "(crash recovery keeps every committed transaction)", port);
                for (ProcessHandle child : children) {
                    waitForExit(child, Duration.ofSeconds(10));
                }
                try {
                    postgres.close(); // releases zonky's lock; its pg_ctl stop finds nothing to stop
                } catch (IOException | RuntimeException e) {
                    log.debug("closing the dead server", e);
                }
                for (int attempt = 1; !closing; attempt++) {
                    try {
                        EmbeddedPostgres restarted = builder.start();
                        if (closing) {
                            restarted.close();
                            return;
                        }
                        postgres = restarted;
                        restarts.incrementAndGet();
                        log.warn("The embedded PostgreSQL restarted on port {} (restart {})", port, restarts.get());
                        break;
                    } catch (IOException | RuntimeException e) {
                        if (closing || isShuttingDown(e)) {
                            return;
                        }
                        log.error("Restart {} of the embedded PostgreSQL failed: {}", attempt, e.toString());
                        try {
                            Thread.sleep(Math.min(5000, 200L * attempt));
                        } catch (InterruptedException interrupted) {
                            return;
                        }
                    }
                }
                children = java.util.Set.of();
            }
        }
    }

    private static boolean isShuttingDown(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalStateException && String.valueOf(t.getMessage()).contains("Shutdown in progress")) {
                return true;
            }
        }
        return false;
    }

    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /** Stops the server (fast shutdown) and the watchdog, and releases the lock; once. */
    @Override
    public void close() {
        closing = true; // first, without the monitor: the watchdog stops restarting
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        watchdog.interrupt();
        try {
            watchdog.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("Could not stop the embedded PostgreSQL in {}: {}", directory, e.toString());
        }
        try {
            lock.release();
        } catch (IOException e) {
            log.debug("releasing {}", lock, e);
        }
        closeQuietly(lockChannel);
    }

    private static void createDatabase(EmbeddedPostgres postgres) throws IOException {
        try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl(USER, "postgres"));
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IOException("could not create database " + DATABASE + ": " + e.getMessage(), e);
        }
    }

    private static String serverVersion(EmbeddedPostgres postgres) {
        try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl(USER, DATABASE));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version")) {
            return rs.next() ? rs.getString(1) : "?";
        } catch (SQLException e) {
            return "?";
        }
    }

    /**
     * The WAL archive directory: created (owner only) when missing; it must be outside the cluster and writable by
     * the server process. As root the server runs in a user namespace of its own ({@code unshare -U}) without root's
     * power to write anywhere: a directory owned by another user can be written by the service but not the server,
     * so the check runs as the server does.
     */
    static void prepareWalArchive(Path archive, Path pgdata) {
        Path dir = archive.toAbsolutePath().normalize();
        if (dir.startsWith(pgdata.toAbsolutePath().normalize())) {
            throw new IllegalStateException("The WAL archive " + dir + " is inside the PostgreSQL cluster " + pgdata
                    + "; give it a directory of its own, preferably on another disk (MDG_POSTGRES_WAL_ARCHIVE)");
        }
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not create the WAL archive directory " + dir + ": " + e, e);
        }
        boolean writable;
        if (RootCheck.isRoot()) {
            try {
                Process p = new ProcessBuilder("unshare", "-U", "sh", "-c", "test -w \"$1\" && test -x \"$1\"", "sh",
                        dir.toString()).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                writable = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                writable = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                writable = false;
            }
        } else {
            writable = Files.isWritable(dir) && Files.isExecutable(dir);
        }
        if (!writable) {
            throw new IllegalStateException("The WAL archive directory " + dir + " is not writable by the embedded "
                    + "PostgreSQL server (it runs as " + System.getProperty("user.name") + (RootCheck.isRoot()
                    ? " in a user namespace, where root may write only what root owns" : "") + "). Give it to that "
                    + "user (chown " + System.getProperty("user.name") + " " + dir + "; chmod 700 " + dir
                    + ") or choose another directory (MDG_POSTGRES_WAL_ARCHIVE).");
        }
    }

    /** The port kept for this data directory, or a new free one (written down) when it is taken or not chosen yet. */
    private static int port(Path dir) throws IOException {
        Path file = dir.resolve("port");
        if (Files.exists(file)) {
            try {
                int kept = Integer.parseInt(Files.readString(file).trim());
                if (isFree(kept)) {
                    return kept;
                }
                log.info("PostgreSQL's port {} for {} is taken by another program; choosing another", kept, dir);
            } catch (NumberFormatException e) {
                log.warn("Ignoring {}: not a port number", file);
            }
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Files.writeString(file, port + "\n");
        return port;
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A postmaster still running on {@code pgdata} while nobody holds the server lock was left by a process that
     * died (SIGKILL runs no shutdown hook): stop it, fast shutdown first (SIGINT), then SIGKILL, so that exactly
     * one server ever runs on the data.
     */
    static void stopOrphan(Path pgdata) throws IOException {
        Optional<Long> pid = readPid(pgdata);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive)
                .filter(p -> isPostgres(p.pid()));
        if (process.isEmpty()) {
            return; // a stale postmaster.pid: PostgreSQL handles it at start
        }
        log.warn("A PostgreSQL server (pid {}) left running by a service that did not stop cleanly holds {}; "
                + "stopping it before starting a new one", pid.get(), pgdata);
        signal(pid.get(), "INT");
        if (!waitForExit(process.get(), Duration.ofSeconds(30))) {
            log.warn("PostgreSQL (pid {}) did not stop in 30 s; killing it (its WAL is replayed at the next start)",
                    pid.get());
            process.get().destroyForcibly();
            waitForExit(process.get(), Duration.ofSeconds(10));
        }
    }

    static Optional<Long> readPid(Path pgdata) {
        Path file = pgdata.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isPostgres(long pid) {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(cmdline, StandardCharsets.UTF_8).contains("postgres");
        } catch (IOException e) {
            return ProcessHandle.of(pid).flatMap(p -> p.info().command()).map(c -> c.contains("postgres"))
                    .orElse(false);
        }
    }

    private static void signal(long pid, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean waitForExit(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !process.isAlive();
            }
        }
        return !process.isAlive();
    }

    /** Binaries are unpacked once per user (a folder in the temp directory that other users cannot lock). */
    private static Path binariesDirectory() throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "mdg-embedded-pg-" + System.getProperty("user.name"));
        Files.createDirectories(dir);
        return dir;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    /** Another live process runs a server on the same data directory. */
    public static final class DataDirectoryInUseException extends IllegalStateException {
        public DataDirectoryInUseException(String message) {
            super(message);
        }
    }

    /** PostgreSQL refuses to run as root; zonky works around it with {@code unshare -U} where that is allowed. */
    static final class RootCheck {

        static void requireRunnable() {
            if (!isRoot()) {
                return;
            }
            if (unshareWorks()) {
                return;
            }
            throw new IllegalStateException("PostgreSQL refuses to run as root, and this machine blocks the user "
                    + "namespaces the embedded server uses to run it as root (`unshare -U id -u` failed; containers "
                    + "commonly block them). Run the service as a normal user, or allow user namespaces (e.g. docker "
                    + "run --security-opt seccomp=unconfined, or sysctl kernel.unprivileged_userns_clone=1), or use an "
                    + "external PostgreSQL: MDG_POSTGRES_URL=jdbc:postgresql://host:5432/mdg with MDG_POSTGRES_USER "
                    + "and MDG_POSTGRES_PASSWORD.");
        }

        static boolean isRoot() {
            try {
                Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
                return Integer.valueOf(0).equals(uid);
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                return "root".equals(System.getProperty("user.name"));
            }
        }

        static boolean unshareWorks() {
            try {
                Process p = new ProcessBuilder("unshare", "-U", "id", "-u").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
