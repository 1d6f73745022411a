package dev.helpline.core.render;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of a callback request that a page shows without JavaScript, after the form
 * posted normally and the server answered with a page (or a redirect to one).
 *
 * <pre>{@code
 * FormState.error(Map.of("phone", "Enter a 10-digit number."));
 * FormState.SUCCESS;
 * }</pre>
 *
 * <p>Field names the form has an input for ({@code phone}, and {@code consent} when the
 * checkbox is shown) get their message next to the input; any other name (e.g.
 * {@code token}) is shown in the form's status region. Messages are text, escaped when the
 * page is assembled. Immutable; iteration order of the messages is kept.
 *
 * @param status      whether the last request succeeded, failed, or there was none
 * @param fieldErrors messages by field name; empty unless {@code status} is {@code ERROR}
 */
public record FormState(Status status, Map<String, String> fieldErrors) {
    /** No request was made: the form is shown closed and empty. */
    public static final FormState NONE = new FormState(Status.NONE, Map.of());
    /** The request was accepted: the panel is open and shows the success text. */
    public static final FormState SUCCESS = new FormState(Status.SUCCESS, Map.of());

    /** What happened to the last callback request. */
    public enum Status { NONE, SUCCESS, ERROR }

    /**
     * @throws IllegalArgumentException if messages are given with a status other than ERROR
     * @throws NullPointerException     if the status, a name or a message is null
     */
    public FormState {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(fieldErrors, "fieldErrors");
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        fieldErrors.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "field name"), Objects.requireNonNull(v, "message")));
        if (status != Status.ERROR && !copy.isEmpty()) {
            throw new IllegalArgumentException("field errors need status ERROR, not " + status);
        }
        fieldErrors = Collections.unmodifiableMap(copy);
    }

    /** A failed request with its messages by field name. */
    public static FormState error(Map<String, String> fieldErrors) {
        return new FormState(Status.ERROR, fieldErrors);
    }
}
