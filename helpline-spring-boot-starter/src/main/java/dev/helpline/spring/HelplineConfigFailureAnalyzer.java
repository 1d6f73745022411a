package dev.helpline.spring;

import dev.helpline.core.config.ConfigException;
import dev.helpline.core.config.ConfigProblem;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a refused helpline configuration into Boot's "APPLICATION FAILED TO START" report:
 * every problem once, each naming its key and value, then what to do, instead of a stack
 * trace through the bean factory.
 */
public final class HelplineConfigFailureAnalyzer extends AbstractFailureAnalyzer<ConfigException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConfigException cause) {
        StringBuilder description = new StringBuilder("The helpline configuration has ")
                .append(cause.problems().size()).append(cause.problems().size() == 1 ? " problem:\n" : " problems:\n");
        for (ConfigProblem p : cause.problems()) {
            description.append("\n    ").append(p);
        }
        String action = "Fix the helpline.* properties listed above where the application sets them (application.properties"
                + " or application.yml, a profile's file, HELPLINE_* environment variables or --helpline.* arguments)."
                + " Every key, its default and what it does are listed in the SDK's README and offered by IDE completion.";
        return new FailureAnalysis(description.toString(), action, cause);
    }
}
