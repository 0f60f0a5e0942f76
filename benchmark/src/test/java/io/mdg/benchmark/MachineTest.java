package io.mdg.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mdg.postgres.EmbeddedPostgresServer;

class MachineTest {

    @Test
    void theMemoryOfAnEmbeddedPostgresIsThePssOfItsPostmasterAndItsChildren(@TempDir Path dir) {
        Path postgres = dir.resolve("postgres");
        long postmaster;
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(postgres)) {
            postmaster = Machine.postmasterPid(postgres).orElseThrow();
            assertThat(server.postmasterPid()).contains(postmaster);
            assertThat(Machine.postmasterPort(postgres)).contains(server.port());
            long pss = Machine.postgresPssMiB(postgres);
            // the postmaster alone is a few MiB; with its helper processes, more than it and less than a GiB
            assertThat(pss).isGreaterThan(Machine.pssKiB(postmaster) / 1024).isLessThan(1024);
        }
        assertThat(Machine.postgresPssMiB(postgres)).isEqualTo(-1);
        assertThat(Machine.postgresPssMiB(dir.resolve("nothing-here"))).isEqualTo(-1);
    }
}
