package io.mdg.app.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCommandTest {

    @TempDir
    Path dir;

    private final PrintStream out = new PrintStream(new ByteArrayOutputStream());

    @Test
    void an_until_time_is_read_with_its_offset_or_in_the_machines_zone_without_one() {
        assertThat(BackupCommand.time("2026-12-07T14:30:00Z")).isEqualTo(Instant.parse("2026-12-07T14:30:00Z"));
        assertThat(BackupCommand.time("2026-12-07 15:30:00.25+01:00")).isEqualTo(Instant.parse("2026-12-07T14:30:00.25Z"));
        assertThat(BackupCommand.time("2026-12-07 15:30:00"))
                .isEqualTo(LocalDateTime.parse("2026-12-07T15:30:00").atZone(ZoneId.systemDefault()).toInstant());
        assertThatThrownBy(() -> BackupCommand.time("yesterday")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a time such as 2026-12-07T14:30:00Z");
    }

    @Test
    void a_restore_into_a_data_directory_that_holds_anything_is_refused_and_leaves_it_alone() throws Exception {
        Path backup = Files.createDirectories(dir.resolve("backup"));
        Path used = Files.createDirectories(dir.resolve("data"));
        Files.writeString(used.resolve("event-keys"), "k1:kept");
        assertThatThrownBy(() -> BackupCommand.run(List.of("restore", backup.toString(), used.toString()), out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not empty (it holds event-keys)");
        assertThat(used.resolve("event-keys")).hasContent("k1:kept");
    }

    @Test
    void a_backup_of_a_directory_without_the_embedded_server_or_with_wrong_arguments_is_refused() {
        assertThatThrownBy(() -> BackupCommand.run(List.of("backup", dir.resolve("b").toString(), dir.toString()), out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no embedded PostgreSQL in");
        assertThatThrownBy(() -> BackupCommand.run(List.of("restore", "only-one"), out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("usage: backup <backup dir>");
        assertThat(dir.resolve("b")).doesNotExist();
    }
}
