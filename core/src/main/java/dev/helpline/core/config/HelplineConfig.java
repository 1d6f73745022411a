package dev.helpline.core.config;

import dev.helpline.core.phone.PhoneNumber;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
        CallbackSettings callback) {

    static final String DEFAULT_DISCLOSURE_BODY =
            "Calls to this helpline are answered by {operator}. The people who answer work only for"
            + " {operator} and can talk with you about whether one of its treatment programs may suit you."
            + "\n\nNeither {site} nor {operator} is paid a commission or any other fee that depends on which"
            + " treatment provider you choose.\n\nThe call is free, and calling does not commit you to any"
            + " treatment.";

    static final String DEFAULT_CONSENT_TEXT =
            "I agree that {operator} may call me back at this number about treatment options."
            + " This is not an emergency service: in an emergency, call 911.";

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
        String site = c.text("helpline.site.name", r.site().name(), false, 200);
        Map<String, String> vars = Map.of("operator", operator == null ? "" : operator, "site", site == null ? "" : site);

        var b = r.banner();
        var d = r.disclosure();
        var cta = r.cta();
        var f = r.form();
        Texts texts = new Texts(
                c.text("helpline.banner.aria-label", b.ariaLabel(), false, 200),
                c.text("helpline.banner.call-text", b.callText(), false, 200),
                c.text("helpline.banner.label", b.label(), false, 200),
                c.text("helpline.disclosure.link-text", d.linkText(), false, 200),
                c.text("helpline.disclosure.title", d.title(), false, 200),
                c.template("helpline.disclosure.body", d.body(), vars),
                c.text("helpline.disclosure.close-text", d.closeText(), false, 200),
                c.text("helpline.cta.heading", cta.heading(), false, 200),
                c.text("helpline.cta.subheading", cta.subheading(), true, 200),
                c.text("helpline.cta.call-text", cta.callText(), false, 200),
                c.text("helpline.cta.stats", cta.stats(), true, 200),
                c.text("helpline.form.heading", f.heading(), false, 200),
                c.text("helpline.form.phone-label", f.phoneLabel(), false, 200),
                c.text("helpline.form.hint", f.hint(), false, 200),
                c.text("helpline.form.honeypot-label", f.honeypotLabel(), false, 400),
                c.template("helpline.form.consent-text", f.consentText(), vars),
                c.text("helpline.form.submit-text", f.submitText(), false, 200),
                c.text("helpline.form.success-text", f.successText(), false, MAX_TEXT));
        String formPath = c.path("helpline.form.path", f.path());
        boolean consentRequired = c.bool("helpline.form.consent-required", f.consentRequired());
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
        CallbackSettings callback = CallbackSettings.fromRaw(r.callback(), problems);
        if (!problems.isEmpty()) {
            return null;
        }
        return new HelplineConfig(enabled, phone, operator, site, texts, formPath, consentRequired, assetsPath,
                nonceAttribute, new PathRules(include, exclude), callback);
    }

    /** Collects problems while converting text values; answers null for a refused value. */
    private record Check(List<ConfigProblem> problems) {
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
            try {
                return PhoneNumber.parse(v);
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(key, v, e.getMessage()));
                return null;
            }
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

        String template(String key, String v, Map<String, String> vars) {
            String t = text(key, v, false, MAX_TEXT);
            if (t == null) {
                return null;
            }
            Matcher m = PLACEHOLDER.matcher(t);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value = vars.get(m.group(1));
                if (value == null) {
                    problems.add(new ConfigProblem(key, v, "unknown placeholder {" + m.group(1) + "}; known: "
                            + String.join(", ", vars.keySet().stream().sorted().map(k -> "{" + k + "}").toList())));
                    return null;
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            return out.toString();
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

    /** A copy with other texts (for previews and tests; texts are not validated again). */
    public HelplineConfig withTexts(Texts newTexts) {
        return new HelplineConfig(enabled, phone, operatorName, siteName, newTexts, formPath, consentRequired, assetsPath,
                nonceAttribute, paths, callback);
    }

    /** Readable, complete form, for logs and for comparing configurations. */
    @Override
    public String toString() {
        return "HelplineConfig[enabled=" + enabled + ", phone=" + phone.display() + ", operator=" + operatorName
                + ", site=" + siteName + ", formPath=" + formPath + ", consentRequired=" + consentRequired
                + ", assetsPath=" + assetsPath + ", nonceAttribute=" + nonceAttribute + ", paths=" + paths
                + ", texts=" + texts + ", callback=" + callback + "]";
    }
}
