package io.mdg.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of one run: each printed as it is measured, one line
 * {@code FIGURE <n> <name>: <value> <unit> (<settings>)} with its target from issue 8 and MET or MISSED, and at the end
 * written into BENCHMARKS.md between the results markers (the text around them is kept).
 */
final class Report {

    static final String BEGIN = "<!-- bench:results:begin -->";
    static final String END = "<!-- bench:results:end -->";

    /** One measured figure; {@code met} null when it has no target. */
    record Figure(int number, String name, String value, String unit, String settings, String target, Boolean met) {

        String line() {
            return "FIGURE " + number + " " + name + ": " + value + " " + unit + " (" + settings + ")"
                    + (target == null ? "" : " | target " + target + ": " + verdict());
        }

        String verdict() {
            return met == null ? "not measured" : met ? "MET" : "MISSED";
        }
    }

    private final List<Figure> figures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    synchronized Figure figure(int number, String name, double value, String unit, String settings, String target,
                               Boolean met) {
        Figure figure = new Figure(number, name, format(value), unit, settings, target, met);
        figures.add(figure);
        System.out.println(figure.line());
        return figure;
    }

    synchronized void note(String note) {
        notes.add(note);
        System.out.println("NOTE " + note);
    }

    List<Figure> figures() {
        return List.copyOf(figures);
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (Math.abs(value) >= 100) {
            return String.format("%,.0f", value);
        }
        if (Math.abs(value) >= 10) {
            return String.format("%.1f", value);
        }
        return String.format("%.2f", value);
    }

    /** The results section (markdown) of this run. */
    String markdown(String title, String command, String machine, String loadBefore, String loadAfter) {
        StringBuilder md = new StringBuilder();
        md.append("### ").append(title).append("\n\n");
        md.append("Command: `").append(command).append("`  \n");
        md.append("Machine: ").append(machine).append("  \n");
        md.append("Load average (1 min) at start / end: ").append(loadBefore).append(" / ").append(loadAfter)
                .append(" (above the core count, something else shared the cores and the figures are disturbed)\n\n");
        md.append("| # | Figure | Value | Settings | Target | |\n|---|---|---:|---|---|---|\n");
        List<Figure> byNumber = new ArrayList<>(figures);
        byNumber.sort(java.util.Comparator.comparingInt(Figure::number)); // stable: measurement order within a figure
        for (Figure f : byNumber) {
            md.append("| ").append(f.number()).append(" | ").append(f.name()).append(" | ").append(f.value())
                    .append(' ').append(f.unit()).append(" | ").append(f.settings().replace("|", "/")).append(" | ")
                    .append(f.target() == null ? "" : f.target()).append(" | ")
                    .append(f.target() == null ? "" : f.met() == null ? f.verdict() : f.met() ? "MET" : "**MISSED**")
                    .append(" |\n");
        }
        if (!notes.isEmpty()) {
            md.append("\n");
            notes.forEach(n -> md.append("* ").append(n).append("\n"));
        }
        return md.toString();
    }

    /** Replaces the results section of the file (between the markers; appended with markers when they are missing). */
    static void writeInto(Path file, String section) throws IOException {
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\n";
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        String block = BEGIN + "\n" + section + END;
        if (begin >= 0 && end > begin) {
            text = text.substring(0, begin) + block + text.substring(end + END.length());
        } else {
            text = text + (text.endsWith("\n") ? "\n" : "\n\n") + block + "\n";
        }
        Files.writeString(file, text);
    }
}
