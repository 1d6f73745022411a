package dev.helpline.core.callback;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Signs and verifies webhooks as the
 * <a href="https://www.standardwebhooks.com/">Standard Webhooks</a> specification says:
 * {@code webhook-signature: v1,<base64(HMAC-SHA256(key, id + "." + timestamp + "." + body))>},
 * the key being the base64 part of a {@code whsec_…} secret.
 *
 * <pre>{@code
 * WebhookSigner s = new WebhookSigner("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
 * String sig = s.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}");
 * s.verify("msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", body, sig, now, Duration.ofMinutes(5));
 * }</pre>
 *
 * <p>Immutable and thread safe.
 */
public final class WebhookSigner {
    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";

    private final SecretKeySpec key;

    /**
     * @param whsecSecret {@code whsec_} followed by the base64 key
     * @throws IllegalArgumentException if the secret has another form
     */
    public WebhookSigner(String whsecSecret) {
        if (whsecSecret == null || !whsecSecret.startsWith("whsec_")) {
            throw new IllegalArgumentException("the webhook secret must start with whsec_");
        }
        byte[] k = Base64.getDecoder().decode(whsecSecret.substring("whsec_".length()));
        this.key = new SecretKeySpec(k, "HmacSHA256");
    }

    /** {@code v1,<base64 signature>} for this message. */
    public String sign(String msgId, long timestampSeconds, String body) {
        return "v1," + Base64.getEncoder().encodeToString(mac(msgId + "." + timestampSeconds + "." + body));
    }

    /**
     * Whether any {@code v1} signature in the (space-separated) header matches, and the
     * timestamp is within {@code tolerance} of {@code now}.
     */
    public boolean verify(String msgId, String timestamp, String body, String signatureHeader, Instant now,
                          Duration tolerance) {
        if (msgId == null || timestamp == null || body == null || signatureHeader == null) {
            return false;
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - ts) > tolerance.getSeconds()) {
            return false;
        }
        byte[] expected = mac(msgId + "." + ts + "." + body);
        for (String part : signatureHeader.trim().split(" +")) {
            int comma = part.indexOf(',');
            if (comma < 0 || !part.substring(0, comma).equals("v1")) {
                continue;
            }
            try {
                if (MessageDigest.isEqual(expected, Base64.getDecoder().decode(part.substring(comma + 1)))) {
                    return true;
                }
            } catch (IllegalArgumentException e) {
                // not base64: not a match
            }
        }
        return false;
    }

    private byte[] mac(String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
