package io.mdg.app.backup;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;

import io.mdg.postgres.EmbeddedPostgresServer;
import io.mdg.postgres.PostgresBackup;
import io.mdg.postgres.PostgresBackup.BackupException;

/**
 * {@code ./mdg backup} and {@code ./mdg restore}: a base backup of the embedded PostgreSQL of a data directory, and
 * its restore with the WAL archived since ({@code MDG_POSTGRES_WAL_ARCHIVE}) into a new data directory, to the end
 * of the archive or to a point in time ({@link PostgresBackup}). The data directory's generated event key
 * ({@code event-keys}, which decrypts the bank details in events when {@code MDG_EVENT_KEYS} is not set) is kept
 * with the backup and restored with it, and so is its generated audit signing key ({@code audit-signing-keys}, which
 * verifies the audit checkpoints already written when {@code MDG_AUDIT_SIGNING_KEYS} is not set).
 * <pre>java -cp mdg-service.jar -Dloader.main=io.mdg.app.backup.BackupCommand \
 *     org.springframework.boot.loader.launch.PropertiesLauncher backup &lt;backup dir&gt; [data dir]
 *     ... restore &lt;backup dir&gt; &lt;new data dir&gt; [--until &lt;time&gt;]</pre>
 */
public final class BackupCommand {

    static final String EVENT_KEYS = "event-keys";
    static final String AUDIT_SIGNING_KEYS = "audit-signing-keys";

    public static void main(String[] args) {
        quietLogging();
        try {
            run(List.of(args), System.out);
        } catch (BackupException | IllegalArgumentException | IllegalStateException e) {
            System.out.flush();
            System.err.println("mdg: error: " + e.getMessage());
            System.exit(1);
        }
        System.exit(0);
    }

    static void run(List<String> args, PrintStream out) {
        if (System.getenv("MDG_POSTGRES_URL") != null && !System.getenv("MDG_POSTGRES_URL").isBlank()) {
            throw new IllegalArgumentException("MDG_POSTGRES_URL is set: the service uses an external PostgreSQL; back "
                    + "it up with that server's tools (README, Backup and recovery: archive_command, pg_basebackup, "
                    + "pgBackRest). ./mdg backup and restore are for the embedded server.");
        }
        String command = args.isEmpty() ? "" : args.get(0);
        if (command.equals("backup") && (args.size() == 2 || args.size() == 3)) {
            backup(Path.of(args.get(1)), Path.of(args.size() == 3 ? args.get(2) : envOr("MDG_DATA_DIR", "./data")), out);
        } else if (command.equals("restore") && args.size() == 3) {
            restore(Path.of(args.get(1)), Path.of(args.get(2)), Optional.empty(), out);
        } else if (command.equals("restore") && args.size() == 5 && args.get(3).equals("--until")) {
            restore(Path.of(args.get(1)), Path.of(args.get(2)), Optional.of(time(args.get(4))), out);
        } else {
            throw new IllegalArgumentException("usage: backup <backup dir> [data dir] | restore <backup dir> "
                    + "<new data dir> [--until <time>] (got: " + String.join(" ", args) + ")");
        }
    }

    static void backup(Path target, Path dataDir, PrintStream out) {
        Path data = dataDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(data.resolve("postgres"))) {
            throw new IllegalArgumentException("no embedded PostgreSQL in " + data + " (no postgres/ in it): give the "
                    + "service's data directory");
        }
        Path backupDir = target.toAbsolutePath().normalize();
        PostgresBackup.Backup backup = PostgresBackup.backup(data.resolve("postgres"), backupDir, settings());
        Path keys = data.resolve(EVENT_KEYS);
        boolean withKeys = Files.isRegularFile(keys);
        if (withKeys) {
            copyPrivately(keys, backupDir.resolve(EVENT_KEYS));
        }
        if (Files.isRegularFile(data.resolve(AUDIT_SIGNING_KEYS))) {
            copyPrivately(data.resolve(AUDIT_SIGNING_KEYS), backupDir.resolve(AUDIT_SIGNING_KEYS));
        }
        out.printf("Base backup of %s taken into %s: %d MB in %.1f s%s.%n", data.resolve("postgres"), backupDir,
                backup.bytes() >> 20, backup.took().toMillis() / 1000.0,
                withKeys ? ", with the data directory's event key (" + EVENT_KEYS + ": keep the backup private)" : "");
        out.printf("It restores to %s or any later time for which WAL is in %s:%n  ./mdg restore %s <new data dir> "
                + "[--until <time>]%n", backup.consistentAt(), backup.walArchive(), backupDir);
    }

    static void restore(Path backupDir, Path newDataDir, Optional<Instant> until, PrintStream out) {
        Path backup = backupDir.toAbsolutePath().normalize();
        Path data = newDataDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(backup)) {
            throw new IllegalArgumentException("no backup directory " + backup);
        }
        requireEmptyOrAbsent(data);
        Optional<Path> archive = Optional.ofNullable(System.getenv("MDG_POSTGRES_WAL_ARCHIVE"))
                .filter(s -> !s.isBlank()).map(Path::of);
        PostgresBackup.Restore restore = PostgresBackup.restore(backup, data.resolve("postgres"), until, archive,
                settings());
        for (String keys : List.of(EVENT_KEYS, AUDIT_SIGNING_KEYS)) {
            if (Files.isRegularFile(backup.resolve(keys))) {
                copyPrivately(backup.resolve(keys), data.resolve(keys));
            }
        }
        out.printf("Restored %s into %s: %d MB in %.1f s, %s; the server is on timeline %d.%n", backup,
                data.resolve("postgres"), restore.bytes() >> 20, restore.took().toMillis() / 1000.0,
                restore.lastTransaction().map(t -> "the last transaction replayed committed at " + t)
                        .orElse("no transaction replayed after the backup"), restore.timeline());
        out.printf("Start the service on it with MDG_DATA_DIR=%s (and MDG_POSTGRES_WAL_ARCHIVE), or stop the service "
                + "and put %s in place of its data directory's postgres/.%n", data, data.resolve("postgres"));
    }

    private static EmbeddedPostgresServer.Settings settings() {
        EmbeddedPostgresServer.Settings settings = EmbeddedPostgresServer.Settings.defaults();
        String archive = envOr("MDG_POSTGRES_WAL_ARCHIVE", "");
        if (archive.isBlank()) {
            return settings;
        }
        Duration timeout = DurationStyle.detectAndParse(envOr("MDG_POSTGRES_ARCHIVE_TIMEOUT", "60s"));
        return settings.withWalArchive(Path.of(archive), timeout);
    }

    /** An ISO-8601 time, with or without its offset (then the machine's zone); a space may stand for the T. */
    static Instant time(String text) {
        String iso = text.trim().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(iso).atZone(ZoneId.systemDefault()).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--until " + text + " is not a time such as 2026-12-07T14:30:00Z, "
                        + "2026-12-07T15:30:00+01:00 or 2026-12-07 15:30:00 (this machine's zone, "
                        + ZoneId.systemDefault() + ")");
            }
        }
    }

    private static void requireEmptyOrAbsent(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        String[] entries = dir.toFile().list();
        if (entries == null) {
            throw new IllegalArgumentException("the new data directory " + dir + " is not a directory");
        }
        if (entries.length > 0) {
            throw new IllegalArgumentException("the new data directory " + dir + " is not empty (it holds "
                    + String.join(", ", Arrays.stream(entries).sorted().limit(5).toList())
                    + (entries.length > 5 ? ", ..." : "") + "): restore into a new or empty directory");
        }
    }

    private static void copyPrivately(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
            Files.setPosixFilePermissions(to, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new IllegalStateException("could not copy " + from + " to " + to + ": " + e, e);
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void quietLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logback) {
            logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
            logback.getLogger("io.mdg").setLevel(ch.qos.logback.classic.Level.INFO);
        }
    }

    private BackupCommand() {
    }
}
