package dev.helpline.core.render;

import dev.helpline.core.config.HelplineConfig;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue K §4: where the "stop calling me" link sits, where it goes, and the stop page's markup. */
class StopLinkTest {
    private static final HelplineConfig CONFIG = HelplineConfig.fromProperties(Map.of(
            "helpline.phone", "800-601-3889", "helpline.operator.name", "Example Recovery Line",
            "helpline.profiles.es.paths", "/es/**", "helpline.profiles.es.locale", "es",
            "helpline.profiles.es.stop.link-text", "Basta de llamadas <b>&",
            "helpline.stop.path", "/no-calls"));

    @Test
    void render_linkInTheDisclosureAndUnderTheForm_inThePagesLanguageAndProfile() {
        Document en = Jsoup.parse(Widget.render(CONFIG, "/ctx").bodyStart());
        assertEquals(List.of("/ctx/no-calls?lang=en", "/ctx/no-calls?lang=en"),
                en.select("#helpline-disclosure .helpline-stop-link, #helpline-callback .helpline-stop-link").eachAttr("href"));
        assertTrue(en.selectFirst("#helpline-disclosure .helpline-stop + .helpline-close") != null, "just before Close");
        Document es = Jsoup.parse(Widget.render(CONFIG, "", CONFIG.profileFor("/es/a"), "es").bodyStart());
        assertEquals("/no-calls?lang=es&profile=es", es.selectFirst("#helpline-callback .helpline-stop-link").attr("href"));
        assertEquals("Basta de llamadas <b>&", es.selectFirst(".helpline-stop-link").text(), "a profile's own text, escaped");
        Document noForm = Jsoup.parse(Widget.render(CONFIG, "", null, "en", false).bodyStart());
        assertTrue(noForm.select(".helpline-stop-link").isEmpty(), "no store, nothing to stop: no link");
    }

    @Test
    void stopPage_formAndAnswer_labelledWithErrorsTiedToTheField() {
        Document form = Jsoup.parse(StopPage.form(CONFIG, "", null, "en", "tok", Map.of("phone", "Bad <number>")));
        assertEquals("en", form.selectFirst("html").attr("lang"));
        assertEquals("Your phone number", form.selectFirst("label[for=" + StopPage.PHONE_ID + "]").text());
        var input = form.getElementById(StopPage.PHONE_ID);
        assertEquals("true", input.attr("aria-invalid"));
        assertEquals("helpline-stop-hint helpline-stop-error", input.attr("aria-describedby"));
        assertEquals("Bad <number>", form.getElementById("helpline-stop-error").text());
        assertEquals("tok", form.selectFirst("input[name=token]").val());
        assertEquals("/no-calls", form.selectFirst("form").attr("action"));
        assertTrue(form.select("script, [style]").isEmpty(), "nothing a strict CSP would refuse");
        Document done = Jsoup.parse(StopPage.done(CONFIG, "", CONFIG.profileFor("/es/"), "es"));
        assertTrue(done.selectFirst(".helpline-done").text().startsWith("Gracias. Se ha pedido a Example Recovery Line"),
                done.selectFirst(".helpline-done").text());
    }
}
