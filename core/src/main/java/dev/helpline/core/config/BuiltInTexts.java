package dev.helpline.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The texts the widget ships with, by language: English (the schema's defaults) and
 * Spanish ({@code texts-es.properties}). A named preset, like jsoup's {@code Safelist.basic()}:
 * a site sets only the texts it wants different.
 *
 * <pre>{@code
 * BuiltInTexts.get("es", "banner.call-text");          // "Llame ahora"
 * BuiltInTexts.get("es", "error.phone.invalid");       // the server's Spanish message
 * BuiltInTexts.languages();                            // [en, es]
 * }</pre>
 *
 * <p>Keys are the text keys without {@code helpline.}, plus {@code error.<code>} for the
 * server's field messages (English ones live in {@code FieldError}). Immutable.
 */
public final class BuiltInTexts {
    /** The language every other one falls back to. */
    public static final String ENGLISH = "en";
    private static final Map<String, Map<String, String>> BY_LANGUAGE = Map.of(
            ENGLISH, english(),
            "es", read("texts-es.properties"));

    private BuiltInTexts() {
    }

    /** The languages with built-in texts. */
    public static Set<String> languages() {
        return LANGUAGES;
    }

    private static final Set<String> LANGUAGES = Set.of(ENGLISH, "es");

    /**
     * The built-in text, or {@code null} when the language has none for the key.
     *
     * @param language a primary language subtag in lower case ({@code es})
     */
    public static String get(String language, String key) {
        Map<String, String> texts = BY_LANGUAGE.get(language);
        return texts == null ? null : texts.get(key);
    }

    /** The built-in text in this language, else the English one, else {@code null}. */
    static String getOrEnglish(String language, String key) {
        String t = get(language, key);
        return t != null ? t : get(ENGLISH, key);
    }

    private static Map<String, String> english() {
        Map<String, String> out = new LinkedHashMap<>();
        ConfigSchema.textKeys().forEach((key, info) -> out.put(key, info.defaultValue()));
        return Map.copyOf(out);
    }

    private static Map<String, String> read(String resource) {
        try (InputStream in = BuiltInTexts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing built-in texts " + resource);
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> out = new LinkedHashMap<>();
            p.stringPropertyNames().forEach(k -> out.put(k.toLowerCase(Locale.ROOT), p.getProperty(k)));
            return Map.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
