package dev.helpline.core.config;

import java.util.List;

/**
 * Thrown when a configuration is refused. It carries every problem found, not just the
 * first, so that one start-up shows everything that needs fixing.
 */
public final class ConfigException extends IllegalArgumentException {
    private final transient List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems, in key order. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String describe(List<ConfigProblem> problems) {
        StringBuilder b = new StringBuilder("Invalid helpline configuration (")
                .append(problems.size()).append(problems.size() == 1 ? " problem):" : " problems):");
        for (ConfigProblem p : problems) {
            b.append("\n  ").append(p);
        }
        return b.toString();
    }
}
