package dev.helpline.spring;

import dev.helpline.core.config.ConfigException;
import dev.helpline.core.config.ConfigProblem;

import java.util.List;

/**
 * The start-up failure for a refused {@code helpline.*} configuration. Its message only
 * counts the problems: Boot logs the messages of exceptions thrown while the embedded server
 * starts, and the list itself belongs once in the failure report
 * ({@link HelplineConfigFailureAnalyzer}), not three times in the log.
 */
public final class HelplineConfigurationException extends IllegalStateException {
    private final transient List<ConfigProblem> problems;

    HelplineConfigurationException(ConfigException cause) {
        super("The helpline configuration has " + cause.problems().size()
                + (cause.problems().size() == 1 ? " problem" : " problems") + "; see the failure report", cause);
        this.problems = cause.problems();
    }

    /** Every problem, each naming its key and value. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
