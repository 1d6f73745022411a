package dev.helpline.servlet;

import dev.helpline.core.config.HelplineConfig;
import dev.helpline.servlet.ResponseSelector.Reason;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The response half of the decision names why a response passes, one reason per rule. */
class ResponseSelectorTest {
    static final ResponseSelector SELECTOR = new ResponseSelector(HelplineConfig.fromProperties(Map.of(
            "helpline.phone", "(800) 601-3889",
            "helpline.operator.name", "Example Treatment Operator",
            "helpline.cta.stats-as-of", "2026-01-01")));

    static Reason decide(int status, String type, String encoding, String disposition, String range, Object optOut) {
        return SELECTOR.wantsResponse(status, type, encoding, disposition, range, optOut);
    }

    @Test
    void wantsResponse_eachRule_namesItsReason() {
        assertEquals(Reason.REWRITE, decide(200, "text/html; charset=UTF-8", null, null, null, null));
        assertEquals(Reason.REWRITE, decide(200, "TEXT/HTML", "identity", "inline", null, Boolean.FALSE));
        assertEquals(Reason.STATUS, decide(404, "text/html", null, null, null, null));
        assertEquals(Reason.NO_CONTENT_TYPE, decide(200, null, null, null, null, null));
        assertEquals(Reason.PARTIAL, decide(200, "text/html", null, null, "bytes 0-9/100", null));
        assertEquals(Reason.OPTED_OUT, decide(200, "text/html", null, null, null, Boolean.TRUE));
        assertEquals(Reason.ENCODED, decide(200, "text/html", "gzip", null, null, null));
        assertEquals(Reason.ATTACHMENT, decide(200, "text/html", null, " Attachment; filename=a.html", null, null));
        assertEquals(Reason.NOT_HTML, decide(200, "application/json", null, null, null, null));
    }

    @Test
    void withoutCharset_keepsEverythingButTheCharset() {
        assertEquals("text/html", ResponseSelector.withoutCharset("text/html;charset=windows-1252"));
        assertEquals("text/html; level=1", ResponseSelector.withoutCharset("text/html; Charset=\"UTF-8\"; level=1"));
        assertEquals("text/html", ResponseSelector.withoutCharset("text/html"));
    }
}
