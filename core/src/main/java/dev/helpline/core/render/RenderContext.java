package dev.helpline.core.render;

import java.util.Objects;

/**
 * The values that differ from one response to the next; everything else in the widget is
 * rendered once. See {@link Widget#bodyStart(RenderContext)}.
 *
 * <pre>{@code
 * widget.bodyStart(new RenderContext(cspNonce, tokens.issue(session), FormState.NONE));
 * }</pre>
 *
 * @param nonce     the response's CSP nonce, put on the {@code <link>} and {@code <script>}
 *                  tags; {@code null} or empty leaves the attribute out
 * @param formToken the signed form token for the hidden {@code token} field; {@code null}
 *                  leaves the field out
 * @param formState the outcome to show in the form; {@code null} means {@link FormState#NONE}
 * @param open      whether the phone line is answered now: outside the hours the banner
 *                  offers the callback form instead of the call
 */
public record RenderContext(String nonce, String formToken, FormState formState, boolean open) {
    /** No nonce, no token, no form outcome, line open. */
    public static final RenderContext NONE = new RenderContext(null, null, FormState.NONE);

    public RenderContext {
        formState = Objects.requireNonNullElse(formState, FormState.NONE);
    }

    /** A context with the line open. */
    public RenderContext(String nonce, String formToken, FormState formState) {
        this(nonce, formToken, formState, true);
    }

    /** This context with the line open or closed. */
    public RenderContext withOpen(boolean isOpen) {
        return new RenderContext(nonce, formToken, formState, isOpen);
    }
}
