package dev.helpline.servlet;

import dev.helpline.core.html.Outcome;
import dev.helpline.core.html.StopReason;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each filter counts its own pages' head outcomes and body stops (no JVM-wide map), by reason. */
class RewriteCountsFilterTest {
    static final String STOPPING = "<!doctype html><html><head><title>t</title></head><body>"
            + "<p>Call 800-601-3889.</p><a href=/x><div>card</a><p>Call 800-601-3889.</p></body></html>";

    @Test
    void bodyStop_countedByReasonOnThisFilterOnly() throws Exception {
        HelplineFilter filter = new HelplineFilter(HelplineFilterJettyTest.config());
        HelplineFilter other = new HelplineFilter(HelplineFilterJettyTest.config());
        try (JettyHarness h = new JettyHarness(filter, HelplineFilterJettyTest.host("text/html;charset=utf-8", STOPPING, false, false, 200));
             JettyHarness o = new JettyHarness(other, HelplineFilterJettyTest.host("text/html;charset=utf-8", "<p>x</p>", false, false, 200))) {
            HttpTester.Response r = h.get("/articles/a");
            assertEquals(200, r.getStatus());
            assertEquals(1, HelplineFilterJettyTest.count(r.getContent(), "<span data-helpline=\"who\">"),
                    "linked before the stop only: " + r.getContent());
            h.get("/articles/b");
            o.get("/");
            assertEquals(2L, filter.rewriteCounts().stops().get(StopReason.LINK_AROUND_BLOCK));
            assertEquals(2L, filter.rewriteCounts().outcomes().get(Outcome.INJECTED));
            assertEquals(0L, other.rewriteCounts().stops().get(StopReason.LINK_AROUND_BLOCK));
            assertEquals(1L, other.rewriteCounts().outcomes().get(Outcome.INJECTED));
            assertTrue(filter.rewriteCounts().stops().values().stream().mapToLong(Long::longValue).sum() == 2);
        }
    }
}
