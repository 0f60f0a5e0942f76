package io.mdg.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    @Test
    void aFigureLineNamesValueSettingsTargetAndVerdict() {
        Report report = new Report();
        Report.Figure figure = report.figure(2, "ingest in-process", 5234.4, "submissions/s", "N=100", ">= 5,000/s",
                true);
        assertThat(figure.line()).isEqualTo(
                "FIGURE 2 ingest in-process: 5,234 submissions/s (N=100) | target >= 5,000/s: MET");
        assertThat(report.figure(3, "freshness p99", 123.456, "ms", "x", "<= 100 ms", false).line())
                .endsWith("123 ms (x) | target <= 100 ms: MISSED");
        assertThat(report.figure(1, "ceiling", 9.5, "ms", "y", null, null).line()).isEqualTo("FIGURE 1 ceiling: 9.50 ms (y)");
    }

    @Test
    void theResultsSectionIsReplacedAndTheTextAroundItKept(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("BENCHMARKS.md");
        Files.writeString(file, "# Benchmarks\nintro\n" + Report.BEGIN + "\nold\n" + Report.END + "\noutro\n");
        Report report = new Report();
        report.figure(5, "rebuild", 25_000, "events/s", "s", ">= 20,000 events/s", true);
        report.note("a note");
        Report.writeInto(file, report.markdown("Full run", "./mdg bench", "2 cores", "0.5", "1.0"));
        String text = Files.readString(file);
        assertThat(text).startsWith("# Benchmarks\nintro\n" + Report.BEGIN + "\n### Full run")
                .contains("| 5 | rebuild | 25,000 events/s | s | >= 20,000 events/s | MET |", "* a note")
                .doesNotContain("old").endsWith(Report.END + "\noutro\n");
    }

    @Test
    void optionsOfAQuickRunAndOfChosenFigures() {
        Options quick = Options.parse(new String[] {"--quick", "--only", "1,2,4", "--service-jar", "x.jar",
                "--keycloak-home", "kc"});
        assertThat(quick.runs(2)).isTrue();
        assertThat(quick.runs(3)).isFalse();
        assertThat(quick.growthEvents()).containsExactly(2_000L, 10_000L);
        assertThat(quick.commandLine()).isEqualTo("./mdg bench --quick --only 1,2,4");
        Options full = Options.parse(new String[] {"--events", "100000,10000", "--keycloak-home", "kc"});
        assertThat(full.growthEvents()).containsExactly(10_000L, 100_000L);
        assertThat(full.submissions()).isEqualTo(100_000);
    }
}
