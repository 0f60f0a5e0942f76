package io.mdg.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.mdg.postgres.EmbeddedPostgresServer.Settings;
import io.mdg.postgres.PostgresBackup.Backup;
import io.mdg.postgres.PostgresBackup.BackupException;
import io.mdg.postgres.PostgresBackup.Restore;

/**
 * The restore drill: a base backup of the embedded server taken while submissions commit, the WAL archived since,
 * both restored into a new server directory and a second server started on it. Every submission acknowledged (its
 * commit returned) before the last segment was archived is there; restored until a time, only those committed
 * before it are.
 */
class PostgresRestoreDrillTest {

    private static final Logger log = LoggerFactory.getLogger(PostgresRestoreDrillTest.class);

    @TempDir
    Path dir;

    @Test
    void a_restore_of_the_base_backup_and_the_archived_wal_holds_every_acknowledged_submission() throws Exception {
        Path archive = dir.resolve("wal-archive");
        Settings archiving = Settings.defaults().withWalArchive(archive, Duration.ofSeconds(60));
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        Backup backup;
        Path restoredDir = dir.resolve("restored").resolve("postgres");
        int originPort;
        try (EmbeddedPostgresServer origin = EmbeddedPostgresServer.start(dir.resolve("origin"), archiving)) {
            originPort = origin.port();
            sql(origin, "CREATE TABLE submissions (global_index BIGINT PRIMARY KEY, aggregate_id TEXT NOT NULL, "
                    + "payload TEXT NOT NULL, committed_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp())");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try (Connection c = connect(origin.port());
                     PreparedStatement insert = c.prepareStatement(
                             "INSERT INTO submissions (global_index, aggregate_id, payload) VALUES (?, ?, ?)")) {
                    for (long id = 1; !stop.get(); id++) {
                        insert.setLong(1, id);
                        insert.setString(2, "record-" + (id % 97));
                        insert.setString(3, "{\"name\":\"item " + id + "\",\"source\":\"erp\"}");
                        insert.executeUpdate(); // autocommit: returns once the commit is on disk
                        acknowledged.add(id);
                    }
                } catch (Throwable e) {
                    failed.set(e);
                }
            }, "submissions");
            writer.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 300);
                int beforeBackup = acknowledged.size();
                backup = PostgresBackup.backup(origin, dir.resolve("backup"));
                int duringBackup = acknowledged.size() - beforeBackup;
                int afterBackup = acknowledged.size();
                await().atMost(Duration.ofSeconds(120)).until(() -> acknowledged.size() >= afterBackup + 1500);
                log.info("{} submissions committed during the backup, {} in all", duringBackup, acknowledged.size());
            } finally {
                stop.set(true);
                writer.join();
            }
            assertThat(failed.get()).isNull();
            archiveCurrentSegment(origin, archive);

            Restore restore = PostgresBackup.restore(backup.directory(), restoredDir, Optional.empty(),
                    Optional.empty(), Settings.defaults());
            assertThat(restore.timeline()).isEqualTo(backup.timeline() + 1);
            // the new timeline's history is archived: a later restore promotes to another timeline number
            assertThat(archive.resolve("%08X.history".formatted(restore.timeline()))).exists();
            log.info("restore drill: base backup of {} KB and the WAL since restored in {} ms", restore.bytes() >> 10,
                    restore.took().toMillis());
        }
        try (EmbeddedPostgresServer restored = EmbeddedPostgresServer.start(restoredDir)) {
            assertThat(restored.port()).isNotEqualTo(originPort);
            assertThat(ids(restored)).hasSize(acknowledged.size()).isEqualTo(new HashSet<>(acknowledged));
            sql(restored, "INSERT INTO submissions (global_index, aggregate_id, payload) VALUES (-1, 'r', 'writable')");
        }
    }

    @Test
    void a_restore_until_a_time_holds_the_submissions_committed_before_it_and_none_after() throws Exception {
        Path archive = dir.resolve("wal-archive");
        Settings archiving = Settings.defaults().withWalArchive(archive, Duration.ofSeconds(60));
        Path restoredDir = dir.resolve("restored").resolve("postgres");
        Backup backup;
        Instant between;
        try (EmbeddedPostgresServer origin = EmbeddedPostgresServer.start(dir.resolve("origin"), archiving)) {
            sql(origin, "CREATE TABLE submissions (global_index BIGINT PRIMARY KEY, payload TEXT NOT NULL)");
            backup = PostgresBackup.backup(origin, dir.resolve("backup"));
            commitEach(origin, 1, 200);
            between = Instant.parse(query(origin, "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', "
                    + "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"));
            commitEach(origin, 201, 400);
            archiveCurrentSegment(origin, archive);
        }

        Restore restore = PostgresBackup.restore(backup.directory(), restoredDir, Optional.of(between),
                Optional.empty(), Settings.defaults());
        assertThat(restore.lastTransaction()).hasValueSatisfying(t -> assertThat(t).isBeforeOrEqualTo(between));
        try (EmbeddedPostgresServer restored = EmbeddedPostgresServer.start(restoredDir)) {
            Set<Long> ids = ids(restored);
            assertThat(ids).hasSize(200).allMatch(id -> id <= 200);
        }
    }

    @Test
    void a_restore_until_a_time_after_the_archived_wal_is_refused_saying_what_to_do() throws Exception {
        Path archive = dir.resolve("wal-archive");
        Settings archiving = Settings.defaults().withWalArchive(archive, Duration.ofSeconds(60));
        Backup backup;
        try (EmbeddedPostgresServer origin = EmbeddedPostgresServer.start(dir.resolve("origin"), archiving)) {
            sql(origin, "CREATE TABLE submissions (global_index BIGINT PRIMARY KEY, payload TEXT NOT NULL)");
            backup = PostgresBackup.backup(origin, dir.resolve("backup"));
            commitEach(origin, 1, 10);
            archiveCurrentSegment(origin, archive);
        }
        Instant later = Instant.now().plus(Duration.ofHours(1));
        assertThatThrownBy(() -> PostgresBackup.restore(backup.directory(), dir.resolve("restored"),
                Optional.of(later), Optional.empty(), Settings.defaults()))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("ends before " + later)
                .hasMessageContaining("Restore without --until");
        assertThat(dir.resolve("restored")).doesNotExist();
    }

    @Test
    void a_backup_of_a_server_that_does_not_archive_its_wal_is_refused_with_what_to_do() {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir.resolve("server"))) {
            assertThatThrownBy(() -> PostgresBackup.backup(server, dir.resolve("backup")))
                    .isInstanceOf(BackupException.class)
                    .hasMessageContaining("WAL archiving is not configured")
                    .hasMessageContaining("MDG_POSTGRES_WAL_ARCHIVE");
        }
    }

    @Test
    void a_restore_into_a_directory_that_is_not_empty_or_to_a_time_before_the_backup_is_refused() throws Exception {
        // a backup as ./mdg backup writes it, enough for the checks made before anything is copied
        Path backup = dir.resolve("backup");
        Path archive = Files.createDirectories(dir.resolve("wal-archive"));
        Files.createDirectories(backup.resolve("pgdata"));
        Files.writeString(backup.resolve("pgdata/backup_label"), "START TIMELINE: 1\n");
        Files.writeString(archive.resolve("000000010000000000000002"), "");
        Files.writeString(backup.resolve(PostgresBackup.PROPERTIES), "start_wal=000000010000000000000002\n"
                + "consistent_at=2026-12-07T10:00:00Z\nwal_archive=" + archive + "\n");
        Path used = Files.createDirectories(dir.resolve("used"));
        Files.writeString(used.resolve("something"), "kept");

        assertThatThrownBy(() -> PostgresBackup.restore(backup, used, Optional.empty(), Optional.empty(),
                Settings.defaults())).isInstanceOf(BackupException.class).hasMessageContaining("is not empty");
        assertThatThrownBy(() -> PostgresBackup.restore(backup, dir.resolve("new"),
                Optional.of(Instant.parse("2026-12-07T09:59:59Z")), Optional.empty(), Settings.defaults()))
                .isInstanceOf(BackupException.class).hasMessageContaining("use an earlier backup");
        assertThatThrownBy(() -> PostgresBackup.restore(backup, dir.resolve("new"), Optional.empty(),
                Optional.of(dir.resolve("elsewhere")), Settings.defaults()))
                .isInstanceOf(BackupException.class).hasMessageContaining("does not hold 000000010000000000000002");
        assertThat(used.resolve("something")).hasContent("kept");
        assertThat(dir.resolve("new")).doesNotExist();
    }

    @Test
    void a_wal_archive_directory_the_server_cannot_write_is_refused_at_start() throws Exception {
        Path archive = Files.createDirectory(dir.resolve("read-only-archive"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-x------")));
        assertThatThrownBy(() -> EmbeddedPostgresServer.start(dir.resolve("server"),
                Settings.defaults().withWalArchive(archive, Duration.ofSeconds(60))))
                .hasMessageContaining("is not writable by the embedded PostgreSQL server");
    }

    @Test
    void a_segment_already_in_the_archive_with_other_content_is_never_overwritten() throws Exception {
        Path archive = dir.resolve("wal-archive");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir.resolve("server"),
                Settings.defaults().withWalArchive(archive, Duration.ofSeconds(60)))) {
            String segment = query(server, "SELECT pg_walfile_name(pg_current_wal_lsn())");
            Files.writeString(archive.resolve(segment), "another server's segment");
            sql(server, "CREATE TABLE submissions (global_index BIGINT PRIMARY KEY, payload TEXT NOT NULL)");
            commitEach(server, 1, 10);
            query(server, "SELECT pg_switch_wal()");
            await().atMost(Duration.ofSeconds(60)).until(() -> segment.equals(
                    query(server, "SELECT last_failed_wal FROM pg_stat_archiver")));
            assertThat(archive.resolve(segment)).hasContent("another server's segment");
            assertThat(Files.readString(dir.resolve("server/postgres.log")))
                    .contains("archive file \"" + archive.resolve(segment) + "\" already exists");
        }
    }

    /** Switches to a new WAL segment and waits until the one just completed is in the archive. */
    private static void archiveCurrentSegment(EmbeddedPostgresServer server, Path archive) throws SQLException {
        String segment = query(server, "SELECT pg_walfile_name(pg_switch_wal())");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(archive.resolve(segment)));
    }

    private static void commitEach(EmbeddedPostgresServer server, long from, long to) throws SQLException {
        try (Connection c = connect(server.port());
             PreparedStatement insert = c.prepareStatement("INSERT INTO submissions VALUES (?, ?)")) {
            for (long id = from; id <= to; id++) {
                insert.setLong(1, id);
                insert.setString(2, "submission " + id);
                insert.executeUpdate();
            }
        }
    }

    private static Set<Long> ids(EmbeddedPostgresServer server) throws SQLException {
        Set<Long> ids = new HashSet<>();
        try (Connection c = connect(server.port()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT global_index FROM submissions")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    private static void sql(EmbeddedPostgresServer server, String statement) throws SQLException {
        try (Connection c = connect(server.port()); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static String query(EmbeddedPostgresServer server, String sql) throws SQLException {
        try (Connection c = connect(server.port()); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Connection connect(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/" + EmbeddedPostgresServer.DATABASE,
                EmbeddedPostgresServer.USER, "");
    }
}
