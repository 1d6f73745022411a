package dev.helpline.core.render;

import dev.helpline.core.html.HtmlRewriter;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.helpline.core.render.Fragments.config;
import static dev.helpline.core.render.Fragments.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The public crisis lines written in a host's article are other parties' numbers: the
 * inline linker leaves them alone and the audit does not report them as hard-coded
 * helpline numbers, while a clinic's number is still reported and the helpline's linked.
 */
class CrisisNumbersInPagesTest {

    @Test
    void rewrite_articleWithCrisisNumbers_neitherLinkedNorAudited() throws Exception {
        List<String> audited = new CopyOnWriteArrayList<>();
        Widgets widgets = Widgets.of(config(), "").withAudit((path, masked) -> audited.add(masked));
        String article = "<p>In crisis, call or text 988, or call 911.</p>"
                + "<p>SAMHSA's National Helpline: 1-800-662-4357, (800) 662-4357, 800.662.4357, +1 800 662 4357;"
                + " TTY 1-800-487-4889.</p>"
                + "<p>A clinic: 212-555-0100. Our helpline: 800-601-3889.</p>";
        String page = "<!DOCTYPE html><html lang=en><head><title>t</title></head><body><main>" + article + "</main></body></html>";
        StringWriter out = new StringWriter();
        try (HtmlRewriter.RewritingWriter w = new HtmlRewriter().rewrite(out,
                widgets.forResponse("/blog/help", null, lang -> RenderContext.NONE))) {
            w.write(page);
            w.finish();
        }
        Element main = parse(out.toString().substring(out.toString().indexOf("<main>"))).selectFirst("main");
        assertEquals(List.of("tel:+18006013889"), main.select("a[href^=tel:], a[href^=sms:]").eachAttr("href"),
                "only the helpline's number is linked");
        assertEquals(1, main.select("[data-helpline=who]").size());
        assertEquals(List.of("********00"), audited, "the clinic is reported; the public lines are not");
        // The widget's own crisis links, written before the article, are not the helpline's either.
        Element widget = parse(out.toString().substring(0, out.toString().indexOf("<main>")));
        assertEquals(List.of("tel:+18006013889"), widget.select("[data-helpline=tel]").eachAttr("href").stream().distinct().toList());
        assertEquals(10, widget.select("[data-helpline=crisis]").size(), "disclosure and panel");
    }
}
