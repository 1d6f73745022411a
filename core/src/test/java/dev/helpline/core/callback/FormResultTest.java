package dev.helpline.core.callback;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FormResultTest {
    @Test
    void fromQuery_roundTripsErrors() {
        String q = FormResult.toQuery(List.of(FieldError.PHONE_INVALID, FieldError.CONSENT_REQUIRED));
        assertEquals("helpline=error&helpline-errors=phone.invalid,consent.required", q);
        FormResult r = FormResult.fromQuery("page=2&" + q);
        assertEquals(FormResult.Status.ERROR, r.status());
        assertEquals(Map.of("phone", FieldError.PHONE_INVALID.message(), "consent", FieldError.CONSENT_REQUIRED.message()),
                r.fieldErrors());
    }

    @Test
    void fromQuery_sent_success() {
        assertEquals(FormResult.SUCCESS, FormResult.fromQuery(FormResult.toQuery(List.of())));
    }

    @Test
    void fromQuery_absentOrOther_none() {
        assertEquals(FormResult.NONE, FormResult.fromQuery(null));
        assertEquals(FormResult.NONE, FormResult.fromQuery("a=b"));
        assertEquals(FormResult.NONE, FormResult.fromQuery("helpline=whatever"));
    }

    @Test
    void fromQuery_errorWithUnknownCodes_formError() {
        assertEquals(Map.of("form", FieldError.FORM_UNAVAILABLE.message()),
                FormResult.fromQuery("helpline=error&helpline-errors=%3Cscript%3E").fieldErrors());
    }

    @Test
    void code_roundTrips() {
        for (FieldError e : FieldError.values()) {
            assertEquals(e, FieldError.ofCode(e.code()));
        }
        assertEquals("form.too-fast", FieldError.FORM_TOO_FAST.code());
    }
}
