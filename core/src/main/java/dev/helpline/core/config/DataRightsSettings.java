package dev.helpline.core.config;

import java.util.Objects;

/**
 * Where deletion and revocation are answered: the operator's endpoint
 * ({@code helpline.admin.*}, off without a token) and the visitor's stop form
 * ({@code helpline.stop.path}). The token never appears in {@link #toString()}.
 *
 * @param adminPath  under which the operator's endpoints are answered ({@code {adminPath}/delete})
 * @param adminToken the operator's bearer token (at least 32 characters), or {@code null}: the endpoint is off
 * @param stopPath   the visitor's "stop calling me / delete my request" form
 */
public record DataRightsSettings(String adminPath, String adminToken, String stopPath) {
    /** Shortest operator token accepted: guessing one must be hopeless. */
    public static final int MIN_TOKEN_LENGTH = 32;

    public DataRightsSettings {
        Objects.requireNonNull(adminPath, "adminPath");
        Objects.requireNonNull(stopPath, "stopPath");
        if (adminToken != null && adminToken.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("adminToken must be at least " + MIN_TOKEN_LENGTH + " characters");
        }
    }

    /** Whether the operator's endpoint is on. */
    public boolean adminEnabled() {
        return adminToken != null;
    }

    /** The operator's deletion endpoint. */
    public String adminDeletePath() {
        return adminPath + "/delete";
    }

    @Override
    public String toString() {
        return "DataRightsSettings[adminPath=" + adminPath + ", admin=" + (adminEnabled() ? "on" : "off")
                + ", stopPath=" + stopPath + "]";
    }
}
