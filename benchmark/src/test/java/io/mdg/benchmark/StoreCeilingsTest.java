package io.mdg.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreCeilingsTest {

    @Test
    void theEventRowCeilingIsMeasuredOnADurablePostgresForEachConnectionCount(@TempDir Path dir) throws Exception {
        StoreCeilings.PostgresCeilings measured = StoreCeilings.postgresEventRows(dir.resolve("postgres"), 2_000, 100,
                List.of(1, 4));

        assertThat(measured.server().fsync()).isEqualTo("on");
        assertThat(measured.server().synchronousCommit()).isEqualTo("on");
        assertThat(measured.server().fullPageWrites()).isEqualTo("on");
        assertThat(measured.server().describe()).contains("shared_buffers 128MB");
        assertThat(measured.ceilings()).extracting(StoreCeilings.Ceiling::connections).containsExactly(1, 4);
        assertThat(measured.ceilings()).allSatisfy(c -> {
            assertThat(c.count()).isEqualTo(2_000);
            assertThat(c.batch()).isEqualTo(100);
            assertThat(c.perSecond()).isPositive();
            assertThat(c.bytesPerItem()).isGreaterThan(1_024);
        });
        assertThat(measured.best().perSecond())
                .isEqualTo(Math.max(measured.ceilings().get(0).perSecond(), measured.ceilings().get(1).perSecond()));
    }

    @Test
    void anEventPayloadIsAboutOneKilobyte() {
        assertThat(StoreCeilings.eventPayload(42).length).isBetween(1_000, 1_400);
    }
}
