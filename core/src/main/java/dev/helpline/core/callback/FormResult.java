package dev.helpline.core.callback;

import dev.helpline.core.config.BuiltInTexts;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What the form should show after a submission without JavaScript (post/redirect/get):
 * the endpoint answers {@code 303} to the page with a short status in the query string,
 * and the page's render reads it back with {@link #fromQuery(String)}. The phone number
 * never travels in the URL.
 *
 * <pre>{@code
 * FormResult.fromQuery("helpline=error&helpline-errors=phone.invalid")
 *     // ERROR, {phone=Enter a valid 10-digit …}
 * FormResult.fromQuery("a=1&helpline=sent")  // SUCCESS, {}
 * FormResult.fromQuery(null)                 // NONE, {}
 * }</pre>
 *
 * @param status      what happened
 * @param fieldErrors field name ({@code phone}, {@code consent}, or {@code form} for the
 *                    form as a whole) to the message to show; empty unless ERROR
 */
public record FormResult(Status status, Map<String, String> fieldErrors) {
    /** Query parameter holding the status. */
    public static final String PARAM = "helpline";
    /** Query parameter holding the comma-separated error codes. */
    public static final String ERRORS_PARAM = "helpline-errors";

    public enum Status { NONE, SUCCESS, ERROR }

    public static final FormResult NONE = new FormResult(Status.NONE, Map.of());
    public static final FormResult SUCCESS = new FormResult(Status.SUCCESS, Map.of());

    public FormResult {
        Objects.requireNonNull(status, "status");
        fieldErrors = Map.copyOf(fieldErrors);
    }

    /** An error result for these errors (the first error per field wins). */
    public static FormResult of(Collection<FieldError> errors) {
        return of(errors, BuiltInTexts.ENGLISH);
    }

    /** {@link #of(Collection)} with the messages in a language ({@link FieldError#message(String)}). */
    public static FormResult of(Collection<FieldError> errors, String language) {
        Map<String, String> m = new LinkedHashMap<>();
        errors.forEach(e -> m.putIfAbsent(e.field(), e.message(language)));
        return new FormResult(Status.ERROR, m);
    }

    /**
     * Reads the result from a raw query string ({@code null} or without our parameters:
     * {@link #NONE}). Unknown codes are ignored; an error without a known code is a form error.
     */
    public static FormResult fromQuery(String queryString) {
        return fromQuery(queryString, BuiltInTexts.ENGLISH);
    }

    /** {@link #fromQuery(String)} with the messages in a language ({@code es}). */
    public static FormResult fromQuery(String queryString, String language) {
        if (queryString == null || queryString.isEmpty()) {
            return NONE;
        }
        String status = null;
        String codes = "";
        for (String pair : queryString.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            if (name.equals(PARAM)) {
                status = value;
            } else if (name.equals(ERRORS_PARAM)) {
                codes = value.replace("%2C", ",").replace("%2c", ",");
            }
        }
        if ("sent".equals(status)) {
            return SUCCESS;
        }
        if (!"error".equals(status)) {
            return NONE;
        }
        var errors = java.util.Arrays.stream(codes.split(","))
                .map(FieldError::ofCode).filter(Objects::nonNull).toList();
        return of(errors.isEmpty() ? java.util.List.of(FieldError.FORM_UNAVAILABLE) : errors, language);
    }

    /** The query parameters that {@link #fromQuery} reads back, for these errors ({@code helpline=sent} when empty). */
    public static String toQuery(Collection<FieldError> errors) {
        if (errors.isEmpty()) {
            return PARAM + "=sent";
        }
        return PARAM + "=error&" + ERRORS_PARAM + "="
                + errors.stream().map(FieldError::code).distinct().collect(Collectors.joining(","));
    }
}
