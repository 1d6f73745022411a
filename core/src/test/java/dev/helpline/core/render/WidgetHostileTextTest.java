package dev.helpline.core.render;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helpline.core.config.ConfigException;
import dev.helpline.core.config.HelplineConfig;
import dev.helpline.core.config.Texts;
import org.jsoup.nodes.Element;
import dev.helpline.core.config.ConfigSchema;
import dev.helpline.core.config.SettingInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static dev.helpline.core.render.Fragments.parse;
import static dev.helpline.core.render.Fragments.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every string of the Big List of Naughty Strings as every configuration text in turn:
 * the widget must keep exactly its element structure and show the text as given.
 */
class WidgetHostileTextTest {
    private static final Path CORPUS = Path.of("src/test/corpora/blns/blns.json");
    /** Texts that may be empty, which leaves their element out. */
    private static final Set<String> OPTIONAL = Set.of("helpline.cta.subheading", "helpline.cta.stats");
    /** Texts that are templates: a blns string with braces is refused as a placeholder. */
    private static final Set<String> TEMPLATES = Set.of("helpline.disclosure.body", "helpline.form.consent-text",
            "helpline.disclosure.providers-text");

    private static final List<String> TEXT_KEYS = List.of(
            "helpline.banner.aria-label", "helpline.banner.call-text", "helpline.banner.label",
            "helpline.disclosure.link-text", "helpline.disclosure.title", "helpline.disclosure.body",
            "helpline.disclosure.close-text", "helpline.disclosure.providers-text",
            "helpline.cta.heading", "helpline.cta.subheading", "helpline.cta.call-text", "helpline.cta.stats",
            "helpline.form.heading", "helpline.form.phone-label", "helpline.form.hint", "helpline.form.honeypot-label",
            "helpline.form.consent-text", "helpline.form.submit-text", "helpline.form.success-text");
    private static final Map<String, String> DEFAULTS = new HashMap<>();
    private static final Map<String, String> BASELINES = new ConcurrentHashMap<>();

    private static List<String> strings;
    /** Each corpus string that at least one key accepted, with the configuration holding it. */
    private static final Map<String, HelplineConfig> accepted = new LinkedHashMap<>();
    private static final Map<String, Set<String>> refusedKeys = new HashMap<>();
    private static final Map<String, Integer> refusals = new HashMap<>();

    @BeforeAll
    static void loadCorpus() throws IOException {
        strings = new ObjectMapper().readValue(corpus().toFile(), new TypeReference<List<String>>() { });
        assertTrue(strings.size() > 400, "corpus too small: " + strings.size());
        for (SettingInfo s : ConfigSchema.settings()) {
            DEFAULTS.put(s.key(), s.defaultValue());
        }
        for (String hostile : strings) {
            Set<String> refused = new HashSet<>();
            accepted.putIfAbsent(hostile, bindEverywhere(hostile, refused));
            refusedKeys.putIfAbsent(hostile, refused);
            refused.forEach(k -> refusals.merge(k, 1, Integer::sum));
        }
    }

    /** The copy kept with the tests (tests run in the module directory). */
    private static Path corpus() {
        if (!Files.isRegularFile(CORPUS)) {
            throw new IllegalStateException("no Big List of Naughty Strings at " + CORPUS.toAbsolutePath());
        }
        return CORPUS;
    }

    /**
     * Binds the string to every text key at once (one binding per string keeps the test
     * fast: binding costs far more than rendering), dropping the keys that refuse it.
     * Answers the validated texts, or counts the refusals.
     */
    private static HelplineConfig bindEverywhere(String hostile, Set<String> refused) {
        Map<String, String> p = new HashMap<>();
        p.put("helpline.phone", "800-601-3889");
        for (String key : TEXT_KEYS) {
            p.put(key, hostile);
        }
        p.put("helpline.operator.name", hostile);
        p.put("helpline.site.name", hostile);
        while (true) {
            try {
                return HelplineConfig.fromProperties(p);
            } catch (ConfigException e) {
                for (var problem : e.problems()) {
                    refused.add(problem.key());
                    p.put(problem.key(), problem.key().equals("helpline.operator.name") ? "Operator" : DEFAULTS.get(problem.key()));
                }
            }
        }
    }

    @Test
    void render_naughtyStringInEveryText_keepsStructureAndShowsTextsExactly() {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, HelplineConfig> e : accepted.entrySet()) {
            check(e.getValue(), e.getKey(), failures);
        }
        assertEquals(List.of(), failures);
    }

    @ParameterizedTest
    @MethodSource("textKeys")
    void render_naughtyStringAsOneText_keepsStructureAndShowsTextExactly(String key) throws Exception {
        HelplineConfig base = Fragments.config();
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, HelplineConfig> e : accepted.entrySet()) {
            if (refusedKeys.get(e.getKey()).contains(key)) {
                continue;
            }
            String validated = textOf(e.getValue().texts(), key);
            if (!TEMPLATES.contains(key) && !validated.equals(e.getKey().strip())) {
                failures.add("binding changed " + e.getKey() + " to " + validated);
            }
            check(withText(base, key, validated), e.getKey(), failures);
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void render_naughtyOperatorAndSiteInDefaultTemplates_areTextInDisclosureAndConsent() {
        List<String> failures = new ArrayList<>();
        int refused = 0;
        for (String hostile : strings) {
            HelplineConfig config;
            try {
                config = Fragments.config("helpline.operator.name", hostile, "helpline.site.name", hostile);
            } catch (ConfigException e) {
                refused++;
                continue;
            }
            if (!config.texts().formConsentText().contains(hostile.strip())
                    || !config.texts().disclosureBody().contains(hostile.strip())) {
                failures.add("templates lost " + hostile);
            }
            check(config, hostile, failures);
        }
        assertEquals(List.of(), failures);
        assertTrue(refused < strings.size() / 10, "refused " + refused);
    }

    @Test
    void bind_naughtyStrings_mostAreAcceptedAsText() {
        for (String key : TEXT_KEYS) {
            int refused = refusals.getOrDefault(key, 0);
            int allowed = strings.size() / (TEMPLATES.contains(key) ? 5 : 10);
            assertTrue(refused <= allowed, key + " refused " + refused + " of " + strings.size());
        }
        assertTrue(accepted.size() > strings.size() * 9 / 10, "accepted " + accepted.size());
    }

    /** Renders {@code config} and compares its structure and texts with what it was given. */
    private static void check(HelplineConfig config, String hostile, List<String> failures) {
        Widget widget = Widget.render(config, "");
        Element page = parse(widget.bodyStart() + widget.cta());
        String expectedShape = BASELINES.computeIfAbsent(baselineKey(config), k -> {
            Widget plain = baseline(config);
            return shape(parse(plain.bodyStart() + plain.cta()));
        });
        if (!shape(page).equals(expectedShape)) {
            failures.add("structure changed by " + hostile + "\n  " + shape(page));
            return;
        }
        List<String> wrong = wrongTexts(page, config.texts());
        if (!wrong.isEmpty()) {
            failures.add(hostile + " shown wrong in " + wrong);
        }
    }

    /** {@code base} with one text replaced, built directly: the value was validated by a binding already. */
    private static HelplineConfig withText(HelplineConfig base, String key, String value) throws Exception {
        RecordComponent[] components = Texts.class.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = String.class;
            args[i] = components[i].getName().equals(component(key)) ? value : components[i].getAccessor().invoke(base.texts());
        }
        Texts texts = Texts.class.getDeclaredConstructor(types).newInstance(args);
        return base.withTexts(texts);
    }

    /** {@code helpline.banner.aria-label} is the component {@code bannerAriaLabel}. */
    private static String component(String key) {
        String[] parts = key.substring("helpline.".length()).split("[.-]");
        StringBuilder b = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            b.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return b.toString();
    }

    static List<String> textKeys() {
        return TEXT_KEYS;
    }

    /** What decides the baseline's shape: the number of paragraphs and which optional lines exist. */
    private static String baselineKey(HelplineConfig c) {
        return Widget.paragraphs(c.texts().disclosureBody()).size() + "/" + c.texts().ctaSubheading().isEmpty()
                + "/" + c.texts().ctaStats().isEmpty();
    }

    /** A configuration with plain texts and the same shape-deciding properties as {@code c}. */
    private static Widget baseline(HelplineConfig c) {
        Map<String, String> p = new HashMap<>();
        p.put("helpline.phone", "800-601-3889");
        p.put("helpline.operator.name", "x");
        p.put("helpline.site.name", "x");
        for (String key : TEXT_KEYS) {
            p.put(key, "x");
        }
        p.put("helpline.disclosure.body", String.join("\n\n",
                Collections.nCopies(Widget.paragraphs(c.texts().disclosureBody()).size(), "x")));
        for (String key : OPTIONAL) {
            p.put(key, textOf(c.texts(), key).isEmpty() ? "" : "x");
        }
        return Widget.render(HelplineConfig.fromProperties(p), "");
    }

    private static String textOf(Texts t, String key) {
        try {
            return (String) Texts.class.getMethod(component(key)).invoke(t);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(key, e);
        }
    }

    /** Compares every place a text appears with the configured text, character for character. */
    private static List<String> wrongTexts(Element page, Texts t) {
        List<String> wrong = new ArrayList<>();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("[data-helpline=banner]@aria-label", t.bannerAriaLabel());
        expected.put(".helpline-call-text", t.bannerCallText());
        expected.put(".helpline-label", t.bannerLabel());
        expected.put("[data-helpline=banner] .helpline-who", t.disclosureLinkText());
        expected.put("[data-helpline=cta] .helpline-who", t.disclosureLinkText());
        expected.put(".helpline-open-form", t.formHeading());
        expected.put("#helpline-callback-title", t.formHeading());
        expected.put("#helpline-disclosure-title", t.disclosureTitle());
        expected.put("[data-helpline=disclosure] .helpline-close", t.disclosureCloseText());
        expected.put("[data-helpline=callback] .helpline-close", t.disclosureCloseText());
        expected.put(".helpline-cta-heading", t.ctaHeading());
        expected.put(".helpline-cta-call-text", t.ctaCallText());
        expected.put("label[for=helpline-phone]", t.formPhoneLabel());
        expected.put("#helpline-phone-hint", t.formHint());
        expected.put("label[for=helpline-website]", t.formHoneypotLabel());
        expected.put("label[for=helpline-consent]", t.formConsentText());
        expected.put("button[type=submit]", t.formSubmitText());
        expected.put("form[data-helpline=form]@data-helpline-success", t.formSuccessText());
        expected.put(".helpline-providers", t.disclosureProvidersText() + " " + Widget.shownUrl(t.disclosureProvidersUrl()));
        expected.put(".helpline-providers-link@href", t.disclosureProvidersUrl());
        if (!t.ctaSubheading().isEmpty()) {
            expected.put(".helpline-cta-sub", t.ctaSubheading());
        }
        if (!t.ctaStats().isEmpty()) {
            expected.put(".helpline-cta-stats", t.ctaStats());
        }
        expected.forEach((where, text) -> {
            String[] parts = where.split("@");
            Element e = page.selectFirst(parts[0]);
            String actual = e == null ? null : parts.length == 2 ? e.attr(parts[1]) : e.wholeText();
            if (!text.equals(actual)) {
                wrong.add(where + "=" + actual);
            }
        });
        List<String> paragraphs = page.select("[data-helpline=disclosure] > p:not([class])").stream().map(Element::wholeText).toList();
        if (!paragraphs.equals(Widget.paragraphs(t.disclosureBody()))) {
            wrong.add("disclosure paragraphs=" + paragraphs);
        }
        if (!String.join(" ", paragraphs).replaceAll("(?U)\\s+", " ").equals(t.disclosureBody().replaceAll("(?U)\\s+", " "))) {
            wrong.add("disclosure text lost characters");
        }
        return wrong;
    }
}
