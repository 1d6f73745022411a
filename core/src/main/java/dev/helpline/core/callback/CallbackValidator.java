package dev.helpline.core.callback;

import dev.helpline.core.phone.PhoneNumber;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns submitted form fields into a {@link CallbackRequest}, or into the list of what is
 * wrong. Field names are the form's: {@code phone}, {@code consent} ({@code yes} when checked).
 *
 * <pre>{@code
 * var v = new CallbackValidator(true, consentText, consentHash, disclosureHash);
 * v.validate(Map.of("phone", "800.601.3889", "consent", "yes"), "https://site/p", "UA", now)
 *  // Valid[request=CallbackRequest[… phone=PhoneNumber[********89] …]]
 * }</pre>
 *
 * <p>Immutable and thread safe. Error messages never repeat the submitted value.
 */
public final class CallbackValidator {
    static final int MAX_PAGE_URL = 2048;
    static final int MAX_USER_AGENT = 512;
    private static final Set<String> CHECKED = Set.of("yes", "on", "true", "1");

    private final boolean consentRequired;
    private final String consentText;
    private final String consentHash;
    private final String disclosureHash;

    public CallbackValidator(boolean consentRequired, String consentText, String consentHash, String disclosureHash) {
        this.consentRequired = consentRequired;
        this.consentText = Objects.requireNonNull(consentText, "consentText");
        this.consentHash = Objects.requireNonNull(consentHash, "consentHash");
        this.disclosureHash = Objects.requireNonNull(disclosureHash, "disclosureHash");
    }

    /** The SHA-256 (hex) of the consent text this validator records. */
    public String consentHash() {
        return consentHash;
    }

    /** The outcome of {@link #validate}. */
    public sealed interface Result permits Valid, Invalid {
    }

    public record Valid(CallbackRequest request) implements Result {
    }

    /** @param errors at least one; at most one per field */
    public record Invalid(List<FieldError> errors) implements Result {
        public Invalid {
            errors = List.copyOf(errors);
        }
    }

    /**
     * Validates the fields of one submission received at {@code now}. The page URL and user
     * agent are cut to {@value #MAX_PAGE_URL} and {@value #MAX_USER_AGENT} characters.
     */
    public Result validate(Map<String, String> fields, String pageUrl, String userAgent, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        String phoneText = fields.getOrDefault("phone", "");
        PhoneNumber phone = null;
        if (phoneText == null || phoneText.isBlank()) {
            errors.add(FieldError.PHONE_REQUIRED);
        } else {
            FieldError notCallable = CallableNumbers.check(phoneText.strip());
            phone = notCallable == null ? PhoneNumber.tryParse(phoneText.strip()) : null;
            if (notCallable != null) {
                errors.add(notCallable);
            } else if (phone == null) {
                errors.add(FieldError.PHONE_INVALID);
            }
        }
        String consentValue = fields.get("consent");
        boolean given = consentValue != null && CHECKED.contains(consentValue.strip().toLowerCase(java.util.Locale.ROOT));
        if (consentRequired && !given) {
            errors.add(FieldError.CONSENT_REQUIRED);
        }
        if (!errors.isEmpty()) {
            return new Invalid(errors);
        }
        var consent = new CallbackRequest.Consent(given, now, consentText, consentHash, disclosureHash);
        return new Valid(new CallbackRequest(Ids.newMessageId(), phone, now, consent,
                cut(pageUrl, MAX_PAGE_URL), cut(userAgent, MAX_USER_AGENT)));
    }

    private static String cut(String s, int max) {
        if (s == null) {
            return "";
        }
        String t = s.strip();
        return t.length() <= max ? t : t.substring(0, max);
    }
}
