package dev.helpline.core.callback;

import java.time.Duration;
import java.util.List;

/**
 * What became of a form submission (a callback request, or a stop request through
 * {@link CallbackService#revokeAdmitted}); the HTTP side maps each to an answer. Not to be
 * confused with {@code dev.helpline.core.html.Outcome}, what the rewriter did with a page.
 */
public sealed interface SubmissionOutcome {

    /** Stored durably (committed); delivery follows. Answer 202 / 303 {@code helpline=sent}. */
    record Accepted(String id) implements SubmissionOutcome {
    }

    /** The honeypot was filled: answer exactly as {@link Accepted}, but nothing was stored. */
    record Spam() implements SubmissionOutcome {
    }

    /**
     * The number already asked for as many calls as the per-number limit allows: answer
     * exactly as {@link Accepted}, and nothing more is stored. A different answer would tell
     * anyone who types a number in whether that person asked this helpline for a call.
     */
    record PhoneLimited() implements SubmissionOutcome {
    }

    /**
     * The form token was missing, forged, expired or too fresh. MISSING and FORGED are
     * refused (403); EXPIRED and TOO_FAST are shown as a form error with a fresh form.
     */
    record TokenRejected(FormToken.Verdict verdict) implements SubmissionOutcome {
        /** The error to show for EXPIRED or TOO_FAST; {@code null} for a refusal. */
        public FieldError formError() {
            return switch (verdict) {
                case EXPIRED -> FieldError.FORM_EXPIRED;
                case TOO_FAST -> FieldError.FORM_TOO_FAST;
                default -> null;
            };
        }
    }

    /** Fields failed validation (422). */
    record Invalid(List<FieldError> errors) implements SubmissionOutcome {
        public Invalid {
            errors = List.copyOf(errors);
        }
    }

    /** Too many submissions from this client (429 with Retry-After). */
    record RateLimited(Duration retryAfter) implements SubmissionOutcome {
    }

    /** The store could not commit: nothing was accepted (503). */
    record Unavailable() implements SubmissionOutcome {
    }
}
