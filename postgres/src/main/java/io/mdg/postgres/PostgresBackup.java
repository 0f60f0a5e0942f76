package io.mdg.postgres;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base backups of the embedded server and their restore to the end of the archived WAL or to a point in time.
 *
 * <p>The embedded binaries hold only initdb, pg_ctl and postgres (no pg_basebackup), so a base backup uses
 * PostgreSQL's low-level API over JDBC: {@code pg_backup_start} in a session, a copy of the cluster's files while
 * the server runs, {@code pg_backup_stop} in the same session (which waits until the WAL the backup needs is
 * archived), and its answer written into the copy as {@code backup_label}. A backup directory holds {@code pgdata/}
 * and {@code backup.properties} (what it is, where its WAL archive is, from when it can be restored).
 *
 * <p>A restore copies {@code pgdata/} into a new server directory with {@code recovery.signal}, starts the server
 * there with a {@code restore_command} reading the WAL archive (and {@code recovery_target_time} when a time is
 * given), waits until the recovery has ended and the server has been promoted, and stops it: the directory is then
 * an ordinary cluster that the service starts on.
 */
public final class PostgresBackup {

    private static final Logger log = LoggerFactory.getLogger(PostgresBackup.class);

    public static final String PROPERTIES = "backup.properties";
    public static final String PGDATA = "pgdata";

    /** Contents of the cluster that a backup leaves out (PostgreSQL's documentation of the low-level API). */
    private static final Set<String> EMPTIED_DIRECTORIES = Set.of("pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify",
            "pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans");
    private static final Set<String> LEFT_OUT_FILES = Set.of("postmaster.pid", "postmaster.opts", "backup_label",
            "tablespace_map", "epg-lock", "postgresql.auto.conf.tmp", "current_logfiles", "recovery.signal",
            "standby.signal");

    /** A backup holds the whole database: its directories are the owner's only, as the cluster's are. */
    private static final java.nio.file.attribute.FileAttribute<?> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private static final DateTimeFormatter POSTGRES_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

    /** A base backup taken. {@code consistentAt}: the earliest time it can be restored to. */
    public record Backup(Path directory, Path walArchive, int timeline, String startWal, String stopLsn,
                         Instant consistentAt, long bytes, Duration took) {
    }

    /** A restore done. {@code lastTransaction}: the commit time of the last transaction replayed, if any. */
    public record Restore(Path serverDirectory, Optional<Instant> until, int timeline,
                          Optional<Instant> lastTransaction, long bytes, Duration took) {
    }

    /** Refused or failed; the message says why and what to do. */
    public static final class BackupException extends RuntimeException {
        public BackupException(String message) {
            super(message);
        }

        public BackupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * A base backup of the server on {@code serverDirectory} (the directory {@link EmbeddedPostgresServer#start}
     * takes) into {@code target} (absent or empty): of the running one when a process holds it, else of a server
     * started for it with {@code settings} (which must archive WAL) and stopped after.
     */
    public static Backup backup(Path serverDirectory, Path target, EmbeddedPostgresServer.Settings settings) {
        Path dir = serverDirectory.toAbsolutePath().normalize();
        Path pgdata = dir.resolve(PGDATA);
        if (!Files.isRegularFile(pgdata.resolve("PG_VERSION"))) {
            throw new BackupException("there is no PostgreSQL cluster in " + pgdata + " (no PG_VERSION)");
        }
        requireEmptyOrAbsent(target, "backup directory");
        try (EmbeddedPostgresServer server = startUnlessRunning(dir, settings)) {
            return backup(server.port(), pgdata, target);
        } catch (EmbeddedPostgresServer.DataDirectoryInUseException running) {
            int port;
            try {
                port = Integer.parseInt(Files.readString(dir.resolve("port")).trim());
            } catch (IOException | NumberFormatException e) {
                throw new BackupException("the server on " + dir + " runs, but its port file " + dir.resolve("port")
                        + " is unreadable: " + e);
            }
            return backup(port, pgdata, target);
        }
    }

    private static EmbeddedPostgresServer startUnlessRunning(Path dir, EmbeddedPostgresServer.Settings settings) {
        if (settings.walArchive().isEmpty()) {
            // started only to be backed up, it would not archive the WAL after the backup: refuse before starting
            try (var channel = FileChannel.open(dir.resolve("server.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); var lock = channel.tryLock()) {
                if (lock != null) {
                    throw new BackupException(notArchiving(dir));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (java.nio.channels.OverlappingFileLockException e) {
                // held in this JVM: running
            }
        }
        return EmbeddedPostgresServer.start(dir, settings);
    }

    /** A base backup of a running server. */
    public static Backup backup(EmbeddedPostgresServer server, Path target) {
        requireEmptyOrAbsent(target, "backup directory");
        return backup(server.port(), server.directory().resolve(PGDATA), target);
    }

    private static Backup backup(int port, Path pgdata, Path target) {
        long started = System.nanoTime();
        try (Connection c = connect(port)) {
            Path running = Path.of(show(c, "data_directory"));
            if (!Files.isSameFile(running, pgdata)) {
                throw new BackupException("the server on port " + port + " runs on " + running + ", not on " + pgdata);
            }
            if (!"on".equals(show(c, "archive_mode")) || !"basic_archive".equals(show(c, "archive_library"))) {
                throw new BackupException(notArchiving(pgdata.getParent()));
            }
            String archiveSetting = show(c, "basic_archive.archive_directory");
            if (archiveSetting.isBlank()) {
                throw new BackupException(notArchiving(pgdata.getParent()));
            }
            Path archive = Path.of(archiveSetting);
            requireArchiverHealthy(c);
            Path copy = target.resolve(PGDATA);
            Files.createDirectories(copy, OWNER_ONLY);
            String label = "mdg " + Instant.now();
            try (PreparedStatement s = c.prepareStatement("SELECT pg_backup_start(?, true)")) {
                s.setString(1, label);
                s.executeQuery().close();
            }
            long checkpointed = System.nanoTime();
            log.info("Base backup of {} into {}: checkpoint done in {} ms, copying the cluster", pgdata, copy,
                    (checkpointed - started) / 1_000_000);
            long bytes = copyTree(pgdata, copy, true);
            long copied = System.nanoTime();
            String stopLsn;
            String labelFile;
            String tablespaceMap;
            try (Statement s = c.createStatement()) {
                s.execute("SET statement_timeout = '10min'");
                try (ResultSet rs = s.executeQuery("SELECT lsn, labelfile, spcmapfile FROM pg_backup_stop(true)")) {
                    rs.next();
                    stopLsn = rs.getString(1);
                    labelFile = rs.getString(2);
                    tablespaceMap = rs.getString(3);
                }
            } catch (SQLException e) {
                throw new BackupException("the WAL the backup needs was not archived within 10 minutes (is the "
                        + "archiver failing? see pg_stat_archiver and postgres.log): " + e.getMessage(), e);
            }
            Instant consistentAt = Instant.parse(query(c, "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', "
                    + "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"));
            writeDurably(copy.resolve("backup_label"), labelFile);
            if (tablespaceMap != null && !tablespaceMap.isBlank()) {
                writeDurably(copy.resolve("tablespace_map"), tablespaceMap);
            }
            int timeline = Integer.parseInt(labelValue(labelFile, "START TIMELINE: (\\d+)"));
            String startWal = labelValue(labelFile, "START WAL LOCATION: \\S+ \\(file (\\w+)\\)");
            Properties p = new Properties();
            p.setProperty("label", label);
            p.setProperty("server_version", show(c, "server_version"));
            p.setProperty("timeline", Integer.toString(timeline));
            p.setProperty("start_wal", startWal);
            p.setProperty("stop_lsn", stopLsn);
            p.setProperty("consistent_at", consistentAt.toString());
            p.setProperty("wal_archive", archive.toString());
            p.setProperty("bytes", Long.toString(bytes));
            try (Writer w = Files.newBufferedWriter(target.resolve(PROPERTIES), StandardCharsets.UTF_8)) {
                p.store(w, "A base backup of the embedded PostgreSQL (./mdg backup). Restore it with the WAL archived "
                        + "since: ./mdg restore <this directory> <new data directory> [--until <time>]");
            }
            fsync(target.resolve(PROPERTIES));
            fsync(target);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            log.info("Base backup of {} done: {} MB in {} ms (copy {} ms, then {} ms until its WAL was archived), "
                    + "restorable from {} with the WAL in {}", pgdata, bytes >> 20, took.toMillis(),
                    (copied - checkpointed) / 1_000_000, (System.nanoTime() - copied) / 1_000_000, consistentAt, archive);
            return new Backup(target.toAbsolutePath().normalize(), archive, timeline, startWal, stopLsn, consistentAt,
                    bytes, took);
        } catch (SQLException e) {
            throw new BackupException("the base backup of " + pgdata + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new BackupException("the base backup of " + pgdata + " into " + target + " failed: " + e, e);
        }
    }

    private static void requireArchiverHealthy(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT last_failed_wal, "
                + "last_failed_time > coalesce(last_archived_time, '-infinity') FROM pg_stat_archiver")) {
            if (rs.next() && rs.getBoolean(2)) {
                throw new BackupException("the server's WAL archiver is failing (last failure: " + rs.getString(1)
                        + "; see postgres.log): a backup would wait for it. Fix the archive directory first.");
            }
        }
    }

    private static String notArchiving(Path serverDirectory) {
        return "WAL archiving is not configured for the embedded PostgreSQL of " + serverDirectory + ": a base backup "
                + "alone restores only its own moment. Set MDG_POSTGRES_WAL_ARCHIVE=<directory> (preferably on another "
                + "disk) for the service and restart it, then take the backup.";
    }

    /**
     * Restores {@code backup} into {@code serverDirectory} (absent or empty): to the end of the WAL archived since,
     * or to {@code until} (transactions committed after it are left out). Runs the recovery with {@code settings},
     * archiving into the same WAL archive (the new timeline's history file goes there, so a later restore never
     * reuses its number), and stops the server once it is promoted. {@code walArchive}: where the WAL is, if not
     * where the backup says.
     */
    public static Restore restore(Path backup, Path serverDirectory, Optional<Instant> until,
                                  Optional<Path> walArchive, EmbeddedPostgresServer.Settings settings) {
        long started = System.nanoTime();
        Path backupDir = backup.toAbsolutePath().normalize();
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(backupDir.resolve(PROPERTIES), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            throw new BackupException(backupDir + " is not a base backup made by ./mdg backup (no " + PROPERTIES + ")");
        } catch (IOException e) {
            throw new BackupException("cannot read " + backupDir.resolve(PROPERTIES) + ": " + e, e);
        }
        if (!Files.isRegularFile(backupDir.resolve(PGDATA).resolve("backup_label"))) {
            throw new BackupException(backupDir + " is incomplete: no " + PGDATA + "/backup_label");
        }
        Path archive = walArchive.orElse(Path.of(p.getProperty("wal_archive"))).toAbsolutePath().normalize();
        String startWal = p.getProperty("start_wal");
        if (!Files.isRegularFile(archive.resolve(startWal))) {
            throw new BackupException("the WAL archive " + archive + " does not hold " + startWal + ", the first "
                    + "segment the backup needs" + (Files.isDirectory(archive) ? "" : " (no such directory)")
                    + "; give the archive's directory with MDG_POSTGRES_WAL_ARCHIVE");
        }
        if (archive.toString().matches(".*[\"'`$\\\\%].*")) {
            throw new BackupException("the WAL archive's path " + archive + " holds a character the restore command "
                    + "cannot carry (\" ' ` $ \\ %); give it another path");
        }
        Instant consistentAt = Instant.parse(p.getProperty("consistent_at"));
        if (until.isPresent() && until.get().isBefore(consistentAt)) {
            throw new BackupException("the backup can be restored to " + consistentAt + " or later, not to "
                    + until.get() + " (it was taken then): use an earlier backup");
        }
        if (until.isPresent()) {
            requireArchivedPast(archive, startWal.substring(0, 8), until.get());
        }
        Path dir = serverDirectory.toAbsolutePath().normalize();
        requireEmptyOrAbsent(dir, "new data directory");
        Path pgdata = dir.resolve(PGDATA);
        log.info("Restoring {} into {} with the WAL in {}{}", backupDir, pgdata, archive,
                until.map(t -> " until " + t).orElse(" to its end"));
        long bytes;
        try {
            Files.createDirectories(pgdata, OWNER_ONLY);
            Files.setPosixFilePermissions(pgdata, PosixFilePermissions.fromString("rwx------"));
            bytes = copyTree(backupDir.resolve(PGDATA), pgdata, false);
            writeDurably(pgdata.resolve("recovery.signal"), "");
        } catch (IOException e) {
            throw new BackupException("copying the backup " + backupDir + " into " + pgdata + " failed: " + e, e);
        }
        EmbeddedPostgresServer.Settings recovery = settings.withWalArchive(archive, Duration.ZERO)
                .with("restore_command", EmbeddedPostgresServer.Settings.quoted("cp \"" + archive + "/%f\" \"%p\""))
                // the backup's own history: a timeline branched off later (an earlier restore) is not followed
                .with("recovery_target_timeline", "current");
        if (until.isPresent()) {
            recovery = recovery.with("recovery_target_time",
                            EmbeddedPostgresServer.Settings.quoted(POSTGRES_TIME.format(until.get())))
                    .with("recovery_target_action", "promote");
        }
        Path serverLog = dir.resolve("postgres.log");
        EmbeddedPostgresServer server;
        try {
            server = EmbeddedPostgresServer.start(dir, recovery);
        } catch (RuntimeException e) {
            throw new BackupException("the recovery did not start: " + e.getMessage() + failures(serverLog), e);
        }
        try (server) {
            long pid = server.postmasterPid().orElseThrow();
            long lastProgress = System.nanoTime();
            while (true) {
                try (Connection c = connect(server.port()); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn(), "
                             + "to_char(pg_last_xact_replay_timestamp() AT TIME ZONE 'UTC', "
                             + "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        Optional<Instant> last = Optional.ofNullable(rs.getString(3)).map(Instant::parse);
                        int timeline = Integer.parseInt(query(c, "SELECT substr(pg_walfile_name("
                                + "pg_current_wal_lsn()), 1, 8)"), 16);
                        Duration took = Duration.ofNanos(System.nanoTime() - started);
                        log.info("Restored {} into {}: {} MB in {} ms, now on timeline {}, last transaction {}",
                                backupDir, pgdata, bytes >> 20, took.toMillis(), timeline, last.orElse(null));
                        return new Restore(dir, until, timeline, last, bytes, took);
                    }
                    if (System.nanoTime() - lastProgress > 10_000_000_000L) {
                        log.info("Recovering: WAL replayed up to {}, last transaction committed at {}",
                                rs.getString(2), rs.getString(3));
                        lastProgress = System.nanoTime();
                    }
                } catch (SQLException e) {
                    boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                    if (!alive || server.restarts() > 0) {
                        throw new BackupException("the recovery failed: the server stopped" + failures(serverLog));
                    }
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BackupException("interrupted while the recovery ran in " + pgdata);
                }
            }
        }
    }

    /**
     * PostgreSQL refuses a recovery that ends before its target time (the server stops): said beforehand when the
     * newest segment of the backup's timeline was archived (its file's time) before {@code until}, since no WAL
     * written after it is in the archive.
     */
    private static void requireArchivedPast(Path archive, String timeline, Instant until) {
        try (var files = Files.list(archive)) {
            Optional<Path> newest = files.filter(f -> f.getFileName().toString().matches(timeline + "[0-9A-F]{16}"))
                    .max(java.util.Comparator.comparing(f -> f.getFileName().toString()));
            if (newest.isPresent()) {
                Instant archivedAt = Files.getLastModifiedTime(newest.get()).toInstant();
                if (archivedAt.isBefore(until)) {
                    throw new BackupException("the WAL archive " + archive + " ends before " + until + ": its newest "
                            + "segment " + newest.get().getFileName() + " was archived at " + archivedAt + ". Restore "
                            + "without --until (to the end of the archive), or to an earlier time");
                }
            }
        } catch (IOException e) {
            throw new BackupException("cannot list the WAL archive " + archive + ": " + e, e);
        }
    }

    /** The server log's errors, to say why a recovery failed. */
    private static String failures(Path serverLog) {
        try {
            List<String> lines = new ArrayList<>();
            for (String line : Files.readAllLines(serverLog, StandardCharsets.UTF_8)) {
                if (line.matches(".*(FATAL|PANIC|ERROR):.*") && !line.contains("starting up")
                        && !line.contains("not yet accepting connections")) {
                    lines.add(line);
                }
            }
            String hint = lines.stream().anyMatch(l -> l.contains("before configured recovery target"))
                    ? "\nThe archive ends before the time asked for: restore without --until (to its end), or to an "
                    + "earlier time, into a new directory." : "";
            return lines.isEmpty() ? " (see " + serverLog + ")"
                    : ":\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 5), lines.size()))
                    + "\n(the whole log: " + serverLog + ")" + hint;
        } catch (IOException e) {
            return " (see " + serverLog + ")";
        }
    }

    static void requireEmptyOrAbsent(Path dir, String what) {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new BackupException("the " + what + " " + dir + " is a file, not a directory");
        }
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new BackupException("the " + what + " " + dir + " is not empty; give a new or empty one");
            }
        } catch (IOException e) {
            throw new BackupException("cannot read the " + what + " " + dir + ": " + e, e);
        }
    }

    /**
     * Copies a cluster's files, then makes them durable; {@code live}: from a running server, leaving out what a
     * backup must not hold, and files that disappear while being copied (the WAL replay recreates what matters).
     */
    private static long copyTree(Path from, Path to, boolean live) throws IOException {
        long[] bytes = {0};
        List<Path> copied = new ArrayList<>();
        List<Path> directories = new ArrayList<>();
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(dir).toString());
                Files.createDirectories(target, OWNER_ONLY);
                directories.add(target);
                if (live && dir.getParent() != null && dir.getParent().equals(from)
                        && EMPTIED_DIRECTORIES.contains(dir.getFileName().toString())) {
                    if (dir.getFileName().toString().equals("pg_wal")) {
                        Files.createDirectories(target.resolve("archive_status"), OWNER_ONLY);
                        directories.add(target.resolve("archive_status"));
                    }
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (live && dir.getFileName().toString().startsWith("pgsql_tmp")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (live && dir.getFileName().toString().equals("pg_tblspc")) {
                    try (var entries = Files.list(dir)) {
                        if (entries.findAny().isPresent()) {
                            throw new BackupException("the cluster has tablespaces (" + dir + "): not supported");
                        }
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String name = file.getFileName().toString();
                if (live && (LEFT_OUT_FILES.contains(name) && file.getParent().equals(from)
                        || name.startsWith("pgsql_tmp") || name.equals("pg_internal.init"))) {
                    return FileVisitResult.CONTINUE;
                }
                Path target = to.resolve(from.relativize(file).toString());
                try {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                } catch (NoSuchFileException gone) {
                    if (live) {
                        return FileVisitResult.CONTINUE; // dropped meanwhile: its removal is in the WAL
                    }
                    throw gone;
                }
                copied.add(target);
                bytes[0] += Files.size(target);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (live && e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        if (!syncFileSystem(to)) {
            for (Path file : copied) {
                fsync(file);
            }
            for (Path dir : directories) {
                fsync(dir);
            }
        }
        return bytes[0];
    }

    /**
     * {@code sync -f}: one syncfs of the file system that holds {@code dir}, instead of an fsync per file (a
     * cluster has about a thousand small files; 5 ms per fsync on the machine this was measured on, 1 s for all).
     */
    private static boolean syncFileSystem(Path dir) {
        try {
            Process sync = new ProcessBuilder("sync", "-f", dir.toString()).redirectErrorStream(true).start();
            sync.getInputStream().readAllBytes();
            return sync.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void writeDurably(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        fsync(file);
    }

    private static void fsync(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static Connection connect(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres",
                EmbeddedPostgresServer.USER, "");
    }

    private static String show(Connection c, String setting) throws SQLException {
        try {
            return query(c, "SHOW " + setting);
        } catch (SQLException e) {
            if ("42704".equals(e.getSQLState())) { // unrecognized configuration parameter
                return "";
            }
            throw e;
        }
    }

    private static String query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String labelValue(String labelFile, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(labelFile);
        if (!m.find()) {
            throw new BackupException("unexpected backup_label from the server (no " + pattern + "):\n" + labelFile);
        }
        return m.group(1);
    }

    private PostgresBackup() {
    }
}
