package io.mdg.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

    @TempDir
    Path dir;

    @Test
    void runs_durable_fsync_synchronous_commit_and_full_page_writes_are_on() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir)) {
            assertThat(show(server, "fsync")).isEqualTo("on");
            assertThat(show(server, "synchronous_commit")).isEqualTo("on");
            assertThat(show(server, "full_page_writes")).isEqualTo("on");
            assertThat(show(server, "unix_socket_directories")).isEmpty();
        }
    }

    @Test
    void keeps_its_data_and_its_port_across_restarts() throws Exception {
        int port;
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir)) {
            port = server.port();
            sql(server, "CREATE TABLE kept (id INT)", "INSERT INTO kept VALUES (42)");
        }
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir)) {
            assertThat(server.port()).isEqualTo(port);
            assertThat(query(server, "SELECT id FROM kept")).isEqualTo("42");
        }
    }

    @Test
    void refuses_a_second_server_on_data_in_use() {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir)) {
            assertThatThrownBy(() -> EmbeddedPostgresServer.start(dir))
                    .isInstanceOf(EmbeddedPostgresServer.DataDirectoryInUseException.class)
                    .hasMessageContaining("in use by another running process");
        }
    }

    @Test
    void stops_the_server_orphaned_by_a_killed_process_and_keeps_its_committed_data() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                OrphanMaker.class.getName(), dir.toString()).redirectErrorStream(true).start();
        long orphanPid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            String ready = null;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("READY ")) {
                    ready = line;
                    break;
                }
            }
            assertThat(ready).as("the child started its server").isNotNull();
            orphanPid = Long.parseLong(ready.substring("READY ".length()).trim());
            child.destroyForcibly(); // SIGKILL: no shutdown hook runs, the postmaster stays
            child.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive)).contains(true);

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir)) {
            assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(server.postmasterPid()).isPresent().get().isNotEqualTo(orphanPid);
            assertThat(query(server, "SELECT count(*) FROM committed")).isEqualTo("1");
        }
        assertThat(Files.exists(dir.resolve("pgdata/postmaster.pid"))).isFalse();
    }

    @Test
    void a_killed_postmaster_is_restarted_on_the_same_port_with_every_committed_row() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir)) {
            sql(server, "CREATE TABLE committed (id INT)", "INSERT INTO committed VALUES (1), (2)");
            long killed = server.postmasterPid().orElseThrow();
            new ProcessBuilder("kill", "-KILL", Long.toString(killed)).start().waitFor();
            // polled until the server was restarted and answers (a query fails while the restart is under way)
            String count = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptionsInstanceOf(SQLException.class)
                    .until(() -> server.restarts() == 0 ? null : query(server, "SELECT count(*) FROM committed"),
                            java.util.Objects::nonNull);
            assertThat(count).isEqualTo("2");
            assertThat(server.restarts()).isEqualTo(1);
            assertThat(server.postmasterPid()).isPresent().get().isNotEqualTo(killed);
        }
    }

    /** Starts a server, commits a row, prints the postmaster's pid and waits to be killed. */
    public static final class OrphanMaker {
        public static void main(String[] args) throws Exception {
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]));
            sql(server, "CREATE TABLE committed (id INT)", "INSERT INTO committed VALUES (1)");
            System.out.println("READY " + server.postmasterPid().orElseThrow());
            System.out.flush();
            new java.util.concurrent.CountDownLatch(1).await();    // until the test kills this process
        }
    }

    static void sql(EmbeddedPostgresServer server, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), "");
             Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    static String query(EmbeddedPostgresServer server, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static String show(EmbeddedPostgresServer server, String setting) throws SQLException {
        return query(server, "SHOW " + setting);
    }
}
