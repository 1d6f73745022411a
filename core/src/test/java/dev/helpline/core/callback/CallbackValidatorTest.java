package dev.helpline.core.callback;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallbackValidatorTest {
    private final CallbackValidator required = new CallbackValidator(true, "I agree", "h1", "h2");
    private final CallbackValidator optional = new CallbackValidator(false, "I agree", "h1", "h2");
    private final Instant now = Instant.parse("2025-01-01T10:00:00Z");

    @ParameterizedTest
    @ValueSource(strings = {"(212) 736-1842", "212-736-1842", "212.736.1842", "2127361842", "1-212-736-1842",
            "+1 212 736 1842", " 212 736 1842 "})
    void validate_commonTypedForms_normalizedToE164(String typed) {
        var r = required.validate(Map.of("phone", typed, "consent", "yes"), "https://site.example/a", "UA", now);
        CallbackRequest req = assertInstanceOf(CallbackValidator.Valid.class, r).request();
        assertEquals("+12127361842", req.phone().e164());
        assertTrue(req.id().startsWith("msg_"));
        assertTrue(req.consent().given());
        assertEquals("I agree", req.consent().text());
        assertEquals(now, req.consent().at());
        assertEquals("https://site.example/a", req.pageUrl());
    }

    @ParameterizedTest
    @ValueSource(strings = {"123", "555-555-5555x", "(012) 345-6789", "abcdefghij", "212-736-18421"})
    void validate_notNanp_phoneInvalid(String typed) {
        var r = required.validate(Map.of("phone", typed, "consent", "yes"), "", "", now);
        assertEquals(List.of(FieldError.PHONE_INVALID), assertInstanceOf(CallbackValidator.Invalid.class, r).errors());
    }

    @Test
    void validate_emptyPhoneNoConsent_bothFieldsNamed() {
        var r = required.validate(Map.of("phone", " "), "", "", now);
        assertEquals(List.of(FieldError.PHONE_REQUIRED, FieldError.CONSENT_REQUIRED),
                assertInstanceOf(CallbackValidator.Invalid.class, r).errors());
    }

    @Test
    void validate_consentNotRequired_acceptedWithoutIt() {
        var r = optional.validate(Map.of("phone", "212-736-1842"), "", "", now);
        assertFalse(assertInstanceOf(CallbackValidator.Valid.class, r).request().consent().given());
    }

    @Test
    void validate_longPageUrlAndAgent_cut() {
        var r = required.validate(Map.of("phone", "212-736-1842", "consent", "yes"), "x".repeat(5000), "y".repeat(5000), now);
        CallbackRequest req = assertInstanceOf(CallbackValidator.Valid.class, r).request();
        assertEquals(CallbackValidator.MAX_PAGE_URL, req.pageUrl().length());
        assertEquals(CallbackValidator.MAX_USER_AGENT, req.userAgent().length());
    }

    @Test
    void toString_masksNumber() {
        var r = required.validate(Map.of("phone", "212-736-1842", "consent", "yes"), "", "", now);
        String s = ((CallbackValidator.Valid) r).request().toString();
        assertFalse(s.contains("7361842"), s);
        assertTrue(s.contains("********42"), s);
    }
}
