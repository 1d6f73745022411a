package dev.helpline.core.config;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The resolved texts of every profile (and the top level) in every language it can be
 * shown in, built once at load so that no request resolves or fills a text. Immutable.
 *
 * <p>Precedence for one text: the profile's own value when the language is the profile's
 * (its {@code locale}, or {@code helpline.locale} when it sets none); else the top level's
 * value when the language is {@code helpline.locale}; else the built-in text of the
 * language; else the English one. The site's name is the exception: a name set anywhere is
 * used in every language (only the default, "this site", is translated).
 */
public final class TextCatalog {
    private static final String TOP = "";
    /**
     * Keys whose value is the same in every language: a site's name, a URL, the names of
     * providers. A value set for them anywhere is used on every page of its scope.
     */
    private static final Set<String> ANY_LANGUAGE = Set.of("site.name", "disclosure.providers-url",
            "disclosure.represented-providers");

    private final Map<String, Texts> texts;
    private final Map<String, String> sites;

    private TextCatalog(Map<String, Texts> texts, Map<String, String> sites) {
        this.texts = Map.copyOf(texts);
        this.sites = Map.copyOf(sites);
    }

    static TextCatalog build(String locale, Map<String, String> top, String operator, List<Profile> profiles,
                             Map<String, Map<String, String>> profileTexts, LocalDate statsAsOf) {
        Set<String> languages = new LinkedHashSet<>(BuiltInTexts.languages());
        languages.add(locale);
        Map<String, Texts> texts = new HashMap<>();
        Map<String, String> sites = new HashMap<>();
        for (String lang : languages) {
            put(texts, sites, TOP, lang, resolve(lang, Map.of(), null, top, locale, operator, statsAsOf));
        }
        for (Profile p : profiles) {
            String own = p.locale() != null ? p.locale() : locale;
            for (String lang : p.locale() != null ? Set.of(p.locale()) : languages) {
                put(texts, sites, p.name(), lang,
                        resolve(lang, profileTexts.getOrDefault(p.name(), Map.of()), own, top, locale, p.operatorName(), statsAsOf));
            }
        }
        return new TextCatalog(texts, sites);
    }

    private static void put(Map<String, Texts> texts, Map<String, String> sites, String scope, String lang,
                            Map<String, String> values) {
        texts.put(scope + "|" + lang, Texts.of(values));
        sites.put(scope + "|" + lang, values.get("site.name"));
    }

    private static Map<String, String> resolve(String lang, Map<String, String> profile, String profileLocale,
                                               Map<String, String> top, String topLocale, String operator,
                                               LocalDate statsAsOf) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : ConfigSchema.textKeys().keySet()) {
            // A site's name is a name in every language; only the "this site" default is translated.
            boolean anyLanguage = ANY_LANGUAGE.contains(key);
            String v = anyLanguage || lang.equals(profileLocale) ? profile.get(key) : null;
            if (v == null && (anyLanguage || lang.equals(topLocale))) {
                v = top.get(key);
            }
            if (v == null) {
                v = BuiltInTexts.getOrEnglish(lang, key);
            }
            out.put(key, v);
        }
        Map<String, String> vars = Map.of("operator", operator, "site", out.get("site.name"));
        out.put("disclosure.body", HelplineConfig.fill(out.get("disclosure.body"), vars));
        out.put("form.consent-text", HelplineConfig.fill(out.get("form.consent-text"), vars));
        out.put("disclosure.providers-text", HelplineConfig.fill(out.get("disclosure.providers-text"), vars));
        out.put("disclosure.represented-providers-text",
                HelplineConfig.fill(out.get("disclosure.represented-providers-text"), vars));
        out.put("stop.intro", HelplineConfig.fill(out.get("stop.intro"), vars));
        out.put("stop.done-text", HelplineConfig.fill(out.get("stop.done-text"), vars));
        out.put("cta.stats-as-of-text", statsAsOf == null ? ""
                : HelplineConfig.fill(out.get("cta.stats-as-of-text"), Map.of("date", HelplineConfig.monthYear(statsAsOf, lang))));
        return out;
    }

    /**
     * The texts of a profile ({@code null}: the top level) in a language; a language the
     * profile is never shown in gives the profile's own language's texts.
     */
    public Texts texts(Profile profile, String language) {
        String scope = profile == null ? TOP : profile.name();
        Texts t = texts.get(scope + "|" + language);
        if (t == null && profile != null && profile.locale() != null) {
            t = texts.get(scope + "|" + profile.locale());
        }
        return t != null ? t : texts.get(scope + "|" + BuiltInTexts.ENGLISH);
    }

    /** How the disclosure names the site, for a profile in a language. */
    String site(Profile profile, String language) {
        return sites.get((profile == null ? TOP : profile.name()) + "|" + language);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TextCatalog c && c.texts.equals(texts) && c.sites.equals(sites);
    }

    @Override
    public int hashCode() {
        return texts.hashCode();
    }

    /** Which profile and language pairs it holds. */
    @Override
    public String toString() {
        return "TextCatalog" + texts.keySet().stream().sorted().toList();
    }
}
