package dev.helpline.core.callback;

import dev.helpline.core.phone.PhoneNumber;

import java.time.Instant;
import java.util.Objects;

/**
 * One validated callback request, as stored in the outbox and delivered to the operator.
 *
 * <p>{@link #toString()} masks the number: the value may be logged.
 *
 * @param id         the delivery id ({@code msg_…}), stable across retries: the webhook-id
 * @param phone      the number to call back
 * @param receivedAt when the server accepted it
 * @param consent    what the person agreed to, and when
 * @param pageUrl    the page the form was on ("" when unknown)
 * @param userAgent  the browser's user agent ("" when unknown)
 */
public record CallbackRequest(String id, PhoneNumber phone, Instant receivedAt, Consent consent, String pageUrl,
                              String userAgent) {
    public CallbackRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(consent, "consent");
        Objects.requireNonNull(pageUrl, "pageUrl");
        Objects.requireNonNull(userAgent, "userAgent");
    }

    /**
     * The consent record kept with each request.
     *
     * @param given          whether the consent box was checked
     * @param at             when it was given (the submission time)
     * @param text           the consent text shown beside the box
     * @param textHash       SHA-256 (hex) of that text: its version
     * @param disclosureHash SHA-256 (hex) of the disclosure shown on the page: its version
     */
    public record Consent(boolean given, Instant at, String text, String textHash, String disclosureHash) {
        public Consent {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(textHash, "textHash");
            Objects.requireNonNull(disclosureHash, "disclosureHash");
        }
    }
}
