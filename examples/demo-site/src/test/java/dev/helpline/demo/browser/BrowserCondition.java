package dev.helpline.demo.browser;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a browser test class only where Chromium and chromedriver are there; a skip names
 * what is missing and how to get it (and is also printed, since test reports keep skip
 * reasons out of the console). Under {@code CI=true} a missing browser fails instead.
 */
final class BrowserCondition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String missing = Browser.missing(Browser.CHROMIUM, Browser.CHROMEDRIVER, System.getenv("CI"));
        if (missing == null) {
            return ConditionEvaluationResult.enabled("Chromium and chromedriver found");
        }
        String reason = "browser tests skipped: " + missing;
        System.err.println(reason);
        return ConditionEvaluationResult.disabled(reason);
    }
}
