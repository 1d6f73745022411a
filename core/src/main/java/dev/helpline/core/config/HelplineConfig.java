package dev.helpline.core.config;

import dev.helpline.core.phone.PhoneNumber;
import dev.helpline.core.phone.PublicLines;

import java.net.URI;
import java.net.URISyntaxException;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The helpline's configuration: an immutable, validated value.
 *
 * <p>Load it with {@link ConfigLoader} (properties files, environment, system properties)
 * or build it from a map with {@link #fromProperties(Map)}:
 *
 * <pre>{@code
 * HelplineConfig config = HelplineConfig.fromProperties(Map.of(
 *         "helpline.phone", "800-601-3889",
 *         "helpline.operator.name", "American Addiction Centers"));
 * config.phone().display(); // "(800) 601-3889"
 * }</pre>
 *
 * @param enabled         master switch; when false the filter touches nothing
 * @param phone           the helpline's number
 * @param operatorName    who answers the calls
 * @param siteName        how the disclosure names the partner site
 * @param texts           every text the widget shows, placeholders resolved
 * @param formPath        where the callback form posts
 * @param consentRequired whether the form requires the consent checkbox
 * @param assetsPath      where the widget's CSS and JS are served
 * @param nonceAttribute  request attribute with the host's CSP nonce, or "" for none
 * @param paths           which request paths get the widget
 * @param callback        the callback form's store, delivery and abuse checks
 * @param locale          the site's language (primary subtag): top-level texts are in it
 * @param hours           when the phone line is answered
 * @param statsAsOf       when the CTA box's statistics were true, or {@code null} (shown undated)
 * @param statsMaxAge     how long after {@code statsAsOf} the statistics are shown
 * @param auditEnabled    whether other numbers found in page text are logged
 * @param profiles        per-path variants, in name order (the first match wins)
 * @param catalog         the texts of every profile and language, resolved at load
 * @param crisis          where the crisis lines appear on pages no profile matches
 * @param rights          the operator's deletion endpoint and the visitor's stop form
 */
public record HelplineConfig(
        boolean enabled,
        PhoneNumber phone,
        String operatorName,
        String siteName,
        Texts texts,
        String formPath,
        boolean consentRequired,
        String assetsPath,
        String nonceAttribute,
        PathRules paths,
        CallbackSettings callback,
        String locale,
        Hours hours,
        LocalDate statsAsOf,
        Period statsMaxAge,
        boolean auditEnabled,
        List<Profile> profiles,
        TextCatalog catalog,
        int ctaAfterParagraph,
        boolean inlineEnabled,
        boolean ctaEnabled,
        CrisisPlacement crisis,
        DataRightsSettings rights) {

    static final String DEFAULT_DISCLOSURE_BODY =
            "Calls to this helpline are answered by {operator}. The people who answer work only for"
            + " {operator} and can talk with you about whether one of its treatment programs may suit you."
            + "\n\nNeither {site} nor {operator} is paid a commission or any other fee that depends on which"
            + " treatment provider you choose.\n\nThe call is free, and calling does not commit you to any"
            + " treatment.";

    static final String DEFAULT_CONSENT_TEXT =
            "I agree that {operator} may call me back at this number about treatment options."
            + " This is not an emergency service: in an emergency, call 911.";

    static final String DEFAULT_CRISIS_TEXT =
            "In crisis? {tel:988|Call} or {sms:988|text} 988 \u00B7 In an emergency call {tel:911}";

    static final String DEFAULT_SAMHSA_TEXT =
            "SAMHSA's National Helpline, free and confidential, day and night, in English and Spanish:"
            + " {tel:samhsa} (TTY {tel:samhsa-tty})";

    static final String DEFAULT_PROVIDERS_TEXT =
            "To compare other licensed treatment providers near you, including many that {operator} does not run,"
            + " search SAMHSA's free national locator:";

    /** SAMHSA's locator of state-licensed treatment facilities. */
    static final String DEFAULT_PROVIDERS_URL = "https://findtreatment.gov/";

    static final String DEFAULT_STOP_INTRO =
            "Enter the number you gave us. {operator} will stop calling it within 10 business days, and a callback"
            + " request for it that has not been passed on yet is deleted. To stop calls from a call already under way,"
            + " you can also say so on the call.";

    static final String DEFAULT_STOP_DONE =
            "Thank you. {operator} has been told to stop calling this number, within 10 business days at the latest,"
            + " and to delete what it holds about your request.";

    static final String DEFAULT_OFF_HOURS_TEXT =
            "Our phone line is closed right now. Request a call back and we will call you when we open.";

    /** Longest text any key accepts; longer values are almost certainly a mistake. */
    static final int MAX_TEXT = 4000;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

    public HelplineConfig {
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(operatorName, "operatorName");
        Objects.requireNonNull(siteName, "siteName");
        Objects.requireNonNull(texts, "texts");
        Objects.requireNonNull(formPath, "formPath");
        Objects.requireNonNull(assetsPath, "assetsPath");
        Objects.requireNonNull(nonceAttribute, "nonceAttribute");
        Objects.requireNonNull(paths, "paths");
        Objects.requireNonNull(callback, "callback");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(hours, "hours");
        Objects.requireNonNull(statsMaxAge, "statsMaxAge");
        profiles = List.copyOf(profiles);
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(crisis, "crisis");
        Objects.requireNonNull(rights, "rights");
    }

    /**
     * Builds a configuration from {@code helpline.*} keys alone (no files, no environment);
     * missing keys take their defaults.
     *
     * @throws ConfigException listing every problem, each with its key and value
     */
    public static HelplineConfig fromProperties(Map<String, String> properties) {
        return ConfigBinder.bind(properties);
    }

    /** Validates the bound text values into a configuration, collecting every problem. */
    static HelplineConfig fromRaw(RawSettings.Root r, List<ConfigProblem> problems) {
        Check c = new Check(problems);
        boolean enabled = c.bool("helpline.enabled", r.enabled());
        PhoneNumber phone = c.phone("helpline.phone", r.phone());
        String operator = c.text("helpline.operator.name", r.operator().name(), false, 200);
        String locale = c.language("helpline.locale", r.locale());
        Map<String, String> topTexts = c.texts("helpline.", ConfigSchema.values(r));

        String formPath = c.path("helpline.form.path", r.form().path());
        boolean consentRequired = c.bool("helpline.form.consent-required", r.form().consentRequired());
        String assetsPath = c.path("helpline.assets.path", r.assets().path());
        if (formPath != null && formPath.equals(assetsPath)) {
            problems.add(new ConfigProblem("helpline.assets.path", assetsPath, "must differ from helpline.form.path"));
        }
        List<String> include = c.globs("helpline.paths.include", r.paths().include());
        List<String> exclude = c.globs("helpline.paths.exclude", r.paths().exclude());
        String nonceAttribute = c.text("helpline.csp.nonce-attribute", r.csp().nonceAttribute(), true, 200);
        if (r.config() != null && r.config().isBlank()) {
            problems.add(new ConfigProblem("helpline.config", r.config(), "must name a file"));
        }
        ZoneId zone = c.zone("helpline.hours.time-zone", r.hours().timeZone());
        Hours hours = c.hours("helpline.hours.schedule", r.hours().schedule(), zone);
        LocalDate statsAsOf = c.date("helpline.cta.stats-as-of", r.cta().statsAsOf());
        Period statsMaxAge = c.period("helpline.cta.stats-max-age", r.cta().statsMaxAge());
        boolean audit = c.bool("helpline.audit.enabled", r.audit().enabled());
        CrisisPlacement crisis = c.crisis("helpline.crisis", r.crisis(), null);

        List<Profile> profiles = new ArrayList<>();
        Map<String, Map<String, String>> profileTexts = new HashMap<>();
        Map<String, RawSettings.Profile> raw = r.profiles() == null ? Map.of() : new TreeMap<>(r.profiles());
        raw.forEach((name, p) -> {
            Profile profile = c.profile(name, p, phone, operator, r.hours(), crisis);
            Map<String, String> own = c.texts("helpline.profiles." + name + ".", ConfigSchema.values(p));
            if (profile != null) {
                profiles.add(profile);
                profileTexts.put(name, own);
            }
        });
        CallbackSettings callback = CallbackSettings.fromRaw(r.callback(), problems);
        int ctaAfterParagraph = c.count("helpline.cta.after-paragraph", r.cta().afterParagraph(), 100);
        boolean inlineEnabled = c.bool("helpline.inline.enabled", r.inline().enabled());
        boolean ctaEnabled = c.bool("helpline.cta.enabled", r.cta().enabled());
        String adminPath = c.path("helpline.admin.path", r.admin().path());
        String stopPath = c.path("helpline.stop.path", r.stop().path());
        String adminToken = r.admin().token() == null ? "" : r.admin().token().strip();
        if (!adminToken.isEmpty() && adminToken.length() < DataRightsSettings.MIN_TOKEN_LENGTH) {
            // The value is a secret: named by its key and length, never echoed.
            problems.add(new ConfigProblem("helpline.admin.token", "\u2026", "must be at least "
                    + DataRightsSettings.MIN_TOKEN_LENGTH + " characters (it has " + adminToken.length() + ")"));
        }
        for (String[] pair : new String[][]{{"helpline.stop.path", stopPath}, {"helpline.admin.path", adminPath}}) {
            if (pair[1] != null && (pair[1].equals(formPath) || pair[1].equals(assetsPath)
                    || assetsPath != null && pair[1].startsWith(assetsPath + "/"))) {
                problems.add(new ConfigProblem(pair[0], pair[1], "must differ from helpline.form.path and helpline.assets.path"));
            }
        }
        if (stopPath != null && adminPath != null && (stopPath.equals(adminPath) || stopPath.startsWith(adminPath + "/"))) {
            problems.add(new ConfigProblem("helpline.stop.path", stopPath, "must lie outside helpline.admin.path"));
        }
        if (!problems.isEmpty()) {
            return null;
        }
        TextCatalog catalog = TextCatalog.build(locale, topTexts, operator, profiles, profileTexts, statsAsOf);
        return new HelplineConfig(enabled, phone, operator, catalog.site(null, locale), catalog.texts(null, locale),
                formPath, consentRequired, assetsPath, nonceAttribute, new PathRules(include, exclude), callback,
                locale, hours, statsAsOf, statsMaxAge, audit, profiles, catalog, ctaAfterParagraph, inlineEnabled, ctaEnabled, crisis,
                new DataRightsSettings(adminPath, adminToken.isEmpty() ? null : adminToken, stopPath));
    }

    /** The first profile (by name) whose paths match, or {@code null} for the top level. */
    public Profile profileFor(String path) {
        for (Profile p : profiles) {
            if (p.matches(path)) {
                return p;
            }
        }
        return null;
    }

    /** The languages a page without a profile language can be shown in: the built-in ones and {@link #locale()}. */
    public Set<String> languages() {
        Set<String> out = new LinkedHashSet<>(BuiltInTexts.languages());
        out.add(locale);
        return out;
    }

    /**
     * The language of a page: the profile's locale when it sets one; else the page's
     * {@code <html lang>} when the widget has texts for it; else the best language of the
     * {@code Accept-Language} header among those; else {@link #locale()}.
     *
     * <pre>{@code
     * config.language(config.profileFor("/es/x"), "en", null);  // "es": the profile says so
     * config.language(null, "es-MX", "en");                      // "es"
     * config.language(null, null, "fr, es;q=0.8");               // "es"
     * }</pre>
     *
     * @param profile        from {@link #profileFor}, or {@code null}
     * @param htmlLang       the page's {@code lang} attribute as written, or {@code null}
     * @param acceptLanguage the request's header, or {@code null}
     */
    public String language(Profile profile, String htmlLang, String acceptLanguage) {
        if (profile != null && profile.locale() != null) {
            return profile.locale();
        }
        // Runs for every rewritten page: no set is built for the common answers.
        String page = Languages.primary(htmlLang);
        if (page != null && (page.equals(locale) || BuiltInTexts.languages().contains(page))) {
            return page;
        }
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return locale;
        }
        String accepted = Languages.bestOf(acceptLanguage, languages());
        return accepted != null ? accepted : locale;
    }

    /**
     * The texts for a profile ({@code null}: the top level) in a language: the profile's own
     * text when the language is the profile's; else the top level's when it is
     * {@link #locale()}; else the built-in text of the language, else the English one.
     */
    public Texts texts(Profile profile, String language) {
        if (profile == null && locale.equals(language)) {
            return texts; // the component, so that withTexts() is seen
        }
        return catalog.texts(profile, language);
    }

    /** Where the crisis lines appear for a profile ({@code null}: the top level). */
    public CrisisPlacement crisis(Profile profile) {
        return profile == null ? crisis : profile.crisis();
    }

    /** The number shown for a profile ({@code null}: the top level). */
    public PhoneNumber phone(Profile profile) {
        return profile == null ? phone : profile.phone();
    }

    /** Collects problems while converting text values; answers null for a refused value. */
    private record Check(List<ConfigProblem> problems) {
        /** A whole number from 0 to {@code max}. */
        int count(String key, String v, int max) {
            try {
                int n = Integer.parseInt(v == null ? "" : v.trim());
                if (n >= 0 && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(new ConfigProblem(key, v, "must be a whole number from 0 to " + max));
            return 0;
        }

        boolean bool(String key, String v) {
            String t = v == null ? "" : v.trim().toLowerCase(Locale.ROOT);
            if (t.equals("true") || t.equals("false")) {
                return Boolean.parseBoolean(t);
            }
            problems.add(new ConfigProblem(key, v, "must be true or false"));
            return false;
        }

        PhoneNumber phone(String key, String v) {
            if (v == null || v.isBlank()) {
                problems.add(new ConfigProblem(key, v, "is required"));
                return null;
            }
            PhoneNumber n;
            try {
                n = PhoneNumber.parse(v);
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(key, v, e.getMessage()));
                return null;
            }
            if (PublicLines.isPublicLine(n)) {
                // Its links would say "Who Answers?" and name the operator on a public line.
                problems.add(new ConfigProblem(key, v, "is a public line (SAMHSA's National Helpline), which the widget shows"
                        + " as a crisis resource; set the number the operator answers"));
                return null;
            }
            return n;
        }

        /** Where the crisis lines go; a profile's unset keys take the top level's ({@code top}). */
        CrisisPlacement crisis(String prefix, RawSettings.Crisis r, CrisisPlacement top) {
            CrisisPlacement base = top == null ? CrisisPlacement.DEFAULT : top;
            if (r == null) {
                return base;
            }
            boolean enabled = r.enabled() == null ? base.enabled() : bool(prefix + ".enabled", r.enabled());
            boolean inBanner = r.inBanner() == null ? base.inBanner() : bool(prefix + ".in-banner", r.inBanner());
            boolean inCta = r.inCta() == null ? base.inCta() : bool(prefix + ".in-cta", r.inCta());
            if (!enabled && (inBanner || inCta)) {
                if (r.enabled() == null) {
                    // Only an explicit enabled=true turns the top level's "off" back on for a profile.
                    problems.add(new ConfigProblem(prefix + (inBanner ? ".in-banner" : ".in-cta"), "true",
                            "needs " + prefix + ".enabled=true: the crisis lines are turned off"));
                } else {
                    problems.add(new ConfigProblem(prefix + ".enabled", r.enabled(), "is false, but "
                            + prefix + (inBanner ? ".in-banner" : ".in-cta") + " asks for the crisis line"));
                }
                return base;
            }
            return new CrisisPlacement(enabled, inBanner, inCta);
        }

        /** A crisis text: its placeholders link public lines, and it links each of {@code required}. */
        String crisisText(String key, String v, Set<PublicLines.Line> required) {
            String t = text(key, v, false, 400);
            if (t == null) {
                return null;
            }
            CrisisText parsed;
            try {
                parsed = CrisisText.parse(t);
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(key, v, e.getMessage()));
                return null;
            }
            for (PublicLines.Line line : required) {
                if (!parsed.lines().contains(line)) {
                    problems.add(new ConfigProblem(key, v, "must link " + line.display() + " with {tel:"
                            + line.placeholderName() + "}"));
                    return null;
                }
            }
            return t;
        }

        /** An absolute http(s) URL for a plain link. */
        String url(String key, String v) {
            String t = text(key, v, false, 500);
            if (t == null) {
                return null;
            }
            try {
                URI u = new URI(t);
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("https") || scheme.equals("http")) && u.getHost() != null && u.getRawUserInfo() == null) {
                    return t;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            problems.add(new ConfigProblem(key, v, "must be an absolute https:// or http:// URL like https://findtreatment.gov/"));
            return null;
        }

        /** Names separated by {@code ;}, each at most 200 characters. */
        String providers(String key, String v) {
            String t = text(key, v, true, MAX_TEXT);
            if (t == null) {
                return null;
            }
            for (String name : t.split(";")) {
                if (name.strip().length() > 200) {
                    problems.add(new ConfigProblem(key, name.strip().substring(0, 40) + "…",
                            "each provider's name must be at most 200 characters; separate names with ;"));
                    return null;
                }
            }
            return t;
        }

        String text(String key, String v, boolean mayBeEmpty, int max) {
            if (v == null || (!mayBeEmpty && v.isBlank())) {
                problems.add(new ConfigProblem(key, v, "is required and may not be blank"));
                return null;
            }
            if (v.length() > max) {
                problems.add(new ConfigProblem(key, v.substring(0, 40) + "…", "is longer than " + max + " characters"));
                return null;
            }
            for (int i = 0; i < v.length(); i++) {
                char ch = v.charAt(i);
                if (Character.isISOControl(ch) && ch != '\n' && ch != '\t') {
                    problems.add(new ConfigProblem(key, v, String.format("contains the control character U+%04X", (int) ch)));
                    return null;
                }
            }
            return v.strip();
        }

        /** A text whose placeholders must all be known; they are filled per profile and language. */
        String template(String key, String v, Set<String> names) {
            String t = text(key, v, false, MAX_TEXT);
            if (t == null) {
                return null;
            }
            Matcher m = PLACEHOLDER.matcher(t);
            while (m.find()) {
                if (!names.contains(m.group(1))) {
                    problems.add(new ConfigProblem(key, v, "unknown placeholder {" + m.group(1) + "}; known: "
                            + String.join(", ", names.stream().sorted().map(k -> "{" + k + "}").toList())));
                    return null;
                }
            }
            return t;
        }

        String path(String key, String v) {
            String t = v == null ? "" : v.trim();
            if (!t.startsWith("/") || t.length() < 2 || t.endsWith("/")) {
                problems.add(new ConfigProblem(key, v, "must be an absolute path like /helpline/callback, without a trailing '/'"));
                return null;
            }
            if (!t.matches("(/[A-Za-z0-9._~-]+)+") || t.contains("/../") || t.contains("/./") || t.endsWith("/..")) {
                problems.add(new ConfigProblem(key, v, "may only hold segments of letters, digits and . _ ~ -"));
                return null;
            }
            return t;
        }

        String language(String key, String v) {
            String lang = Languages.primary(v);
            if (lang == null) {
                problems.add(new ConfigProblem(key, v, "must be a language code like en or es"));
            }
            return lang;
        }

        /** Validates the texts set in a group ({@code values} by relative key); answers them stripped. */
        Map<String, String> texts(String prefix, Map<String, String> values) {
            Map<String, String> out = new LinkedHashMap<>();
            for (String key : ConfigSchema.textKeys().keySet()) {
                String v = values.get(key);
                if (v == null) {
                    continue;
                }
                String full = prefix + key;
                String t = switch (key) {
                    case "disclosure.body", "form.consent-text", "disclosure.providers-text",
                         "disclosure.represented-providers-text", "stop.intro", "stop.done-text"
                            -> template(full, v, Set.of("operator", "site"));
                    case "disclosure.providers-url" -> url(full, v);
                    case "disclosure.represented-providers" -> providers(full, v);
                    case "crisis.text" -> crisisText(full, v, Set.of(PublicLines.Line.LIFELINE, PublicLines.Line.EMERGENCY));
                    case "crisis.samhsa-text" -> crisisText(full, v, Set.of(PublicLines.Line.SAMHSA, PublicLines.Line.SAMHSA_TTY));
                    case "cta.stats-as-of-text" -> template(full, v, Set.of("date"));
                    case "cta.subheading", "cta.stats" -> text(full, v, true, 200);
                    case "form.honeypot-label", "banner.off-hours-text" -> text(full, v, false, 400);
                    case "form.success-text" -> text(full, v, false, MAX_TEXT);
                    default -> text(full, v, false, 200);
                };
                if (t != null) {
                    out.put(key, t);
                }
            }
            return out;
        }

        Profile profile(String name, RawSettings.Profile p, PhoneNumber topPhone, String topOperator,
                        RawSettings.Hours topHours, CrisisPlacement topCrisis) {
            String prefix = "helpline.profiles." + name;
            if (!name.matches("[a-z0-9-]+")) {
                problems.add(new ConfigProblem(prefix, name, "a profile name may only hold a-z, 0-9 and -"));
                return null;
            }
            int before = problems.size();
            Map<String, String> values = ConfigSchema.values(p);
            for (Map.Entry<String, String> e : values.entrySet()) {
                if (!ConfigSchema.profileKeys().contains(e.getKey())) {
                    problems.add(new ConfigProblem(prefix + "." + e.getKey(), e.getValue(),
                            "cannot be set in a profile; set helpline." + e.getKey() + " instead"));
                }
            }
            List<String> paths = globs(prefix + ".paths", p.paths());
            if (paths.isEmpty() && problems.size() == before) {
                problems.add(new ConfigProblem(prefix + ".paths", p.paths(), "is required: the path globs of the profile's pages"));
            }
            String locale = p.locale() == null ? null : language(prefix + ".locale", p.locale());
            PhoneNumber phone = p.phone() == null ? topPhone : phone(prefix + ".phone", p.phone());
            String operator = p.operator() == null || p.operator().name() == null ? topOperator
                    : text(prefix + ".operator.name", p.operator().name(), false, 200);
            Hours hours = profileHours(prefix, p.hours(), topHours);
            CrisisPlacement crisis = crisis(prefix + ".crisis", p.crisis(), topCrisis);
            if (problems.size() != before || phone == null || operator == null) {
                return null;
            }
            return new Profile(name, paths, locale, phone, operator, hours, crisis);
        }

        /**
         * A profile's own opening hours, or {@code null} when it sets neither key. A time zone
         * alone re-reads the top level's schedule in that zone; a schedule alone is read in
         * the top level's zone.
         */
        Hours profileHours(String prefix, RawSettings.Hours h, RawSettings.Hours top) {
            if (h == null || (h.schedule() == null && h.timeZone() == null)) {
                return null;
            }
            ZoneId zone = zone(prefix + ".hours.time-zone", h.timeZone() != null ? h.timeZone() : top.timeZone());
            String schedule = h.schedule() != null ? h.schedule() : top.schedule();
            return hours(prefix + ".hours.schedule", schedule, zone);
        }

        ZoneId zone(String key, String v) {
            try {
                return ZoneId.of(v == null ? "" : v.strip());
            } catch (DateTimeException e) {
                problems.add(new ConfigProblem(key, v, "is not a time zone; use an IANA id like America/New_York"));
                return null;
            }
        }

        Hours hours(String key, String v, ZoneId zone) {
            try {
                return Hours.parse(v, zone == null ? ZoneId.of("UTC") : zone);
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(key, v, e.getMessage()));
                return null;
            }
        }

        LocalDate date(String key, String v) {
            if (v == null || v.isBlank()) {
                return null;
            }
            try {
                return LocalDate.parse(v.strip());
            } catch (DateTimeParseException e) {
                problems.add(new ConfigProblem(key, v, "must be a date like 2026-11-01"));
                return null;
            }
        }

        Period period(String key, String v) {
            try {
                Period p = Period.parse(v == null ? "" : v.strip());
                if (p.isNegative() || p.isZero()) {
                    problems.add(new ConfigProblem(key, v, "must be longer than zero"));
                    return null;
                }
                return p;
            } catch (DateTimeParseException e) {
                problems.add(new ConfigProblem(key, v, "must be an ISO-8601 period like P90D or P3M"));
                return null;
            }
        }

        List<String> globs(String key, String v) {
            List<String> out = new ArrayList<>();
            if (v == null || v.isBlank()) {
                return out;
            }
            for (String g : Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()) {
                try {
                    PathRules.checkGlob(g);
                    out.add(g);
                } catch (IllegalArgumentException e) {
                    problems.add(new ConfigProblem(key, v, "'" + g + "': " + e.getMessage()));
                }
            }
            return out;
        }
    }

    /**
     * A copy with other top-level texts in {@link #locale()} (for previews and tests; texts
     * are not validated again).
     */
    public HelplineConfig withTexts(Texts newTexts) {
        return new HelplineConfig(enabled, phone, operatorName, siteName, newTexts, formPath, consentRequired, assetsPath,
                nonceAttribute, paths, callback, locale, hours, statsAsOf, statsMaxAge, auditEnabled, profiles, catalog,
                ctaAfterParagraph, inlineEnabled, ctaEnabled, crisis, rights);
    }

    /** A copy with other opening hours (for previews and tests). */
    public HelplineConfig withHours(Hours newHours) {
        return new HelplineConfig(enabled, phone, operatorName, siteName, texts, formPath, consentRequired, assetsPath,
                nonceAttribute, paths, callback, locale, newHours, statsAsOf, statsMaxAge, auditEnabled, profiles, catalog,
                ctaAfterParagraph, inlineEnabled, ctaEnabled, crisis, rights);
    }

    /** Fills {@code {name}} placeholders (names were checked at load). */
    static String fill(String template, Map<String, String> vars) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(vars.getOrDefault(m.group(1), m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** "November 2026", "noviembre de 2026": the month the statistics date from, in the language. */
    static String monthYear(LocalDate date, String language) {
        String pattern = language.equals("es") ? "MMMM 'de' yyyy" : "MMMM yyyy";
        return DateTimeFormatter.ofPattern(pattern, Locale.forLanguageTag(language)).format(date);
    }

    /** Readable, complete form, for logs and for comparing configurations. */
    @Override
    public String toString() {
        return "HelplineConfig[enabled=" + enabled + ", phone=" + phone.display() + ", operator=" + operatorName
                + ", site=" + siteName + ", formPath=" + formPath + ", consentRequired=" + consentRequired
                + ", assetsPath=" + assetsPath + ", nonceAttribute=" + nonceAttribute + ", paths=" + paths
                + ", texts=" + texts + ", callback=" + callback + ", locale=" + locale + ", hours=" + hours
                + ", statsAsOf=" + statsAsOf + ", statsMaxAge=" + statsMaxAge + ", auditEnabled=" + auditEnabled
                + ", ctaAfterParagraph=" + ctaAfterParagraph + ", inlineEnabled=" + inlineEnabled + ", ctaEnabled=" + ctaEnabled
                + ", crisis=" + crisis + ", rights=" + rights
                + ", profiles=" + profiles + "]";
    }
}
