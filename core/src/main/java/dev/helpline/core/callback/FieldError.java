package dev.helpline.core.callback;

import dev.helpline.core.config.BuiltInTexts;

import java.util.Locale;

/**
 * Why a submitted field, or the form as a whole ({@code form}), was refused. The code is
 * what travels in the no-JavaScript redirect ({@code ?helpline=error&helpline-errors=phone.invalid}),
 * never the submitted value.
 */
public enum FieldError {
    PHONE_REQUIRED("phone", "Enter your phone number in this format: (###) ###-####."),
    PHONE_INVALID("phone", "Enter a valid 10-digit US or Canadian phone number, like (800) 601-3889."),
    PHONE_EXTENSION("phone", "Enter a number without an extension: we call back the number itself."),
    PHONE_NOT_CALLABLE("phone", "Enter a US or Canadian home, work, mobile or toll-free number. We cannot call"
            + " premium-rate numbers (900, 976) or numbers outside the US and Canada."),
    CONSENT_REQUIRED("consent", "Check the box to agree to be called back."),
    FORM_EXPIRED("form", "This form has expired. Please submit it again."),
    FORM_TOO_FAST("form", "Please check your number and submit the form again."),
    FORM_UNAVAILABLE("form", "We could not take your request just now. Please call us instead.");

    private final String field;
    private final String message;

    FieldError(String field, String message) {
        this.field = field;
        this.message = message;
    }

    /** The form field this error belongs to: {@code phone}, {@code consent} or {@code form}. */
    public String field() {
        return field;
    }

    /** The English message shown to the person. */
    public String message() {
        return message;
    }

    /**
     * The message in a language with built-in texts ({@code es}), else the English one.
     *
     * <pre>{@code
     * FieldError.PHONE_INVALID.message("es"); // "Escriba un número de teléfono válido…"
     * }</pre>
     */
    public String message(String language) {
        String m = language == null ? null : BuiltInTexts.get(language, "error." + code());
        return m != null && !language.equals(BuiltInTexts.ENGLISH) ? m : message;
    }

    /** {@code phone.invalid}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replaceFirst("_", ".").replace('_', '-');
    }

    /** The error with this code, or {@code null}. */
    public static FieldError ofCode(String code) {
        for (FieldError e : values()) {
            if (e.code().equals(code)) {
                return e;
            }
        }
        return null;
    }
}
