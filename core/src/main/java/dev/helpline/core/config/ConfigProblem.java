package dev.helpline.core.config;

import java.util.Objects;

/**
 * One thing wrong with a configuration: the key, the value found (or {@code null} when
 * missing) and why it was refused.
 */
public record ConfigProblem(String key, String value, String reason) {
    public ConfigProblem {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return key + (value == null ? " (missing)" : " = '" + value + "'") + ": " + reason;
    }
}
