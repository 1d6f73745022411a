package dev.helpline.core.render;

import dev.helpline.core.callback.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The logging audit listener: each path and number once, within bounds, and never silent for good. */
class AuditListenerTest {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger jul = Logger.getLogger("dev.helpline.audit");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            lines.add(r.getLevel() + " " + r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        jul.addHandler(capture);
        jul.setLevel(Level.ALL);
    }

    @AfterEach
    void stop() {
        jul.removeHandler(capture);
    }

    @Test
    void logsEachPathAndNumberOnce() {
        AuditListener audit = AuditListener.logging();
        audit.hardCodedNumber("/a", "********47");
        audit.hardCodedNumber("/a", "********47");
        audit.hardCodedNumber("/a", "********11");
        audit.hardCodedNumber("/b", "********47");
        audit.hardCodedNumber("/a", new String("********47")); // equal, not the same instance
        assertEquals(List.of(
                "INFO helpline audit: /a shows the number ********47 without a disclosure of who answers it",
                "INFO helpline audit: /a shows the number ********11 without a disclosure of who answers it",
                "INFO helpline audit: /b shows the number ********47 without a disclosure of who answers it"), lines);
    }

    /**
     * Issue J §8: 10,500 requests for long random paths grew the heap by 73 MB and wrote
     * 72 MB of log, then the audit went quiet for good and a genuine first finding on /es/
     * was never logged.
     */
    @Test
    void floodOfRandomPaths_boundedThenReportsAgainWithItsSuppressionCount() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
        AuditListener audit = new AuditLog(10_000, 100, 20, Duration.ofHours(1), clock);
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 10_500; i++) {
            audit.hardCodedNumber("/index.html/" + letters(random, 7_000), "********47");
        }
        assertEquals(List.of("INFO helpline audit: /index.html/* shows the number ********47 without a disclosure of who"
                + " answers it"), lines, "long paths are folded into their template");
        for (int i = 0; i < 10_500; i++) {
            audit.hardCodedNumber("/" + letters(random, 12), "********47");
        }
        assertEquals(100, lines.size(), "at most 100 findings an hour");
        audit.hardCodedNumber("/es/", "********11");
        assertEquals(100, lines.size(), "over the hour's bound: counted, not logged yet");
        clock.advance(Duration.ofMinutes(61));
        audit.hardCodedNumber("/es/", "********11");
        assertEquals("INFO helpline audit: 10402 findings not logged in the last PT1H (at most 100 per window, 20 per"
                + " path template); they are logged when seen again", lines.get(100));
        assertEquals("INFO helpline audit: /es/ shows the number ********11 without a disclosure of who answers it",
                lines.get(101), "the audit speaks again in the next hour");
    }

    private static String letters(java.util.Random random, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int k = 0; k < n; k++) {
            b.append((char) ('a' + random.nextInt(26)));
        }
        return b.toString();
    }

    @Test
    void overTheHourlyBound_countedThenLoggedInALaterHour() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
        AuditListener audit = new AuditLog(10_000, 3, 3, Duration.ofHours(1), clock);
        for (int i = 0; i < 10; i++) {
            audit.hardCodedNumber("/p" + (char) ('a' + i), "********47");
        }
        assertEquals(3, lines.size(), lines::toString);
        clock.advance(Duration.ofHours(2));
        audit.hardCodedNumber("/pj", "********47");
        assertTrue(lines.get(3).startsWith("INFO helpline audit: 7 findings not logged"), lines::toString);
        assertTrue(lines.get(4).contains("/pj shows"), "reported once its hour came: " + lines);
    }

    @Test
    void template_foldsDigitsAndLongSegments() {
        assertEquals("/item/*/reviews", AuditLog.template("/item/123/reviews"));
        assertEquals("/es/", AuditLog.template("/es/"));
        assertEquals("/a/*", AuditLog.template("/a/" + "x".repeat(40)));
    }

    @Test
    void aPathIsRequired() {
        assertThrows(NullPointerException.class, () -> AuditListener.logging().hardCodedNumber(null, "********47"));
    }
}
