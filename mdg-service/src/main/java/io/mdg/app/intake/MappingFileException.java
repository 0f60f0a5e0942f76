package io.mdg.app.intake;

import java.util.List;

/** A mapping file that cannot be used: the file and each problem as {@code path: what is wrong}. */
public class MappingFileException extends RuntimeException {

    private final String origin;
    private final List<String> problems;

    public MappingFileException(String origin, List<String> problems) {
        super(message(origin, problems));
        this.origin = origin;
        this.problems = List.copyOf(problems);
    }

    public String origin() {
        return origin;
    }

    public List<String> problems() {
        return problems;
    }

    private static String message(String origin, List<String> problems) {
        if (problems.size() == 1) {
            return "mapping file " + origin + ": " + problems.get(0);
        }
        return "mapping file " + origin + " has " + problems.size() + " problems:\n  " + String.join("\n  ", problems);
    }
}
