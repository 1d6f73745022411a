package dev.helpline.core.callback;

import dev.helpline.core.config.HelplineConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The consent record must hold the texts the person was actually shown. */
class ConsentRecordTest {
    private static List<CallbackOutbox.Pending> submitFrom(String profileName, String language) {
        HelplineConfig config = HelplineConfig.fromProperties(Map.of(
                "helpline.phone", "800-601-3889", "helpline.operator.name", "AAC",
                "helpline.profiles.es.paths", "/es/**", "helpline.profiles.es.locale", "es",
                "helpline.callback.store.url", "jdbc:h2:mem:consent-" + profileName + "-" + language + ";DB_CLOSE_DELAY=-1"));
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
        try (CallbackService service = CallbackService.start(config, clock, false)) {
            String token = service.issueToken();
            clock.advance(Duration.ofSeconds(30));
            var profile = profileName == null ? null : config.profileFor("/es/x");
            Outcome o = service.submit(new Submission(Map.of("phone", "(212) 555-0199", "consent", "yes", "token", token),
                    "127.0.0.1", "https://site.example/es/x", "test", profile, language));
            assertInstanceOf(Outcome.Accepted.class, o);
            return service.outbox().claimDue(10, clock.instant(), Duration.ofSeconds(30));
        }
    }

    @Test
    void submit_fromSpanishProfilePage_recordsTheSpanishConsentText() {
        List<CallbackOutbox.Pending> pending = submitFrom("es", "es");
        assertEquals(1, pending.size());
        String payload = pending.get(0).payload();
        HelplineConfig config = HelplineConfig.fromProperties(Map.of("helpline.phone", "800-601-3889",
                "helpline.operator.name", "AAC", "helpline.profiles.es.paths", "/es/**", "helpline.profiles.es.locale", "es"));
        String spanish = config.texts(config.profileFor("/es/x"), "es").formConsentText();
        assertTrue(spanish.contains("AAC") && !spanish.startsWith("I agree"), spanish);
        assertTrue(payload.contains(spanish), payload);
        assertFalse(payload.contains("I agree that AAC may call me back"), payload);
    }

    @Test
    void submit_fromSitePage_recordsTheSiteLanguageConsentText() {
        List<CallbackOutbox.Pending> pending = submitFrom(null, null);
        assertTrue(pending.get(0).payload().contains("I agree that AAC may call me back"), pending.get(0).payload());
    }
}
