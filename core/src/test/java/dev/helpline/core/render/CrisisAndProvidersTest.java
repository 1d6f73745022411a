package dev.helpline.core.render;

import dev.helpline.core.config.ConfigException;
import dev.helpline.core.config.ConfigProblem;
import dev.helpline.core.config.HelplineConfig;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.helpline.core.render.Fragments.config;
import static dev.helpline.core.render.Fragments.parse;
import static dev.helpline.core.render.Fragments.widget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The crisis lines (988, 911, SAMHSA's National Helpline) and the licensed-provider
 * instructions in the rendered widget, and the configuration that shapes them.
 */
class CrisisAndProvidersTest {
    private static final List<String> CRISIS_HREFS =
            List.of("tel:988", "sms:988", "tel:911", "tel:+18006624357", "tel:+18004874889");

    private static List<String> hrefs(Elements links) {
        return links.stream().map(a -> a.attr("href")).toList();
    }

    @Test
    void render_default_crisisLinesInDisclosureAndBesideTheFormOnly() {
        Widget w = widget();
        Element page = parse(w.bodyStart() + w.cta());
        Element disclosure = page.selectFirst("[data-helpline=disclosure]");
        assertEquals(CRISIS_HREFS, hrefs(disclosure.select(".helpline-crisis a")));
        assertEquals("In crisis? Call or text 988 \u00B7 In an emergency call 911",
                disclosure.selectFirst(".helpline-crisis p").text());
        assertTrue(disclosure.select(".helpline-crisis p").get(1).text().contains("1-800-662-4357 (TTY 1-800-487-4889)"));
        // First thing after the heading: before anything about the operator.
        assertEquals("helpline-crisis", disclosure.child(1).className());
        Element panel = page.selectFirst("[data-helpline=callback]");
        assertEquals(CRISIS_HREFS, hrefs(panel.select(".helpline-crisis a")));
        assertTrue(panel.selectFirst(".helpline-crisis").elementSiblingIndex() < panel.selectFirst("form").elementSiblingIndex(),
                "the crisis lines come before the form");
        assertEquals(List.of(), page.select("[data-helpline=banner] [data-helpline=crisis], [data-helpline=cta] [data-helpline=crisis]"));
    }

    @Test
    void render_crisisLinks_areNeverTheHelplinesAndNeverSayWhoAnswers() {
        HelplineConfig c = config("helpline.crisis.in-banner", "true", "helpline.crisis.in-cta", "true");
        for (String lang : List.of("en", "es")) {
            Widget w = Widget.render(c, "", null, lang);
            Element page = parse(w.bodyStart() + w.banner(false) + w.cta(true, true) + w.cta(false, true));
            Elements crisis = page.select("[data-helpline=crisis]");
            assertEquals(5 + 5 + 3 + 3 + 3 + 3, crisis.size(), lang + ": disclosure, panel, banner open and closed, two boxes");
            for (Element a : crisis) {
                assertTrue(CRISIS_HREFS.contains(a.attr("href")), a.outerHtml());
                assertNull(a.closest("[data-helpline=who]"));
                Element next = a.nextElementSibling();
                assertTrue(next == null || !next.hasClass("helpline-who"), a.outerHtml());
                // Every link says which number it dials, in its text or its accessible name.
                assertTrue(a.text().matches(".*\\d.*") || a.attr("aria-label").matches(".*(988|911).*"), a.outerHtml());
            }
            for (Element tel : page.select("[data-helpline=tel]")) {
                assertEquals("tel:+18006013889", tel.attr("href"));
            }
            assertEquals(List.of(), page.select(".helpline-crisis .helpline-who, .helpline-crisis-line .helpline-who"));
        }
    }

    @Test
    void render_spanish_builtInCrisisAndProviderTexts() {
        Widget w = Widget.render(config(), "", null, "es");
        Element d = parse(w.disclosure()).selectFirst("[data-helpline=disclosure]");
        assertEquals("\u00BFEn crisis? Llame o env\u00EDe un mensaje de texto al 988 \u00B7 En una emergencia, llame al 911",
                d.selectFirst(".helpline-crisis p").text());
        assertTrue(d.select(".helpline-crisis p").get(1).text().contains("en ingl\u00E9s y en espa\u00F1ol"));
        assertEquals(CRISIS_HREFS, hrefs(d.select(".helpline-crisis a")));
        assertTrue(d.selectFirst(".helpline-providers").text().startsWith("Para comparar otros proveedores"));
        assertEquals("https://findtreatment.gov/", d.selectFirst(".helpline-providers a").attr("href"));
    }

    @Test
    void render_crisisOff_leavesThemOutAndNamesWhereInTheWarning() {
        HelplineConfig c = config("helpline.crisis.enabled", "false",
                "helpline.profiles.es.paths", "/es/**", "helpline.profiles.es.crisis.enabled", "true",
                "helpline.profiles.fl.paths", "/fl/**");
        Widget top = Widget.render(c, "");
        assertEquals(List.of(), parse(top.bodyStart() + top.cta()).select("[data-helpline=crisis], .helpline-crisis"));
        Widgets widgets = Widgets.of(c, "");
        Widget es = widgets.forRequest("/es/x", null, null);
        assertEquals(CRISIS_HREFS, hrefs(parse(es.disclosure()).select("[data-helpline=crisis]")));
        assertEquals(List.of(), parse(widgets.forRequest("/fl/x", null, null).disclosure()).select("[data-helpline=crisis]"));
        assertEquals("pages no profile matches and profile fl", Widgets.crisisOff(c));
        assertEquals("", Widgets.crisisOff(config()));
        assertEquals("profiles a, b", Widgets.crisisOff(config("helpline.profiles.a.paths", "/a/**",
                "helpline.profiles.a.crisis.enabled", "false", "helpline.profiles.b.paths", "/b/**",
                "helpline.profiles.b.crisis.enabled", "false")));
    }

    @Test
    void render_profileCrisisTexts_overrideTheBuiltInOnesOnItsPagesOnly() {
        HelplineConfig c = config("helpline.profiles.es.paths", "/es/**", "helpline.profiles.es.locale", "es",
                "helpline.profiles.es.crisis.text", "\u00BFCrisis? {tel:988|Llame} o {sms:988|escriba} al 988; emergencias: {tel:911}",
                "helpline.profiles.es.crisis.in-banner", "true");
        Widgets widgets = Widgets.of(c, "");
        Element es = parse(widgets.forRequest("/es/x", null, null).bodyStart());
        assertEquals("\u00BFCrisis? Llame o escriba al 988; emergencias: 911",
                es.selectFirst("[data-helpline=disclosure] .helpline-crisis p").text());
        assertEquals(List.of("tel:988", "sms:988", "tel:911"), hrefs(es.select("[data-helpline=banner] [data-helpline=crisis]")));
        Element en = parse(widgets.forRequest("/blog/x", "en", null).bodyStart());
        assertEquals("In crisis? Call or text 988 \u00B7 In an emergency call 911",
                en.selectFirst("[data-helpline=disclosure] .helpline-crisis p").text());
        assertEquals(List.of(), en.select("[data-helpline=banner] [data-helpline=crisis]"));
    }

    /** Turning the crisis lines off is a choice someone must see: one warning at start, naming where. */
    @Test
    void widgetsOf_crisisOff_logsOneWarningNamingWhere() {
        Logger log = Logger.getLogger(Widgets.class.getName());
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel() == Level.WARNING && r.getMessage().contains("crisis")) {
                    warnings.add(r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        try {
            Widgets.of(config(), "");
            assertEquals(List.of(), warnings, "on by default: nothing to warn about");
            Widgets.of(config("helpline.profiles.fl.paths", "/fl/**", "helpline.profiles.fl.crisis.enabled", "false"), "");
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("turned off for profile fl"), warnings.get(0));
        } finally {
            log.removeHandler(handler);
        }
    }

    @Test
    void render_crisisInBannerAndBox_onlyTheShortLine() {
        Widget w = widget("helpline.crisis.in-banner", "true", "helpline.crisis.in-cta", "true");
        Element banner = parse(w.banner()).selectFirst("[data-helpline=banner]");
        assertEquals(List.of("tel:988", "sms:988", "tel:911"), hrefs(banner.select("[data-helpline=crisis]")));
        for (String box : List.of(w.cta(true, true), w.cta(true, false), w.cta(false, true))) {
            assertEquals(List.of("tel:988", "sms:988", "tel:911"), hrefs(parse(box).select("[data-helpline=crisis]")));
        }
    }

    @Test
    void render_crisisTextWithMarkup_isTextAndKeepsItsLinks() {
        Widget w = widget("helpline.crisis.text", "<script>alert(1)</script> \"x\" {tel:988|<b>Call</b>} & {tel:911}");
        Element p = parse(w.disclosure()).selectFirst(".helpline-crisis p");
        assertEquals(List.of(), p.select("script, b"));
        assertEquals("<script>alert(1)</script> \"x\" <b>Call</b> & 911", p.text());
        assertEquals(List.of("tel:988", "tel:911"), hrefs(p.select("a")));
        assertEquals("<b>Call</b> 988", p.selectFirst("a").attr("aria-label"));
    }

    @Test
    void render_providers_afterWhoAnswersAPlainLinkWithoutReferrer() {
        Widget w = widget();
        Element d = parse(w.disclosure()).selectFirst("[data-helpline=disclosure]");
        Element providers = d.selectFirst(".helpline-providers");
        Element lastBody = d.select("> p:not([class])").last();
        assertTrue(providers.elementSiblingIndex() > lastBody.elementSiblingIndex(), "after who answers");
        assertTrue(providers.text().contains("licensed treatment providers"), providers.text());
        assertTrue(providers.text().contains("American Addiction Centers does not run"), providers.text());
        Element a = providers.selectFirst("a");
        assertEquals("https://findtreatment.gov/", a.attr("href"));
        assertEquals("findtreatment.gov", a.text());
        assertEquals("noreferrer", a.attr("rel"));
        assertNull(d.selectFirst(".helpline-represented"), "no list unless set");
        // No element of the widget makes the page fetch anything from the locator.
        assertEquals(List.of(), parse(w.bodyStart()).select("img, iframe, script[src*=findtreatment], link[href*=findtreatment]"));
    }

    @Test
    void render_profileProvidersUrlAndRepresentedProviders() {
        HelplineConfig c = config(
                "helpline.disclosure.represented-providers", "Recovery First, Inc.; Desert Hope ;",
                "helpline.profiles.fl.paths", "/fl/**",
                "helpline.profiles.fl.disclosure.providers-url", "https://www.myflfamilies.com/licensed-providers",
                "helpline.profiles.fl.disclosure.providers-text", "Florida lists every licensed provider:");
        Widgets widgets = Widgets.of(c, "");
        Element fl = parse(widgets.forRequest("/fl/x", "es", null).disclosure());
        // A URL and names are the same in every language: the profile's reach its Spanish page too.
        assertEquals("https://www.myflfamilies.com/licensed-providers", fl.selectFirst(".helpline-providers a").attr("href"));
        assertEquals("www.myflfamilies.com/licensed-providers", fl.selectFirst(".helpline-providers a").text());
        assertEquals(List.of("Recovery First, Inc.", "Desert Hope"), fl.select(".helpline-represented-list li").eachText());
        Element flEn = parse(widgets.forRequest("/fl/x", "en", null).disclosure());
        assertEquals("Florida lists every licensed provider: www.myflfamilies.com/licensed-providers",
                flEn.selectFirst(".helpline-providers").text());
        Element top = parse(widgets.forRequest("/blog/x", "en", null).disclosure());
        assertEquals("https://findtreatment.gov/", top.selectFirst(".helpline-providers a").attr("href"));
        assertEquals("Licensed providers that American Addiction Centers represents:", top.selectFirst(".helpline-represented").text());
    }

    @Test
    void config_badCrisisAndProviderValues_nameKeyAndValue() {
        ConfigException e = assertThrows(ConfigException.class, () -> config(
                "helpline.crisis.text", "In crisis? Call {tel:988}",
                "helpline.crisis.samhsa-text", "{tel:samhsa} {sms:samhsa-tty}",
                "helpline.profiles.x.paths", "/x/**",
                "helpline.profiles.x.crisis.text", "{tel:988} {tel:911} {tel:800-601-3889}",
                "helpline.profiles.x.crisis.in-cta", "maybe",
                "helpline.disclosure.providers-url", "javascript:alert(1)",
                "helpline.profiles.x.disclosure.providers-url", "findtreatment.gov"));
        List<String> lines = e.problems().stream().map(p -> p.key() + " = " + p.value() + ": " + p.reason()).toList();
        assertEquals(List.of(
                "helpline.crisis.samhsa-text = {tel:samhsa} {sms:samhsa-tty}: {sms:samhsa-tty}: 1-800-487-4889 does not take text messages; use {tel:samhsa-tty}",
                "helpline.crisis.text = In crisis? Call {tel:988}: must link 911 with {tel:911}",
                "helpline.disclosure.providers-url = javascript:alert(1): must be an absolute https:// or http:// URL like https://findtreatment.gov/",
                "helpline.profiles.x.crisis.in-cta = maybe: must be true or false",
                "helpline.profiles.x.crisis.text = {tel:988} {tel:911} {tel:800-601-3889}: {tel:800-601-3889} names no public line; known: 988, 911, samhsa, samhsa-tty",
                "helpline.profiles.x.disclosure.providers-url = findtreatment.gov: must be an absolute https:// or http:// URL like https://findtreatment.gov/"),
                lines);
    }

    @Test
    void config_crisisOffWhileAskedForInTheBanner_isRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> config(
                "helpline.crisis.enabled", "false", "helpline.crisis.in-banner", "true"));
        assertEquals(List.of("helpline.crisis.enabled"), e.problems().stream().map(ConfigProblem::key).toList());
        ConfigException p = assertThrows(ConfigException.class, () -> config(
                "helpline.crisis.enabled", "false", "helpline.profiles.x.paths", "/x/**", "helpline.profiles.x.crisis.in-cta", "true"));
        assertEquals(List.of("helpline.profiles.x.crisis.in-cta"), p.problems().stream().map(ConfigProblem::key).toList());
    }

    @Test
    void config_helplinePhoneIsAPublicLine_isRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> config("helpline.phone", "1-800-662-4357",
                "helpline.profiles.x.paths", "/x/**", "helpline.profiles.x.phone", "(800) 487-4889"));
        List<String> keys = e.problems().stream().map(ConfigProblem::key).toList();
        assertEquals(List.of("helpline.phone", "helpline.profiles.x.phone"), keys);
        assertTrue(e.getMessage().contains("helpline.phone = '1-800-662-4357': is a public line"), e.getMessage());
        assertNotNull(config("helpline.phone", "1-800-662-4358"), "a neighbouring number is fine");
    }
}
