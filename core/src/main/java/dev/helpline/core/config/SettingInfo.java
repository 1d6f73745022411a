package dev.helpline.core.config;

/**
 * One documented configuration key: its full name, the environment variable that sets it
 * ({@code null} for keys inside a profile, whose variables hold the profile's name:
 * {@code HELPLINE_PROFILES_ES_PHONE}; see {@link ConfigLoader}),
 * its default ({@code null} when it has none), whether it is required, and what it does.
 */
public record SettingInfo(String key, String environmentVariable, String defaultValue, boolean required, String doc) {

    /** {@code helpline.banner.call-text} is set by {@code HELPLINE_BANNER_CALL_TEXT}. */
    static String environmentVariableOf(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
