package dev.helpline.core.callback;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue J §10: every refused submission logged an INFO line with the client's IP (120,000
 * lines in 37 s). Now refusals are counted and summed up once a minute, without addresses.
 */
class RefusalLogTest {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger jul = Logger.getLogger("dev.helpline.callback");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            String m = r.getMessage();
            if (r.getParameters() != null) {
                m = java.text.MessageFormat.format(m, r.getParameters());
            }
            lines.add(m);
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
    void manyRefusals_oneSummaryLineAMinuteWithoutTheAddress() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
        try (CallbackService service = TestCallbacks.start(TestConfigs.config("jdbc:h2:mem:refusals;DB_CLOSE_DELAY=-1",
                Map.of("helpline.callback.rate-limit.per-minute", "1")), clock, false)) {
            lines.clear();
            for (int i = 0; i < 2_000; i++) {
                service.submit(new Submission(Map.of("phone", "212-736-5021", "token", "forged"), "203.0.113.7", "", ""));
                clock.advance(Duration.ofMillis(20)); // 2,000 refusals in 40 s
            }
            clock.advance(Duration.ofSeconds(30));
            service.submit(new Submission(Map.of("token", "forged"), "203.0.113.7", "", ""));
            assertTrue(lines.stream().noneMatch(l -> l.contains("203.0.113")), lines::toString);
            List<String> summaries = lines.stream().filter(l -> l.startsWith("callback submissions refused")).toList();
            assertEquals(1, summaries.size(), lines::toString);
            assertTrue(summaries.get(0).contains("rate-limited (per IP) 2000") && summaries.get(0).contains("token FORGED 1"),
                    summaries.get(0));
        }
    }
}
