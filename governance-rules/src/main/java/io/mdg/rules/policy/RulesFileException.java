package io.mdg.rules.policy;

import java.util.List;

/**
 * A rules file that cannot be used. The message names the file (its origin), the path inside it (e.g.
 * {@code entities.SUPPLIER.groups.banking.owners[1]}) and what is wrong, one line per problem; {@link #problems()}
 * gives the same lines one by one.
 */
public class RulesFileException extends RuntimeException {

    private final String origin;
    private final List<String> problems;

    public RulesFileException(String origin, List<String> problems) {
        super(message(origin, problems));
        this.origin = origin;
        this.problems = List.copyOf(problems);
    }

    public RulesFileException(String origin, String problem, Throwable cause) {
        super(message(origin, List.of(problem)), cause);
        this.origin = origin;
        this.problems = List.of(problem);
    }

    /** The file (or resource) the rules came from. */
    public String origin() {
        return origin;
    }

    /** Each problem as {@code path: what is wrong}. */
    public List<String> problems() {
        return problems;
    }

    private static String message(String origin, List<String> problems) {
        if (problems.size() == 1) {
            return "rules file " + origin + ": " + problems.get(0);
        }
        return "rules file " + origin + " has " + problems.size() + " problems:\n  " + String.join("\n  ", problems);
    }
}
