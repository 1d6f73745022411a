package dev.helpline.core.callback;

import dev.helpline.core.config.HelplineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue H §5: two services on one PostgreSQL store count one client against one bucket
 * (before, each instance had its own: a client alternating between two got twice its limit),
 * and a form rendered by one is accepted by the other (the token key is kept in the store).
 */
@ExtendWith(PostgresServer.class)
class SharedRateLimitTest {

    @Test
    void twoServicesOnOneStore_oneAllowancePerClientAndEachOthersForms(PostgresServer pg) throws Exception {
        String url = pg.newDatabase();
        Map<String, String> props = Map.of("helpline.phone", "800-601-3889", "helpline.operator.name", "AAC",
                "helpline.callback.store.url", url, "helpline.callback.rate-limit.per-minute", "4",
                "helpline.callback.rate-limit.per-phone-per-hour", "100");
        MutableClock clock = new MutableClock(Instant.now());
        try (CallbackService a = TestCallbacks.start(HelplineConfig.fromProperties(props), clock, false);
             CallbackService b = TestCallbacks.start(HelplineConfig.fromProperties(props), clock, false)) {
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                CallbackService renders = i % 2 == 0 ? b : a;
                CallbackService receives = i % 2 == 0 ? a : b;
                String token = renders.issueToken();
                clock.advance(Duration.ofSeconds(3));
                SubmissionOutcome o = receives.submit(new Submission(Map.of("phone", "(212) 736-50" + (10 + i), "consent", "yes",
                        "token", token), "203.0.113.7", "", "test"));
                answers.add(o.getClass().getSimpleName());
            }
            assertEquals(List.of("Accepted", "Accepted", "Accepted", "Accepted", "RateLimited", "RateLimited"), answers);
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT string_agg(id, ' ') FROM helpline_rate_limit")) {
                rs.next();
                String ids = rs.getString(1);
                assertFalse(ids.contains("203.0.113.7") || ids.contains("2127365010"), "keys are hashed: " + ids);
                assertTrue(ids.startsWith("ip:") || ids.startsWith("phone:"), ids);
            }
        }
    }
}
