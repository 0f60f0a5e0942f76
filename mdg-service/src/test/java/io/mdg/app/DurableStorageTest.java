package io.mdg.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.sql.DataSource;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import io.mdg.command.groupcommit.WriteBehindEventStorageEngine;

/** The embedded default stores on a durable PostgreSQL under the data directory. */
class DurableStorageTest {

    @TempDir
    Path dataDir;

    @Test
    void the_running_service_database_has_fsync_synchronous_commit_and_full_page_writes_on() {
        try (ServiceHarness service = ServiceHarness.start(dataDir, Map.of())) {
            JdbcTemplate jdbc = new JdbcTemplate(service.bean(DataSource.class));
            assertThat(jdbc.queryForObject("SHOW fsync", String.class)).isEqualTo("on");
            assertThat(jdbc.queryForObject("SHOW synchronous_commit", String.class)).isEqualTo("on");
            assertThat(jdbc.queryForObject("SHOW full_page_writes", String.class)).isEqualTo("on");
            assertThat(jdbc.queryForObject("SELECT version()", String.class)).startsWith("PostgreSQL 18");
            assertThat(service.bean(EventStorageEngine.class)).isInstanceOfSatisfying(
                    WriteBehindEventStorageEngine.class,
                    engine -> assertThat(engine.delegate()).isInstanceOf(JdbcEventStorageEngine.class));
            assertThat(jdbc.queryForObject("SELECT to_regclass('domainevententry') IS NOT NULL", Boolean.class)).isTrue();
            assertThat(dataDir.resolve("postgres/pgdata/PG_VERSION")).exists();
        }
    }

    @Test
    void a_data_directory_written_by_the_h2_event_store_is_refused_with_the_migration_command() throws Exception {
        Files.writeString(dataDir.resolve("commandstore.mv.db"), "an H2 file of an earlier release");
        assertThatThrownBy(() -> ServiceHarness.start(dataDir, Map.of()).close())
                .hasStackTraceContaining("earlier release")
                .hasStackTraceContaining("./mdg migrate-h2");
    }
}
