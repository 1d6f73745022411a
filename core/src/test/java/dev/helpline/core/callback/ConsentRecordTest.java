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
    private static List<CallbackStore.Pending> submitFrom(String profileName, String language) {
        HelplineConfig config = HelplineConfig.fromProperties(Map.of(
                "helpline.phone", "800-601-3889", "helpline.operator.name", "AAC",
                "helpline.profiles.es.paths", "/es/**", "helpline.profiles.es.locale", "es",
                "helpline.callback.store.url", "jdbc:h2:mem:consent-" + profileName + "-" + language + ";DB_CLOSE_DELAY=-1"));
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
        try (CallbackService service = TestCallbacks.start(config, clock, false)) {
            var profile = profileName == null ? null : config.profileFor("/es/x");
            String token = service.issueToken(new FormView(profile, language == null ? config.locale() : language));
            clock.advance(Duration.ofSeconds(30));
            SubmissionOutcome o = service.submit(new Submission(Map.of("phone", "(212) 736-5021", "consent", "yes", "token", token),
                    "127.0.0.1", "https://site.example/es/x", "test"));
            assertInstanceOf(SubmissionOutcome.Accepted.class, o);
            return service.outbox().claimDue(10, clock.instant(), Duration.ofSeconds(30));
        }
    }

    @Test
    void submit_fromSpanishProfilePage_recordsTheSpanishConsentText() {
        List<CallbackStore.Pending> pending = submitFrom("es", "es");
        assertEquals(1, pending.size());
        String payload = pending.get(0).payload();
        HelplineConfig config = HelplineConfig.fromProperties(Map.of("helpline.phone", "800-601-3889",
                "helpline.operator.name", "AAC", "helpline.profiles.es.paths", "/es/**", "helpline.profiles.es.locale", "es"));
        String spanish = config.texts(config.profileFor("/es/x"), "es").formConsentText();
        assertTrue(spanish.contains("AAC") && !spanish.startsWith("I agree"), spanish);
        assertTrue(payload.contains(spanish), payload);
        assertFalse(payload.contains("I agree that AAC may call me back"), payload);
    }

    /** Broke before: the token named no view, and the consent's language came from the request. */
    @Test
    void submit_spanishFormOfTheTopLevel_recordsTheSpanishTextWhateverTheRequestSays() {
        List<CallbackStore.Pending> pending = submitFrom(null, "es");
        String payload = pending.get(0).payload();
        assertTrue(payload.contains("Acepto que AAC"), payload);
        assertFalse(payload.contains("I agree that AAC"), payload);
    }

    @Test
    void submit_tokenWhoseConsentTextChangedSince_refusedAsExpired() {
        Map<String, String> base = Map.of("helpline.phone", "800-601-3889", "helpline.operator.name", "AAC",
                "helpline.callback.token.secret", "test-token-secret-test-token-secret",
                "helpline.callback.store.url", "jdbc:h2:mem:consent-changed;DB_CLOSE_DELAY=-1");
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
        String token;
        try (CallbackService before = TestCallbacks.start(HelplineConfig.fromProperties(base), clock, false)) {
            token = before.issueToken();
        }
        var changed = new java.util.HashMap<>(base);
        changed.put("helpline.form.consent-text", "I agree to be called by {operator}.");
        clock.advance(Duration.ofSeconds(30));
        try (CallbackService after = TestCallbacks.start(HelplineConfig.fromProperties(changed), clock, false)) {
            SubmissionOutcome o = after.submit(new Submission(Map.of("phone", "(212) 736-5021", "consent", "yes", "token", token),
                    "127.0.0.1", "", "test"));
            assertEquals(new SubmissionOutcome.TokenRejected(FormToken.Verdict.EXPIRED), o);
            assertEquals(0, after.outbox().counts().pending());
        }
    }

    @Test
    void submit_fromSitePage_recordsTheSiteLanguageConsentText() {
        List<CallbackStore.Pending> pending = submitFrom(null, null);
        assertTrue(pending.get(0).payload().contains("I agree that AAC may call me back"), pending.get(0).payload());
    }
}
