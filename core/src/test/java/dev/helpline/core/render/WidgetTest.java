package dev.helpline.core.render;

import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.helpline.core.render.Fragments.config;
import static dev.helpline.core.render.Fragments.parse;
import static dev.helpline.core.render.Fragments.shape;
import static dev.helpline.core.render.Fragments.widget;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WidgetTest {
    private static final String HOSTILE = "\"><script>alert(1)</script><b onclick='x'>&amp;";

    private final Widget widget = widget();

    private static Element one(Element root, String css) {
        var found = root.select(css);
        assertEquals(1, found.size(), () -> "exactly one " + css + " in " + root.html());
        return found.first();
    }

    private static List<String> describedBy(Element e) {
        return Arrays.asList(e.attr("aria-describedby").trim().split("\\s+"));
    }

    /** A page may declare Latin-1, Shift_JIS or no charset: only ASCII reads the same in all. */
    @Test
    void bodyStart_nonAsciiTexts_isPureAsciiAndDecodesBack() {
        var config = dev.helpline.core.config.HelplineConfig.fromProperties(java.util.Map.of(
                "helpline.phone", "800-601-3889", "helpline.operator.name", "Centros Americanos de Adicci\u00f3n",
                "helpline.banner.label", "L\u00ednea de ayuda 24 h \uD83D\uDCDE", "helpline.disclosure.link-text", "\u00bfQui\u00e9n responde?"));
        String html = Widget.render(config, "").bodyStart(new RenderContext("n\u00f8nce", "t", FormState.error(
                java.util.Map.of("phone", "N\u00famero inv\u00e1lido"))));
        assertTrue(html.chars().allMatch(ch -> ch < 0x7F), "non-ASCII left in the fragment");
        var doc = org.jsoup.Jsoup.parseBodyFragment(html);
        assertEquals("L\u00ednea de ayuda 24 h \uD83D\uDCDE", doc.selectFirst(".helpline-label").text());
        assertEquals("\u00bfQui\u00e9n responde?", doc.selectFirst("a.helpline-who").text());
        assertTrue(doc.text().contains("N\u00famero inv\u00e1lido"));
        assertEquals("\u00b7", doc.selectFirst(".helpline-sep").text());
    }

    @Test
    void bodyStart_noContext_isBodyStartWithEmptyContext() {
        assertEquals(widget.bodyStart(RenderContext.NONE), widget.bodyStart());
        assertEquals(widget.bodyStart(new RenderContext(null, null, null)), widget.bodyStart());
    }

    @Test
    void bodyStart_default_topLevelElementsAreMarkedInOrder() {
        Element body = parse(widget.bodyStart());
        List<String> parts = body.children().stream().map(e -> e.tagName() + ":" + e.attr("data-helpline")).toList();
        assertEquals(List.of("link:style", "script:script", "aside:banner", "div:disclosure", "section:callback"), parts);
    }

    @Test
    void bodyStart_default_isBannerDisclosureAndPanelConcatenated() {
        String tail = widget.banner() + widget.disclosure() + widget.form();
        assertTrue(widget.bodyStart().endsWith(tail));
    }

    @Test
    void bodyStart_default_assetTagsCarryUrlAndIntegrity() {
        Element body = parse(widget.bodyStart());
        Asset css = widget.assets().get(0);
        Asset js = widget.assets().get(1);
        Element link = one(body, "link[data-helpline=style]");
        Element script = one(body, "script[data-helpline=script]");
        assertAll(
                () -> assertEquals("stylesheet", link.attr("rel")),
                () -> assertEquals("/helpline/assets/" + css.fileName(), link.attr("href")),
                () -> assertEquals(css.integrity(), link.attr("integrity")),
                () -> assertEquals("/helpline/assets/" + js.fileName(), script.attr("src")),
                () -> assertEquals(js.integrity(), script.attr("integrity")),
                () -> assertTrue(script.hasAttr("defer")),
                () -> assertFalse(link.hasAttr("nonce")),
                () -> assertFalse(script.hasAttr("nonce")));
    }

    @Test
    void render_contextPath_prefixesFormActionAndAssetUrls() {
        Element body = parse(Widget.render(config(), "/app").bodyStart());
        assertEquals("/app/helpline/callback", one(body, "form[data-helpline=form]").attr("action"));
        assertTrue(one(body, "link[data-helpline=style]").attr("href").startsWith("/app/helpline/assets/helpline-"));
        assertTrue(one(body, "script[data-helpline=script]").attr("src").startsWith("/app/helpline/assets/helpline-"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"app", "/app/", "/"})
    void render_malformedContextPath_throws(String contextPath) {
        assertThrows(IllegalArgumentException.class, () -> Widget.render(config(), contextPath));
    }

    @Test
    void banner_default_readsCallNowNumberAndWhoAnswers() {
        Element banner = one(parse(widget.banner()), "aside[data-helpline=banner]");
        Element tel = one(banner, "a[href^=tel:]");
        assertAll(
                () -> assertEquals("Helpline", banner.attr("aria-label")),
                () -> assertTrue(banner.text().startsWith("Call Now: 24Hr Addiction Hotline (800) 601-3889 · Who Answers?"), banner.text()),
                () -> assertEquals("tel:+18006013889", tel.attr("href")),
                () -> assertEquals("tel", tel.attr("data-helpline")),
                () -> assertTrue(tel.text().contains("(800) 601-3889")),
                () -> assertEquals("Who Answers?", one(banner, "a[href=#helpline-disclosure]").text()),
                () -> assertEquals("true", one(banner, ".helpline-sep").attr("aria-hidden")));
    }

    @Test
    void banner_default_linksToCallbackPanel() {
        Element link = one(parse(widget.banner()), "a[href=#helpline-callback]");
        assertEquals("Request a call back", link.text());
        assertEquals("helpline-callback", link.attr("aria-controls"));
    }

    @Test
    void disclosure_default_isModalDialogLabelledByItsHeading() {
        Element d = one(parse(widget.disclosure()), "div[data-helpline=disclosure]");
        Element title = one(d, "h2");
        assertAll(
                () -> assertEquals("helpline-disclosure", d.id()),
                () -> assertEquals("dialog", d.attr("role")),
                () -> assertEquals("true", d.attr("aria-modal")),
                () -> assertEquals(title.id(), d.attr("aria-labelledby")),
                () -> assertEquals("Where do calls go?", title.text()),
                () -> assertEquals("-1", d.attr("tabindex")),
                () -> assertEquals("Close", one(d, "a.helpline-close").text()));
    }

    @Test
    void disclosure_defaultBody_namesOperatorAndSiteInThreeParagraphs() {
        // The body's own paragraphs; the crisis lines and the providers' line have classes.
        List<String> paragraphs = parse(widget.disclosure()).select("[data-helpline=disclosure] > p:not([class])").eachText();
        assertEquals(3, paragraphs.size());
        assertTrue(paragraphs.get(0).contains("American Addiction Centers"));
        assertTrue(paragraphs.get(1).contains("this site"));
    }

    @Test
    void disclosure_bodyWithBlankLines_rendersOneParagraphPerBlock() {
        Widget w = widget("helpline.disclosure.body", "First.\n\nSecond\n   \n\n Third\nstill third");
        List<String> paragraphs = parse(w.disclosure()).select("[data-helpline=disclosure] > p:not([class])").stream()
                .map(Element::wholeText).toList();
        assertEquals(List.of("First.", "Second", "Third\nstill third"), paragraphs);
    }

    @Test
    void form_default_postsToFormPathInsideCallbackPanel() {
        Element panel = one(parse(widget.form()), "section[data-helpline=callback]");
        Element form = one(panel, "form[data-helpline=form]");
        assertAll(
                () -> assertEquals("helpline-callback", panel.id()),
                () -> assertEquals(one(panel, "h2").id(), panel.attr("aria-labelledby")),
                () -> assertEquals("Request a call back", one(panel, "h2").text()),
                () -> assertFalse(panel.hasClass("helpline-is-open")),
                () -> assertEquals("post", form.attr("method")),
                () -> assertEquals("/helpline/callback", form.attr("action")),
                () -> assertTrue(form.select("input[name=token]").isEmpty()),
                () -> assertEquals("Call me back", one(form, "button[type=submit]").text()),
                () -> assertEquals("Thank you. We will call you back shortly.", form.attr("data-helpline-success")));
    }

    @Test
    void form_default_phoneFieldHasLabelHintAndAutocomplete() {
        Element form = parse(widget.form());
        Element phone = one(form, "input[name=phone]");
        Element hint = one(form, "#helpline-phone-hint");
        assertAll(
                () -> assertEquals("tel", phone.attr("type")),
                () -> assertEquals("tel", phone.attr("autocomplete")),
                () -> assertTrue(phone.hasAttr("required")),
                () -> assertFalse(phone.hasAttr("aria-invalid")),
                () -> assertEquals("Your phone number", one(form, "label[for=" + phone.id() + "]").text()),
                () -> assertEquals(List.of(hint.id()), describedBy(phone)),
                () -> assertEquals("Use this format: (###) ###-####", hint.text()));
    }

    @Test
    void form_default_honeypotIsLabelledOffScreenAndOutOfTabOrder() {
        Element form = parse(widget.form());
        Element trap = one(form, "input[name=website]");
        assertAll(
                () -> assertEquals("text", trap.attr("type")),
                () -> assertEquals("-1", trap.attr("tabindex")),
                () -> assertEquals("off", trap.attr("autocomplete")),
                () -> assertEquals("", trap.attr("value")),
                () -> assertTrue(trap.parent().hasClass("helpline-trap")),
                () -> assertEquals("This field is for validation purposes and should be left unchanged.",
                        one(form, "label[for=" + trap.id() + "]").text()));
    }

    @Test
    void form_consentRequired_rendersRequiredCheckboxLabelledByConsentText() {
        Element form = parse(widget.form());
        Element box = one(form, "input[name=consent]");
        assertAll(
                () -> assertEquals("checkbox", box.attr("type")),
                () -> assertEquals("yes", box.attr("value")),
                () -> assertTrue(box.hasAttr("required")),
                () -> assertTrue(one(form, "label[for=" + box.id() + "]").text().startsWith("I agree that American Addiction Centers")));
    }

    @Test
    void form_consentNotRequired_showsTextWithoutCheckbox() {
        Element form = parse(widget("helpline.form.consent-required", "false").form());
        assertTrue(form.select("input[name=consent]").isEmpty());
        assertTrue(one(form, ".helpline-consent").text().startsWith("I agree that American Addiction Centers"));
    }

    @Test
    void form_default_hasEmptyPoliteStatusRegion() {
        Element status = one(parse(widget.form()), "[role=status]");
        assertEquals("polite", status.attr("aria-live"));
        assertEquals(0, status.childrenSize());
        assertEquals("", status.wholeText());
    }

    @Test
    void bodyStart_errorState_marksFieldsInvalidAndDescribesThem() {
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put("phone", "That number has too few digits.");
        errors.put("consent", "Please agree so that we may call.");
        Element body = parse(widget.bodyStart(new RenderContext(null, null, FormState.error(errors))));
        Element phone = one(body, "input[name=phone]");
        Element consent = one(body, "input[name=consent]");
        assertAll(
                () -> assertTrue(one(body, "#helpline-callback").hasClass("helpline-is-open")),
                () -> assertEquals("true", phone.attr("aria-invalid")),
                () -> assertEquals(List.of("helpline-phone-hint", "helpline-phone-error"), describedBy(phone)),
                () -> assertEquals("That number has too few digits.", one(body, "#helpline-phone-error").text()),
                () -> assertEquals("true", consent.attr("aria-invalid")),
                () -> assertEquals(List.of("helpline-consent-error"), describedBy(consent)),
                () -> assertEquals("Please agree so that we may call.", one(body, "#helpline-consent-error").text()),
                () -> assertEquals("", one(body, "[role=status]").text()));
    }

    @Test
    void bodyStart_errorForFieldWithoutInput_showsMessageInStatusRegion() {
        Widget w = widget("helpline.form.consent-required", "false");
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put("token", "The form expired; please send it again.");
        errors.put("consent", "Consent missing.");
        Element body = parse(w.bodyStart(new RenderContext(null, null, FormState.error(errors))));
        assertEquals(List.of("The form expired; please send it again.", "Consent missing."),
                one(body, "[role=status]").select("p.helpline-error").eachText());
        assertFalse(one(body, "input[name=phone]").hasAttr("aria-invalid"));
    }

    @Test
    void bodyStart_successState_opensPanelAndShowsSuccessText() {
        Element body = parse(widget.bodyStart(new RenderContext(null, null, FormState.SUCCESS)));
        assertTrue(one(body, "#helpline-callback").hasClass("helpline-is-open"));
        assertEquals("Thank you. We will call you back shortly.", one(body, "[role=status]").text());
        assertTrue(body.select("[aria-invalid]").isEmpty());
    }

    @Test
    void bodyStart_hostileNonceAndToken_stayInsideTheirAttributes() {
        Element body = parse(widget.bodyStart(new RenderContext(HOSTILE, HOSTILE, FormState.NONE)));
        Element plain = parse(widget.bodyStart(new RenderContext("n", "t", FormState.NONE)));
        assertAll(
                () -> assertEquals(HOSTILE, one(body, "link[data-helpline=style]").attr("nonce")),
                () -> assertEquals(HOSTILE, one(body, "script[data-helpline=script]").attr("nonce")),
                () -> assertEquals(HOSTILE, one(body, "input[name=token]").attr("value")),
                () -> assertEquals("hidden", one(body, "input[name=token]").attr("type")),
                () -> assertEquals(shape(plain).replace("\"n\"", "\"\"").replace("\"t\"", "\"\""),
                        shape(body).replace('"' + HOSTILE + '"', "\"\"")));
    }

    @Test
    void bodyStart_emptyNonce_leavesNonceOut() {
        Element body = parse(widget.bodyStart(new RenderContext("", "", FormState.NONE)));
        assertTrue(body.select("[nonce]").isEmpty());
        assertEquals("", one(body, "input[name=token]").attr("value"));
    }

    @Test
    void bodyStart_hostileErrorMessages_areText() {
        Element body = parse(widget.bodyStart(new RenderContext(null, null,
                FormState.error(Map.of("phone", HOSTILE, "other", HOSTILE)))));
        assertEquals(HOSTILE, one(body, "#helpline-phone-error").wholeText());
        assertEquals(HOSTILE, one(body, "[role=status] p").wholeText());
        assertTrue(body.select("b, [onclick]").isEmpty());
        assertEquals(2, body.select("script").size() + body.select("link").size());
    }

    @Test
    void cta_default_showsHeadingNumberDisclosureTriggerAndStats() {
        Element cta = one(parse(widget.cta()), "div[data-helpline=cta]");
        Element tel = one(cta, "a[data-helpline=tel]");
        Element who = one(cta, "a[href=#helpline-disclosure]");
        assertAll(
                () -> assertEquals("I need to talk to someone now", one(cta, ".helpline-cta-heading").text()),
                () -> assertEquals("Free and confidential", one(cta, ".helpline-cta-sub").text()),
                () -> assertEquals("Call (800) 601-3889 (Who Answers?)", one(cta, ".helpline-cta-call").text()),
                () -> assertEquals("tel:+18006013889", tel.attr("href")),
                () -> assertEquals("(800) 601-3889", tel.text()),
                () -> assertEquals("Who Answers?", who.text()),
                () -> assertEquals("Response time about 1 min | Response rate 100%", one(cta, ".helpline-cta-stats").text()),
                () -> assertTrue(cta.select("[id]").isEmpty(), "the box may appear more than once per page"));
    }

    @Test
    void cta_emptyStatsAndSubheading_leavesTheirLinesOut() {
        Element cta = parse(widget("helpline.cta.stats", "", "helpline.cta.subheading", "").cta());
        assertTrue(cta.select(".helpline-cta-stats, .helpline-cta-sub").isEmpty());
        assertEquals(2, cta.select("p").size());
    }

    /** Every fragment in every form state, as a page would get them. */
    private static List<String> allFragments() {
        List<String> out = new ArrayList<>();
        for (Widget w : List.of(widget(), widget("helpline.form.consent-required", "false"))) {
            out.add(w.bodyStart());
            out.add(w.bodyStart(new RenderContext("abc", "tok", FormState.SUCCESS)));
            out.add(w.bodyStart(new RenderContext("abc", "tok", FormState.error(Map.of("phone", "x", "consent", "y", "z", "w")))));
            out.add(w.cta());
        }
        return out;
    }

    @Test
    void allFragments_anyState_haveNoInlineStylesHandlersOrScripts() {
        for (String fragment : allFragments()) {
            Element root = parse(fragment);
            for (Element e : root.getAllElements()) {
                for (Attribute a : e.attributes()) {
                    assertFalse(a.getKey().equals("style") || a.getKey().startsWith("on"), () -> a + " on " + e.tagName());
                    assertFalse(a.getValue().toLowerCase().startsWith("javascript:"), a::toString);
                }
            }
            for (Element script : root.select("script")) {
                assertTrue(script.hasAttr("src") && script.data().isEmpty(), "only external scripts");
            }
            assertTrue(root.select("style").isEmpty());
        }
    }

    @Test
    void allFragments_anyState_idsArePrefixedUniqueAndEveryReferenceResolves() {
        for (String fragment : allFragments()) {
            Element root = parse(fragment);
            Set<String> ids = new HashSet<>();
            for (Element e : root.select("[id]")) {
                assertTrue(e.id().startsWith("helpline-"), e.id());
                assertTrue(ids.add(e.id()), () -> "duplicate id " + e.id());
            }
            if (!root.select("[data-helpline=cta]").isEmpty()) {
                continue; // the box only points at the disclosure that bodyStart carries
            }
            for (Element e : root.select("[aria-describedby], [aria-labelledby], [aria-controls], label[for]")) {
                for (String attr : List.of("aria-describedby", "aria-labelledby", "aria-controls", "for")) {
                    for (String ref : e.attr(attr).trim().split("\\s+")) {
                        assertTrue(ref.isEmpty() || ids.contains(ref), () -> attr + "=" + ref + " on " + e.outerHtml());
                    }
                }
            }
            for (Element a : root.select("a[href^=#]:not(.helpline-close)")) {
                assertTrue(ids.contains(a.attr("href").substring(1)), a::outerHtml);
            }
        }
    }

    @Test
    void allFragments_anyState_everyControlHasAnAccessibleName() {
        for (String fragment : allFragments()) {
            Element root = parse(fragment);
            for (Element e : root.select("a, button")) {
                assertFalse(e.text().isBlank(), e::outerHtml);
            }
            for (Element input : root.select("input:not([type=hidden])")) {
                assertNotNull(root.selectFirst("label[for=" + input.id() + "]"), input::outerHtml);
            }
            for (Element region : root.select("aside, section, [role=dialog]")) {
                assertTrue(region.hasAttr("aria-label") || region.hasAttr("aria-labelledby"), region.tagName());
            }
        }
    }

    @Test
    void asset_fileNameOfEachAsset_findsIt() {
        for (Asset a : widget.assets()) {
            assertSame(a, widget.asset(a.fileName()).orElseThrow());
        }
    }

    @Test
    void asset_unhashedOrUnknownName_isEmpty() {
        assertTrue(widget.asset("helpline.css").isEmpty());
        assertTrue(widget.asset("../helpline.js").isEmpty());
        assertEquals(List.of("text/css; charset=utf-8", "text/javascript; charset=utf-8"),
                widget.assets().stream().map(Asset::contentType).toList());
    }

    @Test
    void formState_messagesWithoutErrorStatus_throws() {
        assertThrows(IllegalArgumentException.class,
                () -> new FormState(FormState.Status.SUCCESS, Map.of("phone", "x")));
    }

    @Test
    void formState_givenMap_isCopiedInOrder() {
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put("b", "1");
        errors.put("a", "2");
        FormState state = FormState.error(errors);
        errors.put("c", "3");
        assertEquals(List.of("b", "a"), List.copyOf(state.fieldErrors().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> state.fieldErrors().put("d", "4"));
    }

    @Test
    void renderContext_nullFormState_meansNone() {
        assertSame(FormState.NONE, new RenderContext("n", null, null).formState());
        assertNull(RenderContext.NONE.nonce());
    }
}
