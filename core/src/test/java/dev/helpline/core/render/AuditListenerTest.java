package dev.helpline.core.render;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The logging audit listener: each path and number once, and a bound on what it remembers. */
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

    @Test
    void stopsAfterItsBoundAndSaysSo() {
        AuditListener audit = AuditListener.logging(3);
        for (int i = 0; i < 10; i++) {
            audit.hardCodedNumber("/p" + i, "********47");
        }
        assertEquals(4, lines.size(), lines::toString);
        assertTrue(lines.get(2).contains("/p2"), lines::toString);
        assertEquals("INFO helpline audit: 3 findings logged; no more until restart", lines.get(3));
        audit.hardCodedNumber("/p0", "********99");
        assertEquals(4, lines.size(), "nothing after the bound");
    }

    @Test
    void aPathIsRequired() {
        assertThrows(NullPointerException.class, () -> AuditListener.logging().hardCodedNumber(null, "********47"));
    }
}
