package dev.helpline.spring;

import dev.helpline.core.config.ConfigException;
import dev.helpline.core.config.ConfigProblem;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

import java.util.List;

/**
 * Turns a refused helpline configuration into Boot's "APPLICATION FAILED TO START" report:
 * every problem once, each naming its key and value, then what to do, instead of a stack
 * trace through the bean factory.
 */
public final class HelplineConfigFailureAnalyzer implements FailureAnalyzer {
    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HelplineConfigurationException e) {
                return analysis(e.problems(), e);
            }
            if (t instanceof ConfigException e) {
                return analysis(e.problems(), e);
            }
        }
        return null;
    }

    private static FailureAnalysis analysis(List<ConfigProblem> problems, Throwable cause) {
        StringBuilder description = new StringBuilder("The helpline configuration has ")
                .append(problems.size()).append(problems.size() == 1 ? " problem:\n" : " problems:\n");
        for (ConfigProblem p : problems) {
            description.append("\n    ").append(p);
        }
        String action = "Fix the helpline.* properties listed above where the application sets them (application.properties"
                + " or application.yml, a profile's file, HELPLINE_* environment variables or --helpline.* arguments)."
                + " Every key, its default and what it does are listed in the SDK's README and offered by IDE completion.";
        return new FailureAnalysis(description.toString(), action, cause);
    }
}
